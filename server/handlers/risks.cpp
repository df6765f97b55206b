// The RAID log of a programme: risks, assumptions, issues and dependencies, highest score first.

#include "domain/programmes/risk.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/programme_json.hpp"

namespace incommon::http {

namespace {

const std::set<std::string> kOwned{"id", "version", "created_at", "updated_at", "programme_id", "score"};

int one_to_five(FieldReader& r, const std::string& key) {
  if (!r.require(key)) return 1;
  auto n = r.optional_integer(key);
  if (n && (*n < 1 || *n > 5)) {
    r.rule(key, key + " must be from 1 to 5");
    return 1;
  }
  return static_cast<int>(n.value_or(1));
}

Result<Risk> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Risk k;
  k.kind = r.required_enum<RiskKind>("kind", RiskKind::risk);
  k.title = r.text("title");
  k.description = r.optional_text("description");
  k.likelihood = one_to_five(r, "likelihood");
  k.impact = one_to_five(r, "impact");
  k.owner = r.optional_text("owner");
  k.mitigation = r.optional_text("mitigation");
  k.status = r.optional_enum<RiskStatus>("status").value_or(RiskStatus::open);
  k.milestone_ids = r.optional_uuid_list("milestone_ids").value_or(std::vector<std::string>{});
  k.review_on = r.optional_date("review_on");
  k.raised_on = r.optional_date("raised_on").value_or(Date::today_utc());
  k.closed_on = r.optional_date("closed_on");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return k;
}

Answer create(RequestContext& ctx) {
  auto programme_id = ctx.require_id("programme");
  if (!programme_id) return fail(programme_id.error());
  return create_record(
      ctx, "risks",
      [&](const json& body, bool merged) {
        auto k = from_json(body, merged);
        if (k) k->programme_id = *programme_id;
        return k;
      },
      [](db::Store& s, const Risk& k) {
        return log_risk(s.risks(), s.programmes(), s.milestones(), k, Date::today_utc());
      },
      risk_json);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"as_recorded", "kind", "status", "min_score", "as_of"}, true);
  RiskFilter f;
  f.kind = q.one_of<RiskKind>("kind");
  f.status = q.one_of<RiskStatus>("status");
  f.min_score = q.integer("min_score", 1, 25);
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; });
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!store.programmes().find(*id)) return fail(not_found("programme", *id));
    if (!f.as_of) return json_response(200, page_json(store.risks().list(*id, f, page), risk_json));
    return json_response(200, page_json(store.risks().list(*id, f, page),
                                        [&](const Risk& k) { return risk_json(*risk_as_of(k, *f.as_of)); }));
  });
}

// The entry, as it stood on `as_of` when given: 404 for a date before it was raised.
Answer get(RequestContext& ctx) {
  return get_record_as_of(
      ctx, "risk", [](db::Store& store, const std::string& id) { return store.risks().find(id); }, risk_json,
      [](const Risk& k, const Date& as_of) -> Result<json> {
        auto then = risk_as_of(k, as_of);
        if (!then)
          return fail(Error::not_found("Risk " + k.meta.id + " was raised on " + k.raised_on.to_string() + ", after " +
                                       as_of.to_string() + "."));
        return risk_json(*then);
      });
}

}  // namespace

void add_risk_routes(Router& router) {
  const auto writers = Access::write(WriteArea::risks);
  router.add({"POST", "/api/v1/programmes/{id}/risks", writers, create, true});
  router.add({"GET", "/api/v1/programmes/{id}/risks", Access::read(), list});
  router.add({"GET", "/api/v1/risks/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/risks/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Risk>(
                    ctx, "risk",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Risk>& c) {
                      return change_risk(s.risks(), s.programmes(), s.milestones(), id, v, c, Date::today_utc());
                    },
                    from_json, risk_json, kOwned);
              }});
  router.add(
      {"GET", "/api/v1/risks/{id}/history", Access::read(), [](RequestContext& ctx) { return history(ctx, "risks"); }});
}

}  // namespace incommon::http
