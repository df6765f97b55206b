#pragma once
// The schedule rules of a merger programme, as pure functions: a milestone's status and
// finish as they stood on a date, its slippage and RAG with reasons, dependency cycles, and
// the critical path.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"

namespace incommon {

enum class MilestoneStatus { not_started, in_progress, blocked, complete, cancelled };
enum class Rag { green, amber, red };

template <>
struct EnumNames<MilestoneStatus> {
  static constexpr std::array<std::pair<MilestoneStatus, std::string_view>, 5> table{
      {{MilestoneStatus::not_started, "not_started"},
       {MilestoneStatus::in_progress, "in_progress"},
       {MilestoneStatus::blocked, "blocked"},
       {MilestoneStatus::complete, "complete"},
       {MilestoneStatus::cancelled, "cancelled"}}};
};
template <>
struct EnumNames<Rag> {
  static constexpr std::array<std::pair<Rag, std::string_view>, 3> table{
      {{Rag::green, "green"}, {Rag::amber, "amber"}, {Rag::red, "red"}}};
};

// What the rules need of a milestone.
struct ScheduleFacts {
  MilestoneStatus status = MilestoneStatus::not_started;
  Date baseline;
  std::optional<Date> forecast;  // none: the baseline still stands
  std::optional<Date> actual;    // the day it completed
};

// A milestone completed after `as_of` was still in progress then.
MilestoneStatus status_as_of(const ScheduleFacts& m, const Date& as_of);
// The forecast, or the baseline when there is none.
Date forecast_of(const ScheduleFacts& m);
// When it finished (complete as of the date) or is expected to finish.
Date finish_as_of(const ScheduleFacts& m, const Date& as_of);
// Forecast minus baseline, in days.
std::int64_t slippage_days(const ScheduleFacts& m);

struct RagReason {
  std::string code;  // blocked, past_forecast, after_programme_target, slipped, dependency_later
  std::string text;
};

struct RagAssessment {
  std::optional<Rag> rag;  // none for a milestone complete or cancelled as of the date
  std::vector<RagReason> reasons;
};

// red: blocked, or past forecast and not complete, or forecast after the programme target;
// amber: slipped, or a dependency forecast to finish after this forecast; else green.
// `dependencies` carry their keys for the reasons.
RagAssessment assess_rag(const ScheduleFacts& m, const std::vector<std::pair<std::string, ScheduleFacts>>& dependencies,
                         const std::optional<Date>& programme_target, const Date& as_of);

// A loop in "depends on" edges, as ids in dependency order with the first repeated last
// (a -> b -> c -> a), or none.
std::optional<std::vector<std::string>> find_dependency_cycle(
    const std::map<std::string, std::vector<std::string>>& depends_on);

struct CriticalPath {
  std::vector<std::string> chain;  // earliest first, ending with the milestone that finishes latest
  Date finish;
};

// The chain of dependencies that finishes latest, as of `as_of`. Cancelled milestones are
// left out. Ties go to the smaller id, so the answer is stable. Needs an acyclic graph.
std::optional<CriticalPath> critical_path(const std::map<std::string, ScheduleFacts>& milestones,
                                          const std::map<std::string, std::vector<std::string>>& depends_on,
                                          const Date& as_of);

}  // namespace incommon
