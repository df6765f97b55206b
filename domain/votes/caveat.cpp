#include "domain/votes/caveat.hpp"

#include <set>

#include "domain/core/text.hpp"

namespace incommon {

bool caveat_overdue(const Caveat& c, const Date& as_of) {
  return c.due_on && *c.due_on < as_of && c.status != CaveatStatus::met && c.status != CaveatStatus::withdrawn;
}

Status validate(const Caveat& c) {
  Violations v;
  check_text(v, "text", c.text, 2000);
  if (c.evidence) check_length(v, "evidence", *c.evidence, 20000);
  if (std::set<std::string>(c.milestone_ids.begin(), c.milestone_ids.end()).size() != c.milestone_ids.size())
    v.add("milestone_ids", "milestone_ids lists a milestone twice");
  if (c.milestone_ids.size() > 200) v.add("milestone_ids", "at most 200 milestones");
  return v.result();
}

namespace {

// Links name milestones and organisations; met needs evidence or every linked milestone complete.
Status check_caveat(CaveatRepository& caveats, const Caveat& c) {
  if (auto ok = validate(c); !ok) return ok;
  Violations v;
  auto missing = caveats.missing_milestones(c.milestone_ids);
  if (!missing.empty())
    v.add("milestone_ids", "milestone_ids: " + missing.front() + " names no milestone of any programme");
  if (c.owner_organisation_id && !caveats.missing_organisations({*c.owner_organisation_id}).empty())
    v.add("owner_organisation_id", "owner_organisation_id names no organisation");
  if (auto ok = v.result(); !ok) return ok;
  if (c.status == CaveatStatus::met && !(c.evidence && !c.evidence->empty())) {
    if (c.milestone_ids.empty())
      return fail(
          Error::rule("evidence", "a caveat is met only with evidence or with every linked milestone complete"));
    auto open = caveats.incomplete_milestones(c.milestone_ids);
    if (!open.empty())
      return fail(
          Error::rule("evidence", "a caveat is met only with evidence or with every linked milestone complete; " +
                                      open.front() + " is not complete"));
  }
  return {};
}

}  // namespace

Result<Caveat> add_caveat(CaveatRepository& caveats, VoteRepository& votes, Caveat c) {
  if (!votes.find(c.vote_id)) return fail(Error::not_found("No vote has id " + c.vote_id + "."));
  if (auto ok = check_caveat(caveats, c); !ok) return fail(ok.error());
  return caveats.insert(c);
}

Result<Caveat> change_caveat(CaveatRepository& caveats, const std::string& id,
                             std::optional<std::int64_t> expected_version, const Change<Caveat>& change) {
  return change_record<Caveat>(caveats, "caveat", id, expected_version, change,
                               [&](const Caveat& before, Caveat& next) {
                                 next.vote_id = before.vote_id;
                                 return check_caveat(caveats, next);
                               });
}

}  // namespace incommon
