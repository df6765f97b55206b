#pragma once
// Milestone trend analysis: the forecast of each milestone as incommon held it at each
// reporting instant (transaction time), from each milestone's recorded states.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "domain/programmes/milestone.hpp"

namespace incommon {

// The step between reporting instants: an ISO 8601 duration of days, weeks or months
// ("P7D", "P2W", "P1M"); one unit only.
struct ReportingInterval {
  int days = 0;
  int months = 0;
  static std::optional<ReportingInterval> parse(std::string_view text);
  std::string to_string() const;
};

// from, from + every, ... up to and including `to` (and `to` itself when the steps miss it);
// a month step keeps the day of the month where it can (31 January, then 28 or 29 February).
// Refused past `max` instants.
Result<std::vector<Instant>> reporting_instants(const Instant& from, const Instant& to, const ReportingInterval& every,
                                                std::size_t max);

struct TrendLine {
  std::string id, key, title;
  // One per reporting instant: the state held then; none before the milestone was recorded.
  std::vector<std::optional<RecordedState>> points;
};

std::vector<TrendLine> trend_of(const std::vector<MilestoneTrack>& tracks, const std::vector<Instant>& instants);

}  // namespace incommon
