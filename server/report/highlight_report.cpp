#include "server/report/highlight_report.hpp"

#include <algorithm>
#include <map>

#include "server/http/markup.hpp"

namespace incommon::report {

namespace {

using http::escape_markup;

std::string esc(const std::string& s) {
  return escape_markup(s);
}

std::string cell(const std::string& text, const std::string& cls = "") {
  return "<td" + (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + esc(text) + "</td>";
}

std::string rag_cell(const std::optional<Rag>& rag) {
  if (!rag) return "<td class=\"rag none\">-</td>";
  const std::string name(to_string(*rag));
  return "<td class=\"rag " + name + "\">" + name + "</td>";
}

std::string day_of(const std::string& rfc3339) {
  return rfc3339.substr(0, 10);
}

// "forecast_date 2019-09-30 → 2019-10-31 (+31 days); rag green → red"
std::string change_text(const ChangeEntry& e) {
  std::string out;
  for (const auto& c : e.changes) {
    if (!c.from && !c.to) continue;
    if (!out.empty()) out += "; ";
    out += c.from ? c.field + " " + *c.from + " → " + c.to.value_or("-") : c.field + " " + *c.to;
    if (c.moved_days)
      out += " (" + std::string(*c.moved_days > 0 ? "+" : "") + std::to_string(*c.moved_days) + " days)";
    if (c.field == "rag" && !c.to_reasons.empty()) {
      out += ": ";
      for (std::size_t i = 0; i < c.to_reasons.size(); ++i) out += (i ? ", " : "") + c.to_reasons[i].text;
    }
  }
  if (e.comment) out += (out.empty() ? "" : "; ") + std::string("“") + *e.comment + "”";
  return out;
}

std::string section(const std::string& id, const std::string& heading, const std::string& body) {
  return "<section id=\"" + id + "\">\n<h2>" + esc(heading) + "</h2>\n" + body + "</section>\n";
}

std::string table(const std::vector<std::string>& heads, const std::string& rows, const std::string& empty) {
  if (rows.empty()) return "<p class=\"empty\">" + esc(empty) + "</p>\n";
  std::string out = "<table>\n<thead><tr>";
  for (const auto& h : heads) out += "<th>" + esc(h) + "</th>";
  return out + "</tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #212b32; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #005eb8; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 2px solid #005eb8; padding-bottom: 1mm; }
p.period { margin: 0 0 4mm; color: #425563; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #d8dde0; padding: 1.5mm 2mm; text-align: left; vertical-align: top; font-size: 10pt; }
th { background: #f0f4f5; }
td.num, td.date { text-align: right; white-space: nowrap; }
td.rag { font-weight: bold; text-transform: uppercase; text-align: center; white-space: nowrap; }
td.rag.green { background: #007f3b; color: #fff; } td.rag.amber { background: #ffb81c; } td.rag.red { background: #d5281b; color: #fff; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 0 0 3mm; }
.figure { border: 1px solid #d8dde0; padding: 2mm 3mm; min-width: 40mm; }
.figure b { display: block; font-size: 16pt; }
.overdue { color: #d5281b; font-weight: bold; }
.empty { color: #425563; font-style: italic; }
figure { margin: 0 0 4mm; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
)";

}  // namespace

std::string highlight_report_html(const HighlightReport& r) {
  const auto& d = r.dashboard;
  const auto& p = d.programme;
  const std::string from = day_of(r.from.to_string()), to = day_of(r.to.to_string());
  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    esc("Highlight report: " + p.name + ", " + from + " to " + to) + "</title>\n<style>" + kStyle +
                    "</style>\n</head>\n<body>\n<header>\n<h1>" + esc(p.name) + ": highlight report</h1>\n" +
                    "<p class=\"period\">Changes recorded after " + esc(r.from.to_string()) + " up to " +
                    esc(r.to.to_string()) +
                    ", as incommon held the record at the end of the period; dates judged as of " +
                    esc(d.as_of.to_string()) + ".</p>\n</header>\n";

  // Status and RAG.
  std::int64_t total = 0;
  for (const auto& [status, n] : d.milestones_by_status) total += n;
  const auto count = [](const std::map<std::string, std::int64_t>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::int64_t{0} : it->second;
  };
  std::string status = "<div class=\"figures\">\n";
  const auto figure = [&](const std::string& label, const std::string& value, const std::string& id) {
    status += "<div class=\"figure\" id=\"" + id + "\"><b>" + esc(value) + "</b>" + esc(label) + "</div>\n";
  };
  figure("programme status", std::string(to_string(p.status)), "programme-status");
  figure("target date " + p.target_date.to_string(),
         d.days_to_target >= 0 ? std::to_string(d.days_to_target) + " days to target"
                               : std::to_string(-d.days_to_target) + " days past target",
         "days-to-target");
  figure("milestones", std::to_string(total), "milestone-total");
  if (d.critical_path.finish_date)
    figure("critical path finishes",
           d.critical_path.finish_date->to_string() +
               (d.critical_path.slack_days && *d.critical_path.slack_days < 0
                    ? " (" + std::to_string(-*d.critical_path.slack_days) + " days late)"
                    : ""),
           "critical-finish");
  status += "</div>\n";
  std::string rag_rows;
  for (const char* k : {"green", "amber", "red", "none"})
    rag_rows +=
        "<tr>" + cell(k) + "<td class=\"num\">" + std::to_string(count(d.milestones_by_rag, k)) + "</td></tr>\n";
  std::string status_rows;
  for (const auto& [k, n] : d.milestones_by_status)
    status_rows += "<tr>" + cell(k) + "<td class=\"num\">" + std::to_string(n) + "</td></tr>\n";
  out +=
      section("status", "Programme status",
              status + "<h3>RAG</h3>\n" + table({"RAG", "milestones"}, rag_rows, "No milestones.") +
                  "<h3>Milestones by status</h3>\n" + table({"status", "milestones"}, status_rows, "No milestones."));

  // What changed.
  std::string change_rows, decision_rows;
  for (const auto& e : r.changes) {
    std::string what = e.kind + " " + e.event;
    std::replace(what.begin(), what.end(), '_', ' ');
    change_rows += "<tr>" + cell(day_of(e.at), "date") + cell(what) + cell(e.title) + cell(change_text(e)) + "</tr>\n";
    if (e.kind == "decision")
      decision_rows += "<tr>" + cell(day_of(e.at), "date") + cell(e.event) + cell(e.title) + "</tr>\n";
  }
  out += section("changes", "Changes since the previous report",
                 table({"recorded", "what", "record", "detail"}, change_rows, "Nothing changed in the period."));

  // Next due, risks, caveats, decisions.
  std::string due_rows;
  for (const auto& m : d.next_due.items)
    due_rows += "<tr>" + cell(m.milestone.key) + cell(m.milestone.title) + cell(m.milestone.owner.value_or("")) +
                cell(m.milestone.forecast_date.to_string()) + cell(std::to_string(m.view.slippage_days), "num") +
                rag_cell(m.view.rag.rag) + "</tr>\n";
  out += section(
      "next-due", "Milestones due next",
      table({"key", "milestone", "owner", "forecast", "slip (days)", "RAG"}, due_rows, "No milestones are due."));
  std::string risk_rows;
  for (const auto& k : d.top_risks)
    risk_rows += "<tr>" + cell(std::string(to_string(k.kind))) + cell(k.title) + cell(k.owner.value_or("")) +
                 cell(std::to_string(score_of(k)), "num") + cell(k.mitigation.value_or("")) + "</tr>\n";
  out += section("risks", "Top risks (" + std::to_string(d.open_risks) + " open)",
                 table({"kind", "risk", "owner", "score", "mitigation"}, risk_rows, "No open risks."));
  std::string caveat_rows;
  for (const auto& c : d.open_caveats) {
    const bool overdue = caveat_overdue(c, d.as_of);
    caveat_rows += "<tr>" + cell(c.text) + cell(std::string(to_string(c.status))) +
                   cell(c.due_on ? c.due_on->to_string() : "", overdue ? "overdue" : "") +
                   cell(overdue ? "overdue" : "", overdue ? "overdue" : "") + "</tr>\n";
  }
  out +=
      section("caveats",
              "Caveats: " + std::to_string(d.caveats.open) + " open, " + std::to_string(d.caveats.overdue) + " overdue",
              table({"caveat", "status", "due", ""}, caveat_rows, "No open caveats."));
  out += section("decisions", "Decisions in the period",
                 table({"recorded", "event", "decision"}, decision_rows, "No decisions in the period."));

  // The charts.
  out += section("charts", "Charts",
                 "<figure id=\"trend\">\n" + r.trend_svg + "</figure>\n<figure id=\"timeline\">\n" + r.timeline_svg +
                     "</figure>\n");
  return out + "</body>\n</html>\n";
}

}  // namespace incommon::report
