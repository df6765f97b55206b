#pragma once
// The board's highlight report: one self-contained HTML page (styles inline, charts as inline
// SVG, no scripts, no external assets) that prints to A4.
#include <string>
#include <vector>

#include "domain/core/instant.hpp"
#include "domain/programmes/changes.hpp"
#include "domain/programmes/dashboard.hpp"

namespace incommon::report {

struct HighlightReport {
  Instant from, to;     // the period: what changed after `from`, as incommon held it at `to`
  Dashboard dashboard;  // as recorded at `to`, as of its date
  std::vector<ChangeEntry> changes;
  std::string trend_svg;     // the milestone trend analysis chart
  std::string timeline_svg;  // the timeline as of `to`'s date
};

std::string highlight_report_html(const HighlightReport& r);

}  // namespace incommon::report
