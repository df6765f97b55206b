#pragma once
// The two charts a board paper carries, drawn by the server as self-contained SVG (no scripts,
// no external fonts or images): the milestone trend analysis chart and the programme timeline.
// Both are laid out for A4 width: a 960-unit-wide viewBox with text at 13 units or more.
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/instant.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/trend.hpp"

namespace incommon::report {

// Reporting date across, forecast date up, one line per milestone, and the diagonal where a
// milestone is due on the day it is reported: a line rising means slipping, a line reaching
// the diagonal means done (or overdue).
std::string trend_chart(const std::string& title, const std::vector<Instant>& instants,
                        const std::vector<TrendLine>& lines);

// Each milestone as of a date: its baseline and forecast bars (from its latest predecessor to
// itself), its dependencies, the critical path highlighted, RAG colours, and the target date.
std::string timeline_chart(const std::string& title, const Programme& programme,
                           const std::vector<MilestoneWithView>& milestones, const ProgrammeCriticalPath& path);

}  // namespace incommon::report
