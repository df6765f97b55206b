// Financial positions in pence: an organisation's (one per financial year) and a programme's
// (one per label), and the sums of organisations' positions.
#include "domain/finance/financial_position.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCollection = "financial-positions";

json to_json(const FinancialPosition& p) {
  return with_meta(p.meta, {{"organisation_id", opt(p.organisation_id)},
                            {"financial_year", opt(p.financial_year)},
                            {"programme_id", opt(p.programme_id)},
                            {"label", opt(p.label)},
                            {"in_year_surplus_pence", opt(p.in_year_surplus_pence)},
                            {"cumulative_position_pence", opt(p.cumulative_position_pence)},
                            {"source", opt(p.source)}});
}

// The owner comes from the path on create, and from the stored record on change; an
// organisation's position has a financial_year, a programme's a label.
Result<FinancialPosition> from_json(const json& body, bool merged, bool programme) {
  std::set<std::string> owned{"id", "version", "created_at", "updated_at", "organisation_id", "programme_id"};
  // The other kind's field is unknown on create; in a stored record it is null, and a patch
  // that sets it is refused by the rules.
  if (merged) owned.insert(programme ? "financial_year" : "label");
  FieldReader r(body, owned, merged);
  FinancialPosition p;
  if (merged) {
    auto owner = [&](const char* key) {
      auto text = r.owned_text(key);
      return text.empty() ? std::nullopt : std::optional<std::string>(text);
    };
    p.organisation_id = owner("organisation_id");
    p.programme_id = owner("programme_id");
    // A patch that gives the other kind's field is told so by the rules.
    (programme ? p.financial_year : p.label) = owner(programme ? "financial_year" : "label");
  }
  if (programme)
    p.label = r.text("label");
  else
    p.financial_year = r.text("financial_year");
  p.in_year_surplus_pence = r.optional_integer("in_year_surplus_pence");
  p.cumulative_position_pence = r.optional_integer("cumulative_position_pence");
  p.source = r.optional_text("source");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return p;
}

// On change: the kind of the stored record decides which fields it has.
Result<FinancialPosition> from_merged_json(const json& body, bool merged) {
  const auto programme = body.find("programme_id");
  return from_json(body, merged, programme != body.end() && programme->is_string());
}

json totals_json(const PositionTotals& t) {
  return {{"organisations", t.organisations},
          {"in_year_surplus_pence", opt(t.in_year_surplus_pence)},
          {"cumulative_position_pence", opt(t.cumulative_position_pence)}};
}

Answer create(RequestContext& ctx, bool programme) {
  auto owner_id = ctx.require_id(programme ? "programme" : "organisation");
  if (!owner_id) return fail(owner_id.error());
  return create_record(
      ctx, kCollection,
      [&](const json& body, bool merged) {
        auto p = from_json(body, merged, programme);
        if (p) (programme ? p->programme_id : p->organisation_id) = *owner_id;
        return p;
      },
      [](db::Store& store, const FinancialPosition& p) {
        return record_position(store.financial_positions(), store.programmes(), p);
      },
      to_json);
}

Answer list(RequestContext& ctx, bool programme) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  const std::string what = programme ? "programme" : "organisation";
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto& positions = store.financial_positions();
    if (!(programme ? positions.programme_exists(*id) : positions.organisation_exists(*id)))
      return fail(not_found(what, *id));
    return json_response(
        200, page_json(programme ? positions.list_for_programme(*id, page) : positions.list_for(*id, page), to_json));
  });
}

Answer get(RequestContext& ctx) {
  return get_record(
      ctx, "financial position",
      [](db::Store& store, const std::string& id) { return store.financial_positions().find(id); }, to_json);
}

Answer patch(RequestContext& ctx) {
  return patch_record<FinancialPosition>(
      ctx, "financial position",
      [](db::Store& store, const std::string& id, std::optional<std::int64_t> version,
         const Change<FinancialPosition>& change) {
        return change_position(store.financial_positions(), store.programmes(), id, version, change);
      },
      from_merged_json, to_json);
}

Answer summary(RequestContext& ctx) {
  QueryReader q(ctx.request, {"organisation_ids", "financial_year"}, false);
  auto ids = q.uuid_list("organisation_ids").value_or(std::vector<std::string>{});
  auto year = q.text("financial_year");
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (!year || !is_financial_year(*year))
    return fail(Error::malformed("financial_year is required, written YYYY/YY (e.g. 2018/19)",
                                 {{"financial_year", "financial_year must be written YYYY/YY for consecutive years"}}));
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
  router.add({"POST", "/api/v1/organisations/{id}/financial-positions", writers,
              [](RequestContext& ctx) { return create(ctx, false); }, true});
  router.add({"GET", "/api/v1/organisations/{id}/financial-positions", Access::read(),
              [](RequestContext& ctx) { return list(ctx, false); }});
  router.add({"POST", "/api/v1/programmes/{id}/financial-positions", writers,
              [](RequestContext& ctx) { return create(ctx, true); }, true});
  router.add({"GET", "/api/v1/programmes/{id}/financial-positions", Access::read(),
              [](RequestContext& ctx) { return list(ctx, true); }});
  // Before /financial-positions/{id}: the router takes the first route that matches.
  router.add({"GET", "/api/v1/financial-positions/summary", Access::read(), summary});
  router.add({"GET", "/api/v1/financial-positions/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/financial-positions/{id}", writers, patch});
  router.add({"GET", "/api/v1/financial-positions/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "financial_positions"); }});
}

}  // namespace incommon::http
