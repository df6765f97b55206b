#include "server/report/charts.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "server/http/markup.hpp"

namespace incommon::report {

using http::escape_markup;

namespace {

constexpr double kWidth = 960;
constexpr const char* kFont = "font-family=\"Arial, Helvetica, sans-serif\"";

// Colours a printout keeps apart, and RAG as the NHS shows it.
constexpr const char* kPalette[] = {"#005eb8", "#d5281b", "#007f3b", "#ffb81c", "#330072", "#ae2573",
                                    "#00a499", "#ed8b00", "#425563", "#8a1538", "#41b6e6", "#78be20"};
const char* rag_colour(const MilestoneWithView& m) {
  if (m.view.status == MilestoneStatus::complete) return "#425563";
  if (m.view.status == MilestoneStatus::cancelled) return "#aeb7bd";
  if (!m.view.rag.rag) return "#aeb7bd";
  switch (*m.view.rag.rag) {
    case Rag::green:
      return "#007f3b";
    case Rag::amber:
      return "#ffb81c";
    case Rag::red:
      return "#d5281b";
  }
  return "#aeb7bd";
}

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

// "Jun 2019"
std::string month_label(const Date& d) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::string(names[d.month() - 1]) + " " + std::to_string(d.year());
}

// "13 Jun 2019"
std::string day_label(const Date& d) {
  return std::to_string(d.day()) + " " + month_label(d);
}

std::string shortened(const std::string& text, std::size_t n) {
  if (text.size() <= n) return text;
  std::size_t cut = n - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return text.substr(0, cut) + "…";
}

Date first_of_month(const Date& d) {
  return Date::from_days(d.days_since_epoch() - d.day() + 1);
}

// A linear scale from a range of days to a range of units.
struct Scale {
  std::int64_t lo, hi;  // days since the epoch
  double from, to;
  double operator()(const Date& d) const {
    return from + (to - from) * static_cast<double>(d.days_since_epoch() - lo) / static_cast<double>(hi - lo);
  }
};

// The first of each month in [lo, hi], every `step` months so that there are at most `most`.
std::vector<Date> month_ticks(std::int64_t lo, std::int64_t hi, std::size_t most) {
  Date first = first_of_month(Date::from_days(lo));
  if (first.days_since_epoch() < lo) first = first.plus_months(1);
  std::vector<Date> all;
  for (Date d = first; d.days_since_epoch() <= hi; d = d.plus_months(1)) all.push_back(d);
  const std::size_t step = std::max<std::size_t>(1, (all.size() + most - 1) / most);
  std::vector<Date> out;
  for (std::size_t i = 0; i < all.size(); i += step) out.push_back(all[i]);
  return out;
}

// A range of days padded to whole months on either side.
std::pair<std::int64_t, std::int64_t> padded(std::int64_t lo, std::int64_t hi) {
  const Date a = first_of_month(Date::from_days(lo));
  const Date b = first_of_month(Date::from_days(hi).plus_months(1));
  return {a.days_since_epoch(), std::max(b.days_since_epoch(), a.days_since_epoch() + 28)};
}

std::string open_svg(double height, const std::string& title, const std::string& description) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
         "\" width=\"100%\" role=\"img\" " + kFont + " font-size=\"13\">\n<title>" + escape_markup(title) +
         "</title>\n<desc>" + escape_markup(description) +
         "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + "<text x=\"" + num(kWidth / 2) +
         "\" y=\"26\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\">" +
         escape_markup(shortened(title, 80)) + "</text>\n";
}

std::string text_at(double x, double y, const std::string& text, const std::string& extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + (extra.empty() ? "" : " " + extra) + ">" +
         escape_markup(text) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& style) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" " + style +
         "/>\n";
}

}  // namespace

std::string trend_chart(const std::string& title, const std::vector<Instant>& instants,
                        const std::vector<TrendLine>& lines) {
  // The plot, with the legend below it: one row per milestone.
  const double left = 110, right = kWidth - 30, top = 50, plot_height = 420;
  const double bottom = top + plot_height;
  const double legend_top = bottom + 70;
  const double height = legend_top + 22.0 * static_cast<double>((lines.size() + 1) / 2) + 20;

  std::int64_t lo = instants.front().utc_date().days_since_epoch(), hi = instants.back().utc_date().days_since_epoch();
  const std::int64_t x_lo = lo, x_hi = std::max(hi, lo + 1);
  for (const auto& l : lines)
    for (const auto& p : l.points)
      if (p) {
        lo = std::min(lo, p->forecast_date.days_since_epoch());
        hi = std::max(hi, p->forecast_date.days_since_epoch());
      }
  const auto [y_lo, y_hi] = padded(lo, hi);
  const Scale x{x_lo, x_hi, left, right}, y{y_lo, y_hi, bottom, top};

  std::string out = open_svg(height, title,
                             "Milestone trend analysis: for each reporting date across, each milestone's forecast "
                             "date up. A rising line is a milestone slipping; the diagonal is where a milestone is "
                             "due on the day it is reported.");
  // Grid and axes.
  out += "<g stroke=\"#d8dde0\" stroke-width=\"1\">\n";
  for (const auto& d : month_ticks(y_lo, y_hi, 12)) out += line(left, y(d), right, y(d), "");
  out += "</g>\n";
  out += line(left, bottom, right, bottom, "stroke=\"#212b32\"") + line(left, top, left, bottom, "stroke=\"#212b32\"");
  for (const auto& d : month_ticks(y_lo, y_hi, 12))
    out += text_at(left - 8, y(d) + 4, month_label(d), "text-anchor=\"end\"");
  for (const auto& at : instants) {
    const double px = x(at.utc_date());
    out += line(px, bottom, px, bottom + 5, "stroke=\"#212b32\"");
  }
  // Label the reporting dates, thinned so that they do not overlap.
  double last_label = -1e9;
  for (const auto& at : instants) {
    const double px = x(at.utc_date());
    if (px - last_label < 90) continue;
    out += text_at(px, bottom + 20, day_label(at.utc_date()), "text-anchor=\"middle\"");
    last_label = px;
  }
  out += text_at((left + right) / 2, bottom + 46, "Reporting date", "text-anchor=\"middle\" font-weight=\"bold\"");
  out += text_at(
      24, (top + bottom) / 2, "Forecast date",
      "text-anchor=\"middle\" font-weight=\"bold\" transform=\"rotate(-90 24 " + num((top + bottom) / 2) + ")\"");
  // The diagonal: forecast date = reporting date, within the plot.
  {
    const std::int64_t a = std::max(x_lo, y_lo), b = std::min(x_hi, y_hi);
    if (a < b)
      out += line(x(Date::from_days(a)), y(Date::from_days(a)), x(Date::from_days(b)), y(Date::from_days(b)),
                  "stroke=\"#768692\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
  }
  // One line per milestone; a point where it is complete is a square.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const char* colour = kPalette[i % std::size(kPalette)];
    std::string points, marks;
    for (std::size_t k = 0; k < instants.size() && k < lines[i].points.size(); ++k) {
      const auto& p = lines[i].points[k];
      if (!p) continue;
      const double px = x(instants[k].utc_date()), py = y(p->forecast_date);
      points += num(px) + "," + num(py) + " ";
      marks += p->status == MilestoneStatus::complete
                   ? "<rect x=\"" + num(px - 4) + "\" y=\"" + num(py - 4) + "\" width=\"8\" height=\"8\"/>"
                   : "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"3.5\"/>";
    }
    if (points.empty()) continue;
    out += "<g fill=\"" + std::string(colour) + "\" stroke=\"" + colour + "\"><title>" +
           escape_markup(lines[i].key + ": " + lines[i].title) +
           "</title><polyline fill=\"none\" stroke-width=\"2\" points=\"" + points + "\"/>" + marks + "</g>\n";
  }
  // The legend.
  out += text_at(left, legend_top - 14, "Legend (a square: complete)", "font-weight=\"bold\"");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const double lx = i % 2 == 0 ? left : (left + right) / 2 + 10;
    const double ly = legend_top + 22.0 * static_cast<double>(i / 2);
    const char* colour = kPalette[i % std::size(kPalette)];
    out += line(lx, ly, lx + 24, ly, "stroke=\"" + std::string(colour) + "\" stroke-width=\"3\"");
    out += text_at(lx + 32, ly + 4, shortened(lines[i].key + ": " + lines[i].title, 48));
  }
  const double dx = lines.size() % 2 == 1 ? (left + right) / 2 + 10 : left;
  const double dy = legend_top + 22.0 * static_cast<double>(lines.size() / 2);
  out += line(dx, dy, dx + 24, dy, "stroke=\"#768692\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
  out += text_at(dx + 32, dy + 4, "Due on the day reported");
  return out + "</svg>\n";
}

std::string timeline_chart(const std::string& title, const Programme& programme,
                           const std::vector<MilestoneWithView>& milestones, const ProgrammeCriticalPath& path) {
  std::vector<const MilestoneWithView*> rows;
  for (const auto& m : milestones) rows.push_back(&m);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return std::tie(a->milestone.forecast_date, a->milestone.key) <
           std::tie(b->milestone.forecast_date, b->milestone.key);
  });
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < rows.size(); ++i) row_of[rows[i]->milestone.meta.id] = i;
  std::set<std::string> critical;
  for (const auto& m : path.chain) critical.insert(m.milestone.meta.id);

  const double label_width = 300, left = label_width + 20, right = kWidth - 30, top = 80, row = 26;
  const double bottom = top + row * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
  const double height = bottom + 110;

  // Each bar runs from its latest predecessor's date (or the programme's start) to its own.
  const auto start_of = [&](const Milestone& m, bool baseline) -> std::optional<Date> {
    std::optional<Date> from;
    for (const auto& d : m.depends_on)
      if (auto r = row_of.find(d); r != row_of.end()) {
        const auto& dep = rows[r->second]->milestone;
        const Date at = baseline ? dep.baseline_date : dep.forecast_date;
        if (!from || *from < at) from = at;
      }
    if (!from) from = programme.starts_on;
    const Date end = baseline ? m.baseline_date : m.forecast_date;
    if (from && end < *from) from = end;
    return from;
  };
  std::int64_t lo = path.as_of.days_since_epoch(), hi = std::max(lo, programme.target_date.days_since_epoch());
  for (const auto* m : rows) {
    for (const Date& d : {m->milestone.baseline_date, m->milestone.forecast_date}) {
      lo = std::min(lo, d.days_since_epoch());
      hi = std::max(hi, d.days_since_epoch());
    }
    if (auto s = start_of(m->milestone, true)) lo = std::min(lo, s->days_since_epoch());
    if (auto s = start_of(m->milestone, false)) lo = std::min(lo, s->days_since_epoch());
  }
  const auto [x_lo, x_hi] = padded(lo, hi);
  const Scale x{x_lo, x_hi, left, right};

  std::string out = open_svg(height, title,
                             "Programme timeline as of " + day_label(path.as_of) +
                                 ": each milestone's baseline (grey) and forecast (RAG colour) bars, its "
                                 "dependencies, the critical path outlined in black, and the target date.");
  out += text_at(kWidth / 2, 46, "As of " + day_label(path.as_of) + " · target " + day_label(programme.target_date),
                 "text-anchor=\"middle\"");
  // Month grid.
  for (const auto& d : month_ticks(x_lo, x_hi, 12)) {
    out += line(x(d), top - 6, x(d), bottom, "stroke=\"#d8dde0\"");
    out += text_at(x(d), top - 10, month_label(d), "text-anchor=\"middle\"");
  }
  // Rows.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& m = *rows[i];
    const double y = top + row * static_cast<double>(i);
    const bool on_path = critical.count(m.milestone.meta.id) > 0;
    out += text_at(10, y + 17, shortened(m.milestone.key + ": " + m.milestone.title, 40),
                   on_path ? "font-weight=\"bold\"" : "");
    std::string tip = m.milestone.key + ": " + m.milestone.title + " — baseline " +
                      m.milestone.baseline_date.to_string() + ", forecast " + m.milestone.forecast_date.to_string() +
                      ", " + std::string(to_string(m.view.status)) +
                      (m.view.rag.rag ? ", " + std::string(to_string(*m.view.rag.rag)) : "") +
                      (on_path ? ", on the critical path" : "");
    out += "<g><title>" + escape_markup(tip) + "</title>\n";
    if (auto s = start_of(m.milestone, true)) {
      const double x1 = x(*s), x2 = std::max(x(m.milestone.baseline_date), x1 + 2);
      out += "<rect x=\"" + num(x1) + "\" y=\"" + num(y + 17) + "\" width=\"" + num(x2 - x1) +
             "\" height=\"5\" fill=\"#aeb7bd\"/>\n";
    }
    if (auto s = start_of(m.milestone, false)) {
      const double x1 = x(*s), x2 = std::max(x(m.milestone.forecast_date), x1 + 2);
      out += "<rect x=\"" + num(x1) + "\" y=\"" + num(y + 4) + "\" width=\"" + num(x2 - x1) +
             "\" height=\"12\" rx=\"2\" fill=\"" + rag_colour(m) + "\"" +
             (on_path ? " stroke=\"#212b32\" stroke-width=\"2\"" : "") + "/>\n";
    }
    const double fx = x(m.milestone.forecast_date);
    out += "<path d=\"M" + num(fx) + " " + num(y + 2) + " l6 8 l-6 8 l-6 -8 z\" fill=\"" + rag_colour(m) +
           "\" stroke=\"#212b32\"/>\n</g>\n";
  }
  // Dependencies: from the predecessor's forecast down (or up) to the start of this bar.
  out += "<g fill=\"none\" stroke=\"#425563\" stroke-width=\"1\">\n";
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (const auto& d : rows[i]->milestone.depends_on)
      if (auto r = row_of.find(d); r != row_of.end()) {
        const double x1 = x(rows[r->second]->milestone.forecast_date);
        const double y1 = top + row * static_cast<double>(r->second) + 10;
        const double y2 = top + row * static_cast<double>(i) + 10;
        const bool on_path = critical.count(d) > 0 && critical.count(rows[i]->milestone.meta.id) > 0;
        out += "<path d=\"M" + num(x1) + " " + num(y1) + " V" + num(y2) + "\"" +
               (on_path ? " stroke=\"#212b32\" stroke-width=\"2\"" : " stroke-dasharray=\"3 2\"") + "/>\n";
      }
  out += "</g>\n";
  // The target and the as-of date.
  const double tx = x(programme.target_date), ax = x(path.as_of);
  out += line(tx, top - 4, tx, bottom + 4, "stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"8 4\"");
  out +=
      text_at(tx, bottom + 20, "Target " + day_label(programme.target_date), "text-anchor=\"middle\" fill=\"#d5281b\"");
  out += line(ax, top - 4, ax, bottom + 4, "stroke=\"#005eb8\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"");
  out += text_at(ax, bottom + 38, "As of " + day_label(path.as_of), "text-anchor=\"middle\" fill=\"#005eb8\"");
  // The legend.
  const double ly = bottom + 70;
  struct Key {
    const char* fill;
    const char* text;
  };
  const Key keys[] = {{"#007f3b", "Green"},
                      {"#ffb81c", "Amber"},
                      {"#d5281b", "Red"},
                      {"#425563", "Complete"},
                      {"#aeb7bd", "Baseline / none"}};
  double lx = 10;
  out += text_at(lx, ly - 8, "Legend", "font-weight=\"bold\"");
  for (const auto& k : keys) {
    out += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" width=\"20\" height=\"12\" fill=\"" + k.fill + "\"/>\n";
    out += text_at(lx + 26, ly + 11, k.text);
    lx += 40 + 8.0 * static_cast<double>(std::string(k.text).size());
  }
  out += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly) +
         "\" width=\"20\" height=\"12\" fill=\"#fff\" stroke=\"#212b32\" " + "stroke-width=\"2\"/>\n" +
         text_at(lx + 26, ly + 11, "Critical path");
  lx += 130;
  out += line(lx, ly + 6, lx + 20, ly + 6, "stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"8 4\"") +
         text_at(lx + 26, ly + 11, "Target date");
  return out + "</svg>\n";
}

}  // namespace incommon::report
