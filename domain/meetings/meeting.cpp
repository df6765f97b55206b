#include "domain/meetings/meeting.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "domain/core/text.hpp"

namespace incommon {

Status validate(Meeting& m) {
  Violations v;
  check_text(v, "title", m.title, 300);
  std::sort(m.organisation_ids.begin(), m.organisation_ids.end());
  m.organisation_ids.erase(std::unique(m.organisation_ids.begin(), m.organisation_ids.end()), m.organisation_ids.end());
  if (m.organisation_ids.empty())
    v.add("organisation_ids", "organisation_ids must name at least one participating body");
  if (m.kind == MeetingKind::governing_body_in_common && m.organisation_ids.size() < 2)
    v.add("organisation_ids", "a governing_body_in_common meeting needs at least two participating bodies");
  if (m.organisation_ids.size() > 100) v.add("organisation_ids", "organisation_ids may name at most 100 bodies");
  if (!(m.starts_at < m.ends_at)) v.add("ends_at", "ends_at must be after starts_at");
  if (m.location) check_length(v, "location", *m.location, 500);
  if (m.quorum < 1 || m.quorum > 1000) v.add("quorum", "quorum must be from 1 to 1000");
  return v.result();
}

std::optional<std::vector<int>> agenda_number_parts(const std::string& number) {
  std::vector<int> parts;
  std::size_t start = 0;
  if (number.empty() || number.size() > 20) return std::nullopt;
  while (start <= number.size()) {
    auto dot = number.find('.', start);
    if (dot == std::string::npos) dot = number.size();
    if (dot == start || dot - start > 4) return std::nullopt;
    int n = 0;
    for (std::size_t i = start; i < dot; ++i) {
      if (number[i] < '0' || number[i] > '9') return std::nullopt;
      n = n * 10 + (number[i] - '0');
    }
    parts.push_back(n);
    start = dot + 1;
  }
  return parts;
}

bool agenda_number_less(const std::string& a, const std::string& b) {
  auto pa = agenda_number_parts(a), pb = agenda_number_parts(b);
  if (pa && pb) return *pa < *pb;
  return a < b;
}

Status validate(const AgendaItem& item) {
  Violations v;
  if (!agenda_number_parts(item.number)) v.add("number", "number must be dot-separated whole numbers, e.g. 4 or 4.2");
  check_text(v, "title", item.title, 300);
  if (item.papers_url) {
    const auto& u = *item.papers_url;
    if (!(u.starts_with("https://") || u.starts_with("http://")) || u.size() > 2000 ||
        u.find_first_of(" \t\r\n") != std::string::npos)
      v.add("papers_url", "papers_url must be an http or https URL");
  }
  return v.result();
}

Status validate(const Declaration& d) {
  Violations v;
  check_text(v, "interest", d.interest, 2000);
  return v.result();
}

std::vector<BodyQuorum> compute_quorum(const Meeting& meeting, const std::vector<Attendance>& attendance,
                                       const std::vector<Declaration>& declarations,
                                       const std::optional<std::string>& agenda_item_id) {
  std::set<std::string> withdrawn;
  if (agenda_item_id)
    for (const auto& d : declarations)
      if (d.action == DeclarationAction::withdrew && d.agenda_item_id == agenda_item_id) withdrawn.insert(d.person_id);
  std::map<std::string, std::set<std::string>> present;  // body -> people
  for (const auto& a : attendance)
    if (a.status == AttendanceStatus::present && a.voting && !withdrawn.count(a.person_id))
      present[a.organisation_id].insert(a.person_id);
  std::vector<BodyQuorum> out;
  for (const auto& body : meeting.organisation_ids) {
    const int n = static_cast<int>(present[body].size());
    out.push_back({body, n, meeting.quorum, n >= meeting.quorum});
  }
  return out;
}

namespace {

// The sub-records' repositories in the shape change_record expects.
struct Items {
  MeetingRepository& r;
  std::optional<AgendaItem> find_for_update(const std::string& id) { return r.find_item(id, true); }
  Result<AgendaItem> save(const AgendaItem& i) { return r.save_item(i); }
};
struct Attendances {
  MeetingRepository& r;
  std::optional<Attendance> find_for_update(const std::string& id) { return r.find_attendance(id, true); }
  Result<Attendance> save(const Attendance& a) { return r.save_attendance(a); }
};
struct Declarations {
  MeetingRepository& r;
  std::optional<Declaration> find_for_update(const std::string& id) { return r.find_declaration(id, true); }
  Result<Declaration> save(const Declaration& d) { return r.save_declaration(d); }
};

Status check_bodies_exist(MeetingRepository& repo, const Meeting& m) {
  auto missing = repo.missing_organisations(m.organisation_ids);
  if (missing.empty()) return {};
  return fail(Error::rule("organisation_ids", "organisation_ids: " + missing.front() + " names no organisation"));
}

Status check_attendance(MeetingRepository& repo, const Attendance& a) {
  auto meeting = repo.find(a.meeting_id);
  if (!meeting) return fail(Error::not_found("No meeting has id " + a.meeting_id + "."));
  Violations v;
  if (!repo.person_exists(a.person_id)) v.add("person_id", "person_id names no person");
  if (std::find(meeting->organisation_ids.begin(), meeting->organisation_ids.end(), a.organisation_id) ==
      meeting->organisation_ids.end())
    v.add("organisation_id", "organisation_id must be one of the meeting's participating bodies");
  return v.result();
}

Status check_declaration(MeetingRepository& repo, const Declaration& d) {
  if (auto ok = validate(d); !ok) return ok;
  if (!repo.find(d.meeting_id)) return fail(Error::not_found("No meeting has id " + d.meeting_id + "."));
  Violations v;
  if (!repo.person_exists(d.person_id)) v.add("person_id", "person_id names no person");
  if (d.agenda_item_id) {
    auto item = repo.find_item(*d.agenda_item_id, false);
    if (!item || item->meeting_id != d.meeting_id)
      v.add("agenda_item_id", "agenda_item_id must be an item of this meeting");
  }
  return v.result();
}

Status same_meeting(const std::string& before, const std::string& after) {
  if (before == after) return {};
  return fail(Error::rule("meeting_id", "a record cannot move to another meeting"));
}

}  // namespace

Result<Meeting> schedule_meeting(MeetingRepository& repo, Meeting m) {
  if (auto ok = validate(m); !ok) return fail(ok.error());
  if (auto ok = check_bodies_exist(repo, m); !ok) return fail(ok.error());
  return repo.insert(m);
}

Result<Meeting> change_meeting(MeetingRepository& repo, const std::string& id,
                               std::optional<std::int64_t> expected_version, const Change<Meeting>& change) {
  return change_record<Meeting>(repo, "meeting", id, expected_version, change,
                                [&](const Meeting&, Meeting& next) -> Status {
                                  if (auto ok = validate(next); !ok) return ok;
                                  return check_bodies_exist(repo, next);
                                });
}

Result<AgendaItem> add_agenda_item(MeetingRepository& repo, AgendaItem item) {
  if (auto ok = validate(item); !ok) return fail(ok.error());
  if (!repo.find(item.meeting_id)) return fail(Error::not_found("No meeting has id " + item.meeting_id + "."));
  return repo.insert_item(item);
}

Result<AgendaItem> change_agenda_item(MeetingRepository& repo, const std::string& id,
                                      std::optional<std::int64_t> expected_version, const Change<AgendaItem>& change) {
  Items items{repo};
  return change_record<AgendaItem>(items, "agenda item", id, expected_version, change,
                                   [](const AgendaItem& before, AgendaItem& next) -> Status {
                                     if (auto ok = same_meeting(before.meeting_id, next.meeting_id); !ok) return ok;
                                     return validate(next);
                                   });
}

Result<Attendance> record_attendance(MeetingRepository& repo, Attendance a) {
  if (auto ok = check_attendance(repo, a); !ok) return fail(ok.error());
  return repo.insert_attendance(a);
}

Result<Attendance> change_attendance(MeetingRepository& repo, const std::string& id,
                                     std::optional<std::int64_t> expected_version, const Change<Attendance>& change) {
  Attendances attendances{repo};
  return change_record<Attendance>(attendances, "attendance record", id, expected_version, change,
                                   [&](const Attendance& before, Attendance& next) -> Status {
                                     if (auto ok = same_meeting(before.meeting_id, next.meeting_id); !ok) return ok;
                                     return check_attendance(repo, next);
                                   });
}

Result<Declaration> record_declaration(MeetingRepository& repo, Declaration d) {
  if (auto ok = check_declaration(repo, d); !ok) return fail(ok.error());
  return repo.insert_declaration(d);
}

Result<Declaration> change_declaration(MeetingRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Change<Declaration>& change) {
  Declarations declarations{repo};
  return change_record<Declaration>(declarations, "declaration", id, expected_version, change,
                                    [&](const Declaration& before, Declaration& next) -> Status {
                                      if (auto ok = same_meeting(before.meeting_id, next.meeting_id); !ok) return ok;
                                      return check_declaration(repo, next);
                                    });
}

Result<std::vector<BodyQuorum>> meeting_quorum(MeetingRepository& repo, const std::string& meeting_id,
                                               const std::optional<std::string>& agenda_item_id) {
  auto meeting = repo.find(meeting_id);
  if (!meeting) return fail(Error::not_found("No meeting has id " + meeting_id + "."));
  if (agenda_item_id) {
    auto item = repo.find_item(*agenda_item_id, false);
    if (!item || item->meeting_id != meeting_id)
      return fail(Error::rule("agenda_item_id", "agenda_item_id must be an item of this meeting"));
  }
  return compute_quorum(*meeting, repo.attendance_of(meeting_id, kWholeMeeting).items,
                        repo.declarations_of(meeting_id, kWholeMeeting).items, agenda_item_id);
}

}  // namespace incommon
