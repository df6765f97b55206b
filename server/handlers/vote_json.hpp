#pragma once
// JSON of votes, positions and caveats: shared by their handlers, the milestone item view and
// the dashboard.
#include <nlohmann/json.hpp>

#include "domain/core/date.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"

namespace incommon::http {

using json = nlohmann::json;

json vote_json(const Vote& v);
json position_json(const Position& p);
// `overdue` relative to `as_of`.
json caveat_json(const Caveat& c, const Date& as_of);

}  // namespace incommon::http
