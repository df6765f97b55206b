#include "domain/programmes/programme.hpp"

#include <algorithm>
#include <set>

#include "domain/core/text.hpp"

namespace incommon {

Status validate(const Programme& p) {
  Violations v;
  check_text(v, "name", p.name, 300);
  if (p.description) check_length(v, "description", *p.description, 20000);
  const bool closed = p.status == ProgrammeStatus::complete || p.status == ProgrammeStatus::abandoned;
  if (closed && !p.closed_on) v.add("closed_on", "closed_on is required once a programme is complete or abandoned");
  if (!closed && p.closed_on) v.add("closed_on", "closed_on is only for a complete or abandoned programme");
  if (std::set<std::string>(p.organisation_ids.begin(), p.organisation_ids.end()).size() != p.organisation_ids.size())
    v.add("organisation_ids", "organisation_ids lists an organisation twice");
  if (p.organisation_ids.size() > 100) v.add("organisation_ids", "at most 100 organisations");
  if (p.starts_on && *p.starts_on > p.target_date) v.add("starts_on", "starts_on must not be after target_date");
  if (p.starts_on && p.closed_on && *p.closed_on < *p.starts_on)
    v.add("closed_on", "closed_on must not be before starts_on");
  return v.result();
}

Status check_programme_open(ProgrammeStatus status, const std::optional<Date>& closed_on) {
  if (status != ProgrammeStatus::complete && status != ProgrammeStatus::abandoned) return {};
  return fail(Error::conflict("The programme is " + std::string(to_string(status)) +
                              (closed_on ? " (closed on " + closed_on->to_string() + ")" : std::string()) +
                              ": its milestones, risks and financial positions cannot change until it is reopened "
                              "(PATCH the programme with status active and closed_on null).")
                  .as(ProblemType::programme_closed));
}

Status check_done_on(const std::string& field, const Date& done_on, const std::optional<Date>& programme_starts_on,
                     const Date& today) {
  if (done_on > today)
    return fail(Error::rule(field, field + " " + done_on.to_string() + " is after today (" + today.to_string() +
                                       "): record it once it has happened, and move forecast_date meanwhile"));
  if (programme_starts_on && done_on < *programme_starts_on)
    return fail(Error::rule(field, field + " " + done_on.to_string() + " is before the programme began (" +
                                       programme_starts_on->to_string() + ")"));
  return {};
}

ProgrammeStatus programme_status_as_of(const Programme& p, const Date& as_of) {
  if (p.closed_on && as_of < *p.closed_on) return ProgrammeStatus::active;
  return p.status;
}

namespace {

Status check_references(ProgrammeRepository& repo, const Programme& p) {
  if (auto ok = validate(p); !ok) return ok;
  Violations v;
  auto missing = repo.missing_organisations(p.organisation_ids);
  if (!missing.empty()) v.add("organisation_ids", "organisation_ids: " + missing.front() + " names no organisation");
  if (p.successor_id && !repo.missing_organisations({*p.successor_id}).empty())
    v.add("successor_id", "successor_id names no organisation");
  return v.result();
}

}  // namespace

Result<Programme> create_programme(ProgrammeRepository& repo, Programme p) {
  if (auto ok = check_references(repo, p); !ok) return fail(ok.error());
  return repo.insert(p);
}

Result<Programme> change_programme(ProgrammeRepository& repo, const std::string& id,
                                   std::optional<std::int64_t> expected_version, const Change<Programme>& change) {
  return change_record<Programme>(repo, "programme", id, expected_version, change,
                                  [&](const Programme&, Programme& next) { return check_references(repo, next); });
}

}  // namespace incommon
