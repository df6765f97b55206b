#include "domain/leadership/appointment.hpp"

#include <algorithm>

namespace incommon {

bool is_sole_office(OfficeRole role) {
  return role == OfficeRole::accountable_officer || role == OfficeRole::clinical_chair;
}

bool periods_overlap(const Date& a_start, const std::optional<Date>& a_end, const Date& b_start,
                     const std::optional<Date>& b_end) {
  const bool a_before_b = a_end && *a_end < b_start;
  const bool b_before_a = b_end && *b_end < a_start;
  return !a_before_b && !b_before_a;
}

Status validate(Appointment& a) {
  Violations v;
  std::sort(a.organisation_ids.begin(), a.organisation_ids.end());
  a.organisation_ids.erase(std::unique(a.organisation_ids.begin(), a.organisation_ids.end()), a.organisation_ids.end());
  if (a.organisation_ids.empty()) v.add("organisation_ids", "organisation_ids must name at least one organisation");
  if (a.organisation_ids.size() > 100) v.add("organisation_ids", "organisation_ids may name at most 100 organisations");
  if (a.ends_on && *a.ends_on < a.starts_on) v.add("ends_on", "ends_on must not be before starts_on");
  return v.result();
}

namespace {

// The rules that need the database: the person and organisations exist, no new office at a
// dissolved organisation, and one holder of a sole office at a time.
Status check_against_records(AppointmentRepository& repo, const Appointment& a, const Appointment* before) {
  Violations v;
  if (!repo.person_exists(a.person_id)) v.add("person_id", "person_id names no person");
  const auto facts = repo.organisations(a.organisation_ids);
  for (const auto& id : a.organisation_ids) {
    auto f = std::find_if(facts.begin(), facts.end(), [&](const OrganisationFacts& o) { return o.id == id; });
    if (f == facts.end()) {
      v.add("organisation_ids", "organisation_ids: " + id + " names no organisation");
      continue;
    }
    // Only a change of dates or organisations is held to this; an old appointment may still be edited.
    const bool dates_or_bodies_changed =
        !before || before->starts_on != a.starts_on || before->organisation_ids != a.organisation_ids;
    if (f->dissolved_on && a.starts_on > *f->dissolved_on && dates_or_bodies_changed)
      v.add("starts_on", f->name + " was dissolved on " + f->dissolved_on->to_string() +
                             " and takes no appointment starting after that");
  }
  if (auto ok = v.result(); !ok) return ok;
  if (!is_sole_office(a.role)) return {};
  repo.lock_offices(a.organisation_ids, a.role);
  auto clash = repo.clashes(a);
  if (clash.empty()) return {};
  const auto& other = clash.front();
  std::string where;
  for (const auto& id : other.organisation_ids)
    if (std::binary_search(a.organisation_ids.begin(), a.organisation_ids.end(), id)) {
      auto f = std::find_if(facts.begin(), facts.end(), [&](const OrganisationFacts& o) { return o.id == id; });
      where = f != facts.end() ? f->name : id;
      break;
    }
  return fail(Error::conflict("Appointment " + other.meta.id + " already holds " + std::string(to_string(a.role)) +
                                  " at " + where + " from " + other.starts_on.to_string() +
                                  (other.ends_on ? " to " + other.ends_on->to_string() : " (open-ended)") + ".",
                              other.meta.id, "starts_on")
                  .as(ProblemType::office_held));
}

}  // namespace

Result<Appointment> appoint(AppointmentRepository& repo, Appointment a) {
  if (auto ok = validate(a); !ok) return fail(ok.error());
  if (auto ok = check_against_records(repo, a, nullptr); !ok) return fail(ok.error());
  return repo.insert(a);
}

Result<Appointment> change_appointment(AppointmentRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Change<Appointment>& change) {
  return change_record<Appointment>(repo, "appointment", id, expected_version, change,
                                    [&](const Appointment& current, Appointment& next) -> Status {
                                      if (auto ok = validate(next); !ok) return ok;
                                      return check_against_records(repo, next, &current);
                                    });
}

}  // namespace incommon
