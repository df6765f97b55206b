// Financial positions: one per organisation and financial year, in pence, and their sums.
#include "domain/finance/financial_position.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCollection = "financial-positions";

json to_json(const FinancialPosition& p) {
  return with_meta(p.meta, {{"organisation_id", p.organisation_id},
                            {"financial_year", p.financial_year},
                            {"in_year_surplus_pence", opt(p.in_year_surplus_pence)},
                            {"cumulative_position_pence", opt(p.cumulative_position_pence)},
                            {"source", opt(p.source)}});
}

// The organisation comes from the path on create, and from the stored record on change.
Result<FinancialPosition> from_json(const json& body, bool merged) {
  std::set<std::string> owned{"id", "version", "created_at", "updated_at", "organisation_id"};
  FieldReader r(body, owned, merged);
  FinancialPosition p;
  if (merged) p.organisation_id = body.value("organisation_id", "");
  p.financial_year = r.text("financial_year");
  p.in_year_surplus_pence = r.optional_integer("in_year_surplus_pence");
  p.cumulative_position_pence = r.optional_integer("cumulative_position_pence");
  p.source = r.optional_text("source");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return p;
}

json totals_json(const PositionTotals& t) {
  return {{"organisations", t.organisations},
          {"in_year_surplus_pence", opt(t.in_year_surplus_pence)},
          {"cumulative_position_pence", opt(t.cumulative_position_pence)}};
}

HttpResponse create(RequestContext& ctx) {
  auto organisation_id = ctx.id_param();
  if (!organisation_id) return not_found("organisation", ctx.params.at("id"));
  return create_record(
      ctx, kCollection,
      [&](const json& body, bool merged) {
        auto p = from_json(body, merged);
        if (p) p->organisation_id = *organisation_id;
        return p;
      },
      [](db::Store& store, const FinancialPosition& p) { return record_position(store.financial_positions(), p); },
      to_json);
}

HttpResponse list(RequestContext& ctx) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page();
  if (auto bad = q.problems()) return *bad;
  auto id = ctx.id_param();
  if (!id) return not_found("organisation", ctx.params.at("id"));
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!store.financial_positions().organisation_exists(*id)) return not_found("organisation", *id);
    return json_response(200, page_json(store.financial_positions().list_for(*id, page), to_json));
  });
}

HttpResponse get(RequestContext& ctx) {
  return get_record(ctx, "financial position",
                    [](db::Store& store, const std::string& id) { return store.financial_positions().find(id); }, to_json);
}

HttpResponse patch(RequestContext& ctx) {
  return patch_record<FinancialPosition>(
      ctx, "financial position",
      [](db::Store& store, const std::string& id, std::optional<std::int64_t> version,
         const Change<FinancialPosition>& change) {
        return change_position(store.financial_positions(), id, version, change);
      },
      from_json, to_json);
}

HttpResponse summary(RequestContext& ctx) {
  QueryReader q(ctx.request, {"organisation_ids", "financial_year"}, false);
  auto ids = q.uuid_list("organisation_ids").value_or(std::vector<std::string>{});
  auto year = q.text("financial_year");
  if (auto bad = q.problems()) return *bad;
  if (!year || !is_financial_year(*year))
    return problem(400, "financial_year is required, written YYYY/YY (e.g. 2018/19)",
                   {{"financial_year", "financial_year must be written YYYY/YY for consecutive years"}});
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto s = store.financial_positions().summarise(ids, *year);
    json by = json::object();
    for (const auto& [region, totals] : s.by_sub_region) by[region.empty() ? "none" : region] = totals_json(totals);
    return json_response(200, {{"financial_year", s.financial_year},
                               {"organisation_ids", ids},
                               {"by_sub_region", by},
                               {"total", totals_json(s.total)}});
  });
}

}  // namespace

void add_financial_position_routes(Router& router) {
  const auto writers = Access::write(WriteArea::financial_positions);
  router.add({"POST", "/api/v1/organisations/{id}/financial-positions", writers, create, true});
  router.add({"GET", "/api/v1/organisations/{id}/financial-positions", Access::read(), list});
  // Before /financial-positions/{id}: the router takes the first route that matches.
  router.add({"GET", "/api/v1/financial-positions/summary", Access::read(), summary});
  router.add({"GET", "/api/v1/financial-positions/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/financial-positions/{id}", writers, patch});
  router.add({"GET", "/api/v1/financial-positions/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "financial_positions"); }});
}

}  // namespace incommon::http
