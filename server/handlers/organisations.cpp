// /api/v1/organisations: commissioners, LMCs, practices and the bodies they merge into.
#include "domain/organisations/organisation.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCollection = "organisations";

json to_json(const Organisation& o) {
  return with_meta(o.meta, {{"name", o.name},
                            {"code", opt(o.code)},
                            {"type", to_string(o.type)},
                            {"sub_region", opt(o.sub_region)},
                            {"population", opt(o.population)},
                            {"status", to_string(o.status)},
                            {"parent_id", opt(o.parent_id)},
                            {"successor_id", opt(o.successor_id)},
                            {"established_on", opt(o.established_on)},
                            {"dissolved_on", opt(o.dissolved_on)}});
}

// `merged`: the body is a stored record with a patch applied, so server-owned fields are skipped.
Result<Organisation> from_json(const json& body, bool merged) {
  FieldReader r(body, {"id", "version", "created_at", "updated_at"}, merged);
  Organisation o;
  o.name = r.text("name");
  o.code = r.optional_text("code");
  o.type = r.required_enum<OrganisationType>("type", OrganisationType::other);
  o.sub_region = r.optional_text("sub_region");
  o.population = r.optional_integer("population");
  o.status = r.optional_enum<OrganisationStatus>("status").value_or(OrganisationStatus::active);
  o.parent_id = r.optional_uuid("parent_id");
  o.successor_id = r.optional_uuid("successor_id");
  o.established_on = r.optional_date("established_on");
  o.dissolved_on = r.optional_date("dissolved_on");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return o;
}

Answer create(RequestContext& ctx) {
  return create_record(
      ctx, kCollection, from_json,
      [](db::Store& store, const Organisation& o) { return register_organisation(store.organisations(), o); }, to_json);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"type", "status", "sub_region", "parent_id", "q", "ids"}, true);
  OrganisationFilter f;
  f.type = q.one_of<OrganisationType>("type");
  f.status = q.one_of<OrganisationStatus>("status");
  f.sub_region = q.text("sub_region");
  f.parent_id = q.uuid("parent_id");
  f.name_contains = q.text("q");
  f.ids = q.uuid_list("ids").value_or(std::vector<std::string>{});
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.organisations().list(f, page), to_json));
  });
}

// Read far more often than written: answered from memory until the database announces a change.
Answer get(App& app, RequestContext& ctx) {
  return get_remembered_record(
      ctx, app.records(), kCollection, "organisation",
      [](db::Store& store, const std::string& id) { return store.organisations().find(id); }, to_json);
}

Answer patch(App& app, RequestContext& ctx) {
  auto response = patch_record<Organisation>(
      ctx, "organisation",
      [](db::Store& store, const std::string& id, std::optional<std::int64_t> version,
         const Change<Organisation>& change) {
        return change_organisation(store.organisations(), id, version, change);
      },
      from_json, to_json);
  if (auto id = ctx.require_id("organisation"); id && response) record_changed(app, kCollection, *id);
  return response;
}

}  // namespace

void add_organisation_routes(Router& router, App& app) {
  const auto writers = Access::write(WriteArea::organisations);
  router.add({"POST", "/api/v1/organisations", writers, create, true});
  router.add({"GET", "/api/v1/organisations", Access::read(), list});
  router.add(
      {"GET", "/api/v1/organisations/{id}", Access::read(), [&app](RequestContext& ctx) { return get(app, ctx); }});
  router.add({"PATCH", "/api/v1/organisations/{id}", writers, [&app](RequestContext& ctx) { return patch(app, ctx); }});
  router.add({"GET", "/api/v1/organisations/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, kCollection); }});
}

}  // namespace incommon::http
