#include "domain/programmes/schedule.hpp"

#include <algorithm>
#include <set>

namespace incommon {

MilestoneStatus status_as_of(const ScheduleFacts& m, const Date& as_of) {
  if (m.status == MilestoneStatus::complete && m.actual && as_of < *m.actual) return MilestoneStatus::in_progress;
  return m.status;
}

Date forecast_of(const ScheduleFacts& m) {
  return m.forecast.value_or(m.baseline);
}

Date finish_as_of(const ScheduleFacts& m, const Date& as_of) {
  if (status_as_of(m, as_of) == MilestoneStatus::complete && m.actual) return *m.actual;
  return forecast_of(m);
}

std::int64_t slippage_days(const ScheduleFacts& m) {
  return forecast_of(m) - m.baseline;
}

RagAssessment assess_rag(const ScheduleFacts& m, const std::vector<std::pair<std::string, ScheduleFacts>>& dependencies,
                         const std::optional<Date>& programme_target, const Date& as_of) {
  RagAssessment a;
  const auto status = status_as_of(m, as_of);
  if (status == MilestoneStatus::complete || status == MilestoneStatus::cancelled) return a;
  const Date forecast = forecast_of(m);
  std::vector<RagReason> red, amber;
  if (status == MilestoneStatus::blocked) red.push_back({"blocked", "blocked"});
  if (forecast < as_of)
    red.push_back({"past_forecast", "forecast " + forecast.to_string() + " has passed and it is not complete"});
  if (programme_target && *programme_target < forecast)
    red.push_back({"after_programme_target", "forecast " + forecast.to_string() + " is after the programme target " +
                                                 programme_target->to_string()});
  if (const auto slip = slippage_days(m); slip > 0)
    amber.push_back(
        {"slipped", "slipped " + std::to_string(slip) + " days from the baseline " + m.baseline.to_string()});
  for (const auto& [key, dep] : dependencies) {
    if (status_as_of(dep, as_of) == MilestoneStatus::cancelled) continue;
    const Date dep_finish = finish_as_of(dep, as_of);
    if (forecast < dep_finish)
      amber.push_back({"dependency_later", "depends on " + key + ", forecast to finish " + dep_finish.to_string()});
  }
  a.rag = !red.empty() ? Rag::red : !amber.empty() ? Rag::amber : Rag::green;
  a.reasons = std::move(red);
  a.reasons.insert(a.reasons.end(), amber.begin(), amber.end());
  return a;
}

std::optional<std::vector<std::string>> find_dependency_cycle(
    const std::map<std::string, std::vector<std::string>>& depends_on) {
  enum Mark { unseen, on_path, done };
  std::map<std::string, Mark> mark;
  for (const auto& [start, _] : depends_on) {
    if (mark[start] != unseen) continue;
    // Iterative depth-first search, keeping the current path to name the loop.
    std::vector<std::pair<std::string, std::size_t>> stack{{start, 0}};
    std::vector<std::string> path{start};
    mark[start] = on_path;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      auto it = depends_on.find(node);
      if (it == depends_on.end() || next >= it->second.size()) {
        mark[node] = done;
        stack.pop_back();
        path.pop_back();
        continue;
      }
      const std::string dep = it->second[next++];
      if (mark[dep] == on_path) {
        std::vector<std::string> loop(std::find(path.begin(), path.end(), dep), path.end());
        loop.push_back(dep);
        return loop;
      }
      if (mark[dep] == unseen) {
        mark[dep] = on_path;
        path.push_back(dep);
        stack.push_back({dep, 0});
      }
    }
  }
  return std::nullopt;
}

std::optional<CriticalPath> critical_path(const std::map<std::string, ScheduleFacts>& milestones,
                                          const std::map<std::string, std::vector<std::string>>& depends_on,
                                          const Date& as_of) {
  auto live = [&](const std::string& id) {
    auto it = milestones.find(id);
    return it != milestones.end() && status_as_of(it->second, as_of) != MilestoneStatus::cancelled;
  };
  std::optional<std::string> last;
  for (const auto& [id, m] : milestones) {
    if (!live(id)) continue;
    if (!last || finish_as_of(milestones.at(*last), as_of) < finish_as_of(m, as_of)) last = id;
  }
  if (!last) return std::nullopt;
  CriticalPath path{{*last}, finish_as_of(milestones.at(*last), as_of)};
  std::set<std::string> seen{*last};
  for (std::string at = *last;;) {
    auto deps = depends_on.find(at);
    if (deps == depends_on.end()) break;
    std::optional<std::string> latest;
    for (const auto& d : deps->second) {
      if (!live(d) || seen.count(d)) continue;
      if (!latest || finish_as_of(milestones.at(*latest), as_of) < finish_as_of(milestones.at(d), as_of) ||
          (finish_as_of(milestones.at(*latest), as_of) == finish_as_of(milestones.at(d), as_of) && d < *latest))
        latest = d;
    }
    if (!latest) break;
    path.chain.push_back(*latest);
    seen.insert(*latest);
    at = *latest;
  }
  std::reverse(path.chain.begin(), path.chain.end());
  return path;
}

}  // namespace incommon
