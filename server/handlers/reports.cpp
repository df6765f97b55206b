// What a board paper carries: the milestone trend (GET .../trend, JSON or SVG), the timeline as
// of a date (GET .../timeline, SVG) and the printable highlight report (GET .../report, HTML).
#include "domain/programmes/dashboard.hpp"
#include "domain/programmes/trend.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/changes.hpp"
#include "server/handlers/common.hpp"
#include "server/report/charts.hpp"
#include "server/report/highlight_report.hpp"

namespace incommon::http {

namespace {

constexpr std::size_t kMostInstants = 400;
constexpr const char* kSvg = "image/svg+xml; charset=utf-8";

// The reporting instants: from `from` (default: when the first of the programme's milestones
// was recorded) to `to`, every `every`.
Result<std::vector<Instant>> instants_for(const std::vector<MilestoneTrack>& tracks, std::optional<Instant> from,
                                          const Instant& to, const ReportingInterval& every) {
  if (!from) {
    for (const auto& t : tracks)
      if (!t.states.empty() && (!from || t.states.front().recorded_at < *from)) from = t.states.front().recorded_at;
    if (!from || !(*from < to)) from = Instant::from_micros(to.micros() - 1);
  }
  return reporting_instants(*from, to, every, kMostInstants);
}

json trend_json(const std::string& programme_id, const std::vector<Instant>& instants, const ReportingInterval& every,
                const std::vector<TrendLine>& lines) {
  json at = json::array();
  for (const auto& i : instants) at.push_back(i.to_string());
  json milestones = json::array();
  for (const auto& l : lines) {
    json points = json::array();
    for (std::size_t k = 0; k < l.points.size(); ++k) {
      const auto& p = l.points[k];
      points.push_back(p ? json{{"at", instants[k].to_string()},
                                {"forecast_date", p->forecast_date.to_string()},
                                {"baseline_date", p->baseline_date.to_string()},
                                {"status", to_string(p->status)}}
                         : json(nullptr));
    }
    milestones.push_back({{"id", l.id}, {"key", l.key}, {"title", l.title}, {"points", std::move(points)}});
  }
  return {{"programme_id", programme_id},      {"from", instants.front().to_string()},
          {"to", instants.back().to_string()}, {"every", every.to_string()},
          {"instants", std::move(at)},         {"milestones", std::move(milestones)}};
}

Result<ReportingInterval> every_param(QueryReader& q) {
  const auto text = q.text("every");
  if (!text) return ReportingInterval{0, 1};
  if (auto every = ReportingInterval::parse(*text)) return *every;
  return fail(
      Error::malformed_parameter("every", "must be an ISO 8601 duration of days, weeks or months: P7D, P2W, P1M"));
}

Answer trend(RequestContext& ctx) {
  QueryReader q(ctx.request, {"from", "to", "every"}, false);
  const auto from = q.instant("from");
  const auto to = q.instant("to");
  auto every = every_param(q);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (!every) return fail(every.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  const Instant until = to.value_or(Instant::now());
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto p = store.programmes().find(*id);
    if (!p) return fail(not_found("programme", *id));
    const auto tracks = store.milestones().tracks_of(*id, until);
    auto instants = instants_for(tracks, from, until, *every);
    if (!instants) return fail(instants.error());
    const auto lines = trend_of(tracks, *instants);
    if (accepts(ctx, "image/svg+xml"))
      return text_response(200, kSvg, report::trend_chart("Milestone trend analysis: " + p->name, *instants, lines));
    return json_response(200, trend_json(*id, *instants, *every, lines));
  });
}

// The timeline as of a date, in a read that has its instant.
std::string timeline_in(db::Store& store, const Programme& p, const Date& as_of, const std::string& title) {
  const auto all = store.milestones().of_programme(p.meta.id);
  const auto by_id = index_by_id(all);
  std::vector<MilestoneWithView> views;
  for (const auto& m : all) views.push_back(view_of(m, by_id, p.target_date, as_of));
  return report::timeline_chart(title, p, views, critical_path_of(p, as_of, all));
}

Answer timeline(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto p = store.programmes().find(*id);
    if (!p) return fail(not_found("programme", *id));
    return text_response(200, kSvg, timeline_in(store, *p, *as_of, "Programme timeline: " + p->name));
  });
}

Answer highlight_report(RequestContext& ctx) {
  QueryReader q(ctx.request, {"from", "to", "since_meeting"}, false);
  auto params = read_change_window(q);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  auto window = change_window(ctx, params);
  if (!window) return fail(window.error());
  report::HighlightReport r;
  r.from = window->from;
  r.to = window->to;
  auto changes = changes_between(ctx, *id, *window);
  if (!changes) return fail(changes.error());
  r.changes = std::move(*changes);
  // Everything else as incommon held it at the end of the period, judged as of that day.
  const Date as_of = window->to.utc_date();
  ctx.as_recorded = window->to.to_string();
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto d = dashboard_of(store.programmes(), store.milestones(), store.dashboards(), *id, as_of);
    if (!d) return fail(d.error());
    r.dashboard = std::move(*d);
    const auto tracks = store.milestones().tracks_of(*id, window->to);
    auto instants = instants_for(tracks, std::nullopt, window->to, ReportingInterval{0, 1});
    if (!instants) return fail(instants.error());
    r.trend_svg = report::trend_chart("Milestone trend analysis", *instants, trend_of(tracks, *instants));
    r.timeline_svg = timeline_in(store, r.dashboard.programme, as_of, "Programme timeline");
    return text_response(200, "text/html; charset=utf-8", report::highlight_report_html(r));
  });
}

}  // namespace

void add_report_routes(Router& router) {
  router.add({"GET", "/api/v1/programmes/{id}/trend", Access::read(), trend});
  router.add({"GET", "/api/v1/programmes/{id}/timeline", Access::read(), timeline});
  router.add({"GET", "/api/v1/programmes/{id}/report", Access::read(), highlight_report});
}

}  // namespace incommon::http
