#include "persistence/meeting_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Meeting> kMeetings("meetings", {
                                               field("title", &Meeting::title),
                                               field("kind", &Meeting::kind),
                                               field("organisation_ids", &Meeting::organisation_ids),
                                               field("starts_at", &Meeting::starts_at),
                                               field("ends_at", &Meeting::ends_at),
                                               field("location", &Meeting::location),
                                               field("status", &Meeting::status),
                                               field("quorum", &Meeting::quorum),
                                           });

const Table<AgendaItem> kItems("agenda_items", {
                                                   fixed("meeting_id", &AgendaItem::meeting_id),
                                                   field("number", &AgendaItem::number),
                                                   field("title", &AgendaItem::title),
                                                   field("purpose", &AgendaItem::purpose),
                                                   field("papers_url", &AgendaItem::papers_url),
                                               });

const Table<Attendance> kAttendance("attendance", {
                                                      fixed("meeting_id", &Attendance::meeting_id),
                                                      field("person_id", &Attendance::person_id),
                                                      field("organisation_id", &Attendance::organisation_id),
                                                      field("status", &Attendance::status),
                                                      field("voting", &Attendance::voting),
                                                  });

const Table<Declaration> kDeclarations("declarations", {
                                                           fixed("meeting_id", &Declaration::meeting_id),
                                                           field("person_id", &Declaration::person_id),
                                                           field("agenda_item_id", &Declaration::agenda_item_id),
                                                           field("interest", &Declaration::interest),
                                                           field("action", &Declaration::action),
                                                       });

// Rows of one meeting's child table, oldest first, one page at a time.
template <class T>
Page<T> child_page(soci::session& s, const Table<T>& table, const std::string& meeting_id, const PageRequest& page) {
  Query q = table.select();
  q.sql(" WHERE ").sql(table.name()).sql(".meeting_id = CAST(").sql(q.bind(meeting_id)).sql(" AS uuid)");
  const std::string keys = table.name() + ".created_at, " + table.name() + ".id";
  if (page.after) append_after(q, keys, *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY ").sql(keys);
  return table.page(s, std::move(q), page, [](const T& x) {
    return std::vector<std::string>{x.meta.created_at, x.meta.id};
  });
}

}  // namespace

Result<Meeting> SqlMeetingRepository::insert(const Meeting& m) {
  return kMeetings.add(s_, m);
}

std::optional<Meeting> SqlMeetingRepository::find(const std::string& id) {
  return kMeetings.find(s_, id, false);
}
std::optional<Meeting> SqlMeetingRepository::find_for_update(const std::string& id) {
  return kMeetings.find(s_, id, true);
}

Page<Meeting> SqlMeetingRepository::list(const MeetingFilter& f, const PageRequest& page) {
  Query q = kMeetings.select();
  q.sql(" WHERE true");
  q.and_any_of("meetings.kind", f.kind);
  q.and_any_of("meetings.status", f.status);
  if (f.organisation_id)
    q.sql(" AND meetings.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (f.from) q.sql(" AND meetings.starts_at >= CAST(").sql(q.bind(f.from->to_string())).sql(" AS timestamptz)");
  if (f.to) q.sql(" AND meetings.starts_at < CAST(").sql(q.bind(f.to->to_string())).sql(" AS timestamptz)");
  if (page.after) append_after(q, "meetings.starts_at, meetings.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY meetings.starts_at, meetings.id");
  return kMeetings.page(s_, std::move(q), page, [](const Meeting& m) {
    return std::vector<std::string>{m.starts_at.to_string(), m.meta.id};
  });
}

Result<Meeting> SqlMeetingRepository::save(const Meeting& m) {
  return kMeetings.save(s_, m, "meeting");
}

std::vector<std::string> SqlMeetingRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

std::string SqlMeetingRepository::organisation_name(const std::string& id) {
  Query q("SELECT name FROM organisations WHERE id = CAST(");
  q.sql(q.bind(id)).sql(" AS uuid)");
  auto row = q.fetch_one(s_);
  return row ? row->text(0) : id;
}

bool SqlMeetingRepository::person_exists(const std::string& id) {
  return exists(s_, "people", id);
}

Result<AgendaItem> SqlMeetingRepository::insert_item(const AgendaItem& i) {
  return kItems.add(s_, i);
}

std::optional<AgendaItem> SqlMeetingRepository::find_item(const std::string& id, bool lock) {
  return kItems.find(s_, id, lock);
}

Page<AgendaItem> SqlMeetingRepository::items_of(const std::string& meeting_id, const PageRequest& page) {
  // Numbered as versions sort (2 < 4.2 < 10): the key is the number as an int array.
  Query q = kItems.select();
  q.sql(" WHERE agenda_items.meeting_id = CAST(").sql(q.bind(meeting_id)).sql(" AS uuid)");
  if (page.after) {
    q.sql(
        " AND (CAST(string_to_array(agenda_items.number, '.') AS int[]), agenda_items.id) > "
        "(CAST(string_to_array(CAST(");
    q.sql(q.bind(page.after->at(0)))
        .sql(" AS text), '.') AS int[]), CAST(")
        .sql(q.bind(page.after->at(1)))
        .sql(" AS uuid))");
  }
  q.sql(" ORDER BY CAST(string_to_array(agenda_items.number, '.') AS int[]), agenda_items.id");
  return kItems.page(s_, std::move(q), page, [](const AgendaItem& i) {
    return std::vector<std::string>{i.number, i.meta.id};
  });
}

Result<AgendaItem> SqlMeetingRepository::save_item(const AgendaItem& i) {
  return kItems.save(s_, i, "agenda item");
}

Result<Attendance> SqlMeetingRepository::insert_attendance(const Attendance& a) {
  return kAttendance.add(s_, a);
}

std::optional<Attendance> SqlMeetingRepository::find_attendance(const std::string& id, bool lock) {
  return kAttendance.find(s_, id, lock);
}

Page<Attendance> SqlMeetingRepository::attendance_of(const std::string& meeting_id, const PageRequest& page) {
  return child_page(s_, kAttendance, meeting_id, page);
}

Result<Attendance> SqlMeetingRepository::save_attendance(const Attendance& a) {
  return kAttendance.save(s_, a, "attendance record");
}

Result<Declaration> SqlMeetingRepository::insert_declaration(const Declaration& d) {
  return kDeclarations.add(s_, d);
}

std::optional<Declaration> SqlMeetingRepository::find_declaration(const std::string& id, bool lock) {
  return kDeclarations.find(s_, id, lock);
}

Page<Declaration> SqlMeetingRepository::declarations_of(const std::string& meeting_id, const PageRequest& page) {
  return child_page(s_, kDeclarations, meeting_id, page);
}

Result<Declaration> SqlMeetingRepository::save_declaration(const Declaration& d) {
  return kDeclarations.save(s_, d, "declaration");
}

}  // namespace incommon::db
