#include "domain/votes/vote.hpp"

#include <set>

#include "domain/core/text.hpp"

namespace incommon {

namespace {

// The share a threshold needs, as numerator / denominator.
std::pair<std::int64_t, std::int64_t> share_of(Threshold t) {
  return t == Threshold::two_thirds ? std::pair<std::int64_t, std::int64_t>{2, 3}
                                    : std::pair<std::int64_t, std::int64_t>{1, 2};
}

std::string describe(const Vote& v) {
  std::string out = std::to_string(v.tallies.votes_for.value_or(0)) + " for";
  if (v.tallies.votes_against) out += ", " + std::to_string(*v.tallies.votes_against) + " against";
  return out + " under " + std::string(to_string(v.threshold));
}

}  // namespace

bool threshold_met(Threshold t, std::int64_t votes_for, std::int64_t votes_against) {
  const auto [num, den] = share_of(t);
  return votes_for * den > num * (votes_for + votes_against);
}

std::optional<double> turnout(const Vote& v) {
  if (!v.eligible || *v.eligible <= 0 || !v.tallies.votes_for || !v.tallies.votes_against) return std::nullopt;
  const auto cast = *v.tallies.votes_for + *v.tallies.votes_against + v.tallies.votes_abstained.value_or(0);
  return static_cast<double>(cast) / static_cast<double>(*v.eligible);
}

Result<VoteOutcome> settle_outcome(const Vote& v) {
  if (v.status == VoteStatus::open) return VoteOutcome::pending;
  if (v.status == VoteStatus::withdrawn) return VoteOutcome::withdrawn;
  const auto& t = v.tallies;
  std::optional<VoteOutcome> known;
  if (t.votes_for && t.votes_against) {
    known = threshold_met(v.threshold, *t.votes_for, *t.votes_against) ? VoteOutcome::carried : VoteOutcome::defeated;
  } else if (t.votes_for && v.eligible) {
    // More for than the share of the whole electorate carries it however the rest voted.
    const auto [num, den] = share_of(v.threshold);
    if (*t.votes_for * den > num * *v.eligible) known = VoteOutcome::carried;
  }
  if (known && v.declared_outcome && *known != *v.declared_outcome)
    return fail(Error::rule("declared_outcome", "the tallies (" + describe(v) + ") give " +
                                                    std::string(to_string(*known)) + ", not " +
                                                    std::string(to_string(*v.declared_outcome))));
  if (t.votes_for && t.votes_against) return *known;
  if (v.declared_outcome) return *v.declared_outcome;
  return fail(Error::rule("votes_for", "closing needs votes_for and votes_against, or a declared_outcome"));
}

Vote vote_as_of(const Vote& v, const Date& as_of) {
  if (!v.closed_on || !(as_of < *v.closed_on)) return v;
  Vote then = v;
  then.status = VoteStatus::open;
  then.outcome = VoteOutcome::pending;
  then.closed_on.reset();
  then.tallies = {};
  then.declared_outcome.reset();
  then.withdrawn_reason.reset();
  return then;
}

Status validate(const Vote& v) {
  Violations x;
  check_text(x, "motion", v.motion, 2000);
  for (auto [name, n] :
       {std::pair{"votes_for", v.tallies.votes_for}, std::pair{"votes_against", v.tallies.votes_against},
        std::pair{"votes_abstained", v.tallies.votes_abstained}, std::pair{"eligible", v.eligible}})
    if (n && (*n < 0 || *n > 10'000'000)) x.add(name, std::string(name) + " must be from 0 to 10000000");
  if (v.eligible) {
    const auto cast =
        v.tallies.votes_for.value_or(0) + v.tallies.votes_against.value_or(0) + v.tallies.votes_abstained.value_or(0);
    if (cast > *v.eligible)
      x.add("eligible",
            "votes cast (" + std::to_string(cast) + ") exceed the electorate (" + std::to_string(*v.eligible) + ")");
  }
  if (v.closed_on && *v.closed_on < v.opened_on) x.add("closed_on", "closed_on must not be before opened_on");
  if (v.declared_outcome && *v.declared_outcome != VoteOutcome::carried && *v.declared_outcome != VoteOutcome::defeated)
    x.add("declared_outcome", "declared_outcome must be carried or defeated");
  if (v.prompted_by_id && !v.meta.id.empty() && *v.prompted_by_id == v.meta.id)
    x.add("prompted_by_id", "a vote cannot prompt itself");
  const std::set<std::string> subjects(v.subject_organisation_ids.begin(), v.subject_organisation_ids.end());
  if (subjects.size() != v.subject_organisation_ids.size())
    x.add("subject_organisation_ids", "subject_organisation_ids lists an organisation twice");
  if (v.withdrawn_reason) check_length(x, "reason", *v.withdrawn_reason, 2000);
  return x.result();
}

namespace {

// Bodies and subjects are organisations; the prompting vote exists and is not prompted,
// however far back, by this one.
Status check_references(VoteRepository& votes, const Vote& v) {
  if (auto ok = validate(v); !ok) return ok;
  Violations x;
  if (!votes.missing_organisations({v.body_id}).empty()) x.add("body_id", "body_id names no organisation");
  auto missing = votes.missing_organisations(v.subject_organisation_ids);
  if (!missing.empty())
    x.add("subject_organisation_ids", "subject_organisation_ids: " + missing.front() + " names no organisation");
  std::optional<std::string> at = v.prompted_by_id;
  for (int steps = 0; at && steps < 1000; ++steps) {
    auto earlier = votes.find(*at);
    if (!earlier) {
      x.add("prompted_by_id", "prompted_by_id names no vote");
      break;
    }
    if (!v.meta.id.empty() && earlier->prompted_by_id == v.meta.id) {
      x.add("prompted_by_id", "prompted_by_id would make a loop of votes prompting each other");
      break;
    }
    at = earlier->prompted_by_id;
  }
  return x.result();
}

Error not_open(const Vote& v, const std::string& what) {
  return Error::conflict("The vote is already " + std::string(to_string(v.status)) + " and cannot " + what + ".",
                         v.meta.id)
      .as(ProblemType::vote_not_open);
}

}  // namespace

Result<Vote> open_vote(VoteRepository& votes, Vote v) {
  v.status = VoteStatus::open;
  v.outcome = VoteOutcome::pending;
  if (auto ok = check_references(votes, v); !ok) return fail(ok.error());
  return votes.insert(v);
}

Result<Vote> change_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                         const Change<Vote>& change) {
  return change_record<Vote>(votes, "vote", id, expected_version, change,
                             [&](const Vote& before, Vote& next) -> Status {
                               // What closing and withdrawing set stays as they set it.
                               next.status = before.status;
                               next.closed_on = before.closed_on;
                               next.tallies = before.tallies;
                               next.declared_outcome = before.declared_outcome;
                               next.withdrawn_reason = before.withdrawn_reason;
                               if (auto ok = check_references(votes, next); !ok) return ok;
                               auto outcome = settle_outcome(next);
                               if (!outcome) return fail(outcome.error());
                               next.outcome = *outcome;
                               return {};
                             });
}

Result<Vote> close_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                        const Closing& closing) {
  auto v = votes.find_for_update(id);
  if (!v) return fail(Error::not_found("No vote has id " + id + "."));
  if (auto ok = check_version(*v, expected_version); !ok) return fail(ok.error());
  if (v->status != VoteStatus::open) return fail(not_open(*v, "be closed"));
  v->status = VoteStatus::closed;
  v->closed_on = closing.closed_on;
  v->tallies = closing.tallies;
  v->declared_outcome = closing.declared_outcome;
  if (auto ok = validate(*v); !ok) return fail(ok.error());
  auto outcome = settle_outcome(*v);
  if (!outcome) return fail(outcome.error());
  v->outcome = *outcome;
  return votes.save_as(*v, "close");
}

Result<Vote> withdraw_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                           const Date& on, const std::string& reason) {
  auto v = votes.find_for_update(id);
  if (!v) return fail(Error::not_found("No vote has id " + id + "."));
  if (auto ok = check_version(*v, expected_version); !ok) return fail(ok.error());
  if (v->status != VoteStatus::open) return fail(not_open(*v, "be withdrawn"));
  v->status = VoteStatus::withdrawn;
  v->closed_on = on;
  v->outcome = VoteOutcome::withdrawn;
  if (!reason.empty()) v->withdrawn_reason = reason;
  if (auto ok = validate(*v); !ok) return fail(ok.error());
  return votes.save_as(*v, "withdraw");
}

Result<Position> state_position(VoteRepository& votes, Position p, bool& replaced) {
  Violations x;
  if (p.note) check_length(x, "note", *p.note, 2000);
  if (auto ok = x.result(); !ok) return fail(ok.error());
  // Locking the vote serialises statements on it: one current position per body.
  if (!votes.find_for_update(p.vote_id)) return fail(Error::not_found("No vote has id " + p.vote_id + "."));
  if (!votes.missing_organisations({p.organisation_id}).empty())
    return fail(Error::rule("organisation_id", "organisation_id names no organisation"));
  auto current = votes.position_of(p.vote_id, p.organisation_id);
  replaced = current.has_value();
  if (!current) return votes.insert_position(p);
  p.meta = current->meta;
  return votes.save_position(p);
}

}  // namespace incommon
