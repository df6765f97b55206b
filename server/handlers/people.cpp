// /api/v1/people: the people who hold office.
#include "domain/people/person.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCollection = "people";

json to_json(const Person& p) {
  return with_meta(p.meta, {{"title", opt(p.title)}, {"full_name", p.full_name}, {"email", opt(p.email)}});
}

Result<Person> from_json(const json& body, bool merged) {
  FieldReader r(body, {"id", "version", "created_at", "updated_at"}, merged);
  Person p;
  p.title = r.optional_text("title");
  p.full_name = r.text("full_name");
  p.email = r.optional_text("email");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return p;
}

Answer create(RequestContext& ctx) {
  return create_record(
      ctx, kCollection, from_json, [](db::Store& store, const Person& p) { return register_person(store.people(), p); },
      to_json);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"q", "email", "ids"}, true);
  PersonFilter f;
  f.name_contains = q.text("q");
  f.email = q.text("email");
  f.ids = q.uuid_list("ids").value_or(std::vector<std::string>{});
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.people().list(f, page), to_json));
  });
}

Answer get(RequestContext& ctx) {
  return get_record(
      ctx, "person", [](db::Store& store, const std::string& id) { return store.people().find(id); }, to_json);
}

Answer patch(RequestContext& ctx) {
  return patch_record<Person>(
      ctx, "person",
      [](db::Store& store, const std::string& id, std::optional<std::int64_t> version, const Change<Person>& change) {
        return change_person(store.people(), id, version, change);
      },
      from_json, to_json);
}

}  // namespace

void add_people_routes(Router& router) {
  const auto writers = Access::write(WriteArea::people);
  router.add({"POST", "/api/v1/people", writers, create, true});
  router.add({"GET", "/api/v1/people", Access::read(), list});
  router.add({"GET", "/api/v1/people/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/people/{id}", writers, patch});
  router.add({"GET", "/api/v1/people/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, kCollection); }});
}

}  // namespace incommon::http
