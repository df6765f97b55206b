// /api/v1/programmes: merger programmes, and the critical path of their milestones.
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/programme_json.hpp"

namespace incommon::http {

namespace {

Result<Programme> from_json(const json& body, bool merged) {
  FieldReader r(body, {"id", "version", "created_at", "updated_at"}, merged);
  Programme p;
  p.name = r.text("name");
  p.description = r.optional_text("description");
  p.target_date = r.required_date("target_date").value_or(Date());
  p.status = r.optional_enum<ProgrammeStatus>("status").value_or(ProgrammeStatus::planning);
  p.starts_on = r.optional_date("starts_on");
  p.closed_on = r.optional_date("closed_on");
  p.organisation_ids = r.optional_uuid_list("organisation_ids").value_or(std::vector<std::string>{});
  p.successor_id = r.optional_uuid("successor_id");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return p;
}

// The programme as it stood at the end of `as_of`: one closed later was still active.
json programme_json_as_of(const Programme& p, const Date& as_of) {
  Programme then = p;
  then.status = programme_status_as_of(p, as_of);
  if (then.status != p.status) then.closed_on.reset();
  return programme_json(then);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"as_recorded", "status", "organisation_id", "as_of"}, true);
  ProgrammeFilter f;
  f.status = q.one_of<ProgrammeStatus>("status");
  f.organisation_id = q.uuid("organisation_id");
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; });
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!f.as_of) return json_response(200, page_json(store.programmes().list(f, page), programme_json));
    return json_response(200, page_json(store.programmes().list(f, page),
                                        [&](const Programme& p) { return programme_json_as_of(p, *f.as_of); }));
  });
}

Answer critical_path(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto programme = store.programmes().find(*id);
    if (!programme) return fail(not_found("programme", *id));
    const auto path = critical_path_of(store.milestones(), *programme, *as_of);
    json chain = json::array();
    for (const auto& m : path.chain) chain.push_back(milestone_json(m));
    return json_response(200, {{"programme_id", *id},
                               {"as_of", as_of->to_string()},
                               {"target_date", opt(path.target_date)},
                               {"finish_date", opt(path.finish_date)},
                               {"slack_days", opt(path.slack_days)},
                               {"milestones", std::move(chain)}});
  });
}

}  // namespace

void add_programme_routes(Router& router) {
  const auto writers = Access::write(WriteArea::programmes);
  router.add({"POST", "/api/v1/programmes", writers,
              [](RequestContext& ctx) {
                return create_record(
                    ctx, "programmes", from_json,
                    [](db::Store& s, const Programme& p) { return create_programme(s.programmes(), p); },
                    programme_json);
              },
              true});
  router.add({"GET", "/api/v1/programmes", Access::read(), list});
  router.add(
      {"GET", "/api/v1/programmes/{id}", Access::read(), [](RequestContext& ctx) {
         return get_record_as_of(
             ctx, "programme", [](db::Store& s, const std::string& id) { return s.programmes().find(id); },
             programme_json,
             [](const Programme& p, const Date& as_of) -> Result<json> { return programme_json_as_of(p, as_of); });
       }});
  router.add({"PATCH", "/api/v1/programmes/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Programme>(
                    ctx, "programme",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Programme>& c) {
                      return change_programme(s.programmes(), id, v, c);
                    },
                    from_json, programme_json);
              }});
  router.add({"GET", "/api/v1/programmes/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "programmes"); }});
  router.add({"GET", "/api/v1/programmes/{id}/critical-path", Access::read(), critical_path});
}

}  // namespace incommon::http
