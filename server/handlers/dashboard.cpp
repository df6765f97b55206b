// GET /api/v1/programmes/{id}/dashboard?as_of=: everything a programme board looks at, as it
// stood on the date, in one response.
#include "domain/programmes/dashboard.hpp"
#include "domain/consultation/response.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/programme_json.hpp"
#include "server/handlers/vote_json.hpp"
#include "server/http/snapshot_cache.hpp"

namespace incommon::http {

namespace {

json milestone_summary(const MilestoneWithView& m) {
  return {{"id", m.milestone.meta.id},
          {"key", m.milestone.key},
          {"title", m.milestone.title},
          {"workstream", to_string(m.milestone.workstream)},
          {"owner", opt(m.milestone.owner)},
          {"status", to_string(m.view.status)},
          {"baseline_date", m.milestone.baseline_date.to_string()},
          {"forecast_date", m.milestone.forecast_date.to_string()},
          {"slippage_days", m.view.slippage_days},
          {"rag", m.view.rag.rag ? json(to_string(*m.view.rag.rag)) : json(nullptr)}};
}

json group(const MilestoneGroup& g) {
  json listed = json::array();
  for (const auto& m : g.items) listed.push_back(milestone_summary(m));
  return {{"count", g.count}, {"items", std::move(listed)}};
}

json decision_summary(const Decision& d) {
  return {{"id", d.meta.id},
          {"reference", d.reference},
          {"title", d.title},
          {"decided_on", d.decided_on.to_string()},
          {"status", to_string(d.status)},
          {"overall", to_string(d.overall)}};
}

json vote_summary(const Vote& v) {
  return {{"id", v.meta.id},
          {"body_id", v.body_id},
          {"motion", v.motion},
          {"kind", to_string(v.kind)},
          {"opened_on", v.opened_on.to_string()},
          {"closed_on", opt(v.closed_on)},
          {"status", to_string(v.status)},
          {"outcome", to_string(v.outcome)},
          {"votes_for", opt(v.tallies.votes_for)},
          {"votes_against", opt(v.tallies.votes_against)}};
}

json money_json(const std::map<std::string, PositionTotals>& by_label) {
  json out = json::object();
  for (const auto& [label, t] : by_label)
    out[label] = {{"positions", t.organisations},
                  {"in_year_surplus_pence", opt(t.in_year_surplus_pence)},
                  {"cumulative_position_pence", opt(t.cumulative_position_pence)}};
  return out;
}

json dashboard_json(const Dashboard& d) {
  std::int64_t total = 0;
  for (const auto& [s, n] : d.milestones_by_status) total += n;
  json path_ids = json::array(), path_keys = json::array();
  for (const auto& m : d.critical_path.chain) {
    path_ids.push_back(m.milestone.meta.id);
    path_keys.push_back(m.milestone.key);
  }
  json latest = json::array();
  for (const auto& x : d.latest_decisions) latest.push_back(decision_summary(x));
  json votes = json::array();
  for (const auto& v : d.votes) votes.push_back(vote_summary(v));
  json open_caveats = json::array();
  for (const auto& c : d.open_caveats) open_caveats.push_back(caveat_json(c, d.as_of));
  json risks = json::array();
  for (const auto& r : d.top_risks) risks.push_back(risk_json(r));
  json responses = json::object();
  std::int64_t responded = 0;
  for (const auto& [k, c] : with_percentages(d.responses_by_position)) {
    responses[k] = {{"count", c.count}, {"percent", c.percent}};
    responded += c.count;
  }
  json bodies = json::array();
  for (const auto& b : d.bodies) {
    json officer = nullptr;
    if (b.officer_person_id)
      officer = {{"person_id", *b.officer_person_id},
                 {"name", b.officer_name.value_or("")},
                 {"appointment_id", opt(b.appointment_id)},
                 {"shared", b.shared}};
    bodies.push_back({{"organisation_id", b.organisation_id}, {"name", b.name}, {"accountable_officer", officer}});
  }
  return {{"as_of", d.as_of.to_string()},
          {"programme", programme_json(d.programme)},
          {"days_to_target", d.days_to_target},
          {"milestones",
           {{"total", total},
            {"by_status", d.milestones_by_status},
            {"by_rag", d.milestones_by_rag},
            {"overdue", group(d.overdue)},
            {"slipped", group(d.slipped)},
            {"next_due", group(d.next_due)}}},
          {"critical_path",
           {{"finish_date", opt(d.critical_path.finish_date)},
            {"target_date", d.programme.target_date.to_string()},
            {"slack_days", opt(d.critical_path.slack_days)},
            {"milestone_ids", path_ids},
            {"milestone_keys", path_keys}}},
          {"decisions", {{"by_overall", d.decisions_by_overall}, {"latest", latest}}},
          {"votes", votes},
          {"caveats",
           {{"open", d.caveats.open},
            {"met", d.caveats.met},
            {"breached", d.caveats.breached},
            {"withdrawn", d.caveats.withdrawn},
            {"overdue", d.caveats.overdue},
            {"open_items", open_caveats}}},
          {"consultation", {{"responses", responded}, {"by_position", responses}}},
          {"risks", {{"open", d.open_risks}, {"top", risks}}},
          {"financial_positions", money_json(d.money_by_label)},
          {"bodies", bodies}};
}

// Dashboards are polled far more often than their programme changes: a dashboard is computed
// in one snapshot and answered again from memory while the database is still at that snapshot.
SnapshotCache& dashboard_cache() {
  static SnapshotCache cache(128);
  return cache;
}

Answer dashboard(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  const std::string key = *id + " " + as_of->to_string() + " " + ctx.as_recorded.value_or("");
  std::optional<HttpResponse> cached;
  auto unchanged = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    cached = dashboard_cache().find(key, store.snapshot());
    return HttpResponse{};
  });
  if (cached) return std::move(*cached);
  if (!unchanged) return unchanged;
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto snapshot = store.snapshot();  // first: the transaction's snapshot from here on
    auto d = dashboard_of(store.programmes(), store.milestones(), store.dashboards(), *id, *as_of);
    if (!d) return fail(d.error());
    auto response = json_response(200, dashboard_json(*d));
    tag_representation(response);  // once: a dashboard answered again from memory keeps its tag
    dashboard_cache().put(key, std::move(snapshot), response);
    return response;
  });
}

}  // namespace

void add_dashboard_routes(Router& router) {
  router.add({"GET", "/api/v1/programmes/{id}/dashboard", Access::read(), dashboard});
}

}  // namespace incommon::http
