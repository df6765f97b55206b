#include "server/handlers/vote_json.hpp"

#include <cmath>

#include "server/handlers/common.hpp"

namespace incommon::http {

json vote_json(const Vote& v) {
  const auto share = turnout(v);
  return with_meta(
      v.meta,
      {{"body_id", v.body_id},
       {"motion", v.motion},
       {"kind", to_string(v.kind)},
       {"subject_organisation_ids", v.subject_organisation_ids},
       {"prompted_by_id", opt(v.prompted_by_id)},
       {"opened_on", v.opened_on.to_string()},
       {"closed_on", opt(v.closed_on)},
       {"status", to_string(v.status)},
       {"threshold", to_string(v.threshold)},
       {"votes_for", opt(v.tallies.votes_for)},
       {"votes_against", opt(v.tallies.votes_against)},
       {"votes_abstained", opt(v.tallies.votes_abstained)},
       {"eligible", opt(v.eligible)},
       {"turnout", share ? json(std::round(*share * 1000.0) / 10.0) : json(nullptr)},  // a percentage, as everywhere
       {"declared_outcome", v.declared_outcome ? json(to_string(*v.declared_outcome)) : json(nullptr)},
       {"outcome", to_string(v.outcome)},
       {"withdrawn_reason", opt(v.withdrawn_reason)}});
}

json position_json(const Position& p) {
  return with_meta(p.meta, {{"vote_id", p.vote_id},
                            {"organisation_id", p.organisation_id},
                            {"position", to_string(p.position)},
                            {"stated_on", p.stated_on.to_string()},
                            {"note", opt(p.note)}});
}

json caveat_json(const Caveat& c, const Date& as_of) {
  return with_meta(c.meta, {{"vote_id", c.vote_id},
                            {"text", c.text},
                            {"added_on", c.added_on.to_string()},
                            {"status", to_string(c.status)},
                            {"owner_organisation_id", opt(c.owner_organisation_id)},
                            {"due_on", opt(c.due_on)},
                            {"milestone_ids", c.milestone_ids},
                            {"evidence", opt(c.evidence)},
                            {"overdue", caveat_overdue(c, as_of)}});
}

}  // namespace incommon::http
