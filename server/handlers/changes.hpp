#pragma once
// The programme's changes between two instants, shared by GET .../changes and the highlight
// report: the window from the query, and the entries in it.
#include <optional>
#include <string>
#include <vector>

#include "domain/core/instant.hpp"
#include "domain/programmes/changes.hpp"
#include "server/http/context.hpp"
#include "server/http/query.hpp"

namespace incommon::db {
class Store;
}

namespace incommon::http {

struct ChangeWindowParams {
  std::optional<Instant> from, to;
  std::optional<std::string> since_meeting;
};
struct ChangeWindow {
  Instant from, to;
};

// ?from=&to= or ?since_meeting=&to= (read before the reader finishes).
ChangeWindowParams read_change_window(QueryReader& q);
// The window they name: since_meeting from the instant that meeting ended; `to` defaults to now.
Result<ChangeWindow> change_window(RequestContext& ctx, const ChangeWindowParams& p);

// The programme's milestones in this read, viewed as of `as_of`.
std::vector<MilestoneWithView> milestones_as_of(db::Store& store, const Programme& p, const Date& as_of);

// Every change in the window, oldest first (404 for an unknown programme).
Result<std::vector<ChangeEntry>> changes_between(RequestContext& ctx, const std::string& programme_id,
                                                 const ChangeWindow& w);

}  // namespace incommon::http
