#include "domain/programmes/risk.hpp"

#include <set>

#include "domain/core/text.hpp"

namespace incommon {

Status validate(const Risk& r) {
  Violations v;
  check_text(v, "title", r.title, 300);
  if (r.description) check_length(v, "description", *r.description, 20000);
  if (r.owner) check_length(v, "owner", *r.owner, 200);
  if (r.mitigation) check_length(v, "mitigation", *r.mitigation, 20000);
  if (r.likelihood < 1 || r.likelihood > 5) v.add("likelihood", "likelihood must be from 1 to 5");
  if (r.impact < 1 || r.impact > 5) v.add("impact", "impact must be from 1 to 5");
  if (std::set<std::string>(r.milestone_ids.begin(), r.milestone_ids.end()).size() != r.milestone_ids.size())
    v.add("milestone_ids", "milestone_ids lists a milestone twice");
  if (r.milestone_ids.size() > 200) v.add("milestone_ids", "at most 200 milestones");
  return v.result();
}

std::optional<Risk> risk_as_of(const Risk& r, const Date& as_of) {
  if (as_of < r.raised_on) return std::nullopt;
  if (!r.closed_on || !(as_of < *r.closed_on)) return r;
  Risk then = r;
  then.status = RiskStatus::open;
  then.closed_on.reset();
  return then;
}

namespace {

Status settle_dates(Risk& r, const Date& today) {
  if (r.status == RiskStatus::closed && !r.closed_on) r.closed_on = today;
  if (r.status != RiskStatus::closed) r.closed_on.reset();
  Violations v;
  if (today < r.raised_on) v.add("raised_on", "raised_on " + r.raised_on.to_string() + " is after today");
  if (r.closed_on && today < *r.closed_on)
    v.add("closed_on", "closed_on " + r.closed_on->to_string() + " is after today");
  if (r.closed_on && *r.closed_on < r.raised_on) v.add("closed_on", "closed_on must not be before raised_on");
  return v.result();
}

Status check_links(MilestoneRepository& milestones, const Risk& r) {
  if (auto ok = validate(r); !ok) return ok;
  if (r.milestone_ids.empty()) return {};
  auto outside = milestones.outside_programme(r.programme_id, r.milestone_ids);
  if (!outside.empty())
    return fail(
        Error::rule("milestone_ids", "milestone_ids: " + outside.front() + " is not a milestone of this programme"));
  return {};
}

}  // namespace

Result<Risk> log_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones, Risk r,
                      const Date& today) {
  if (auto ok = settle_dates(r, today); !ok) return fail(ok.error());
  auto programme = programmes.find(r.programme_id);
  if (!programme) return fail(Error::not_found("No programme has id " + r.programme_id + "."));
  if (auto ok = check_programme_open(*programme); !ok) return fail(ok.error());
  if (auto ok = check_links(milestones, r); !ok) return fail(ok.error());
  return risks.insert(r);
}

Result<Risk> change_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones,
                         const std::string& id, std::optional<std::int64_t> expected_version,
                         const Change<Risk>& change, const Date& today) {
  return change_record<Risk>(risks, "risk", id, expected_version, change,
                             [&](const Risk& before, Risk& next) -> Status {
                               next.programme_id = before.programme_id;
                               if (auto ok = settle_dates(next, today); !ok) return ok;
                               if (auto programme = programmes.find(before.programme_id))
                                 if (auto ok = check_programme_open(*programme); !ok) return ok;
                               return check_links(milestones, next);
                             });
}

}  // namespace incommon
