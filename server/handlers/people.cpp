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

HttpResponse create(RequestContext& ctx) {
  auto body = parse_json_object(ctx.request);
  if (!body) return body.error();
  auto person = from_json(*body, false);
  if (!person) return error_response(person.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    return map(register_person(store.people(), *person), [](const Person& saved) {
      return created_record(to_json(saved), saved.meta, kCollection);
    });
  });
}

HttpResponse list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"q", "email"}, true);
  PersonFilter f;
  f.name_contains = q.text("q");
  f.email = q.text("email");
  auto page = q.page();
  if (auto bad = q.problems()) return *bad;
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.people().list(f, page), to_json));
  });
}

HttpResponse get(RequestContext& ctx) {
  if (auto bad = QueryReader(ctx.request, {}, false).problems()) return *bad;
  auto id = ctx.id_param();
  if (!id) return not_found("person", ctx.params.at("id"));
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto person = store.people().find(*id);
    if (!person) return not_found("person", *id);
    return ok_record(to_json(*person), person->meta);
  });
}

HttpResponse patch(RequestContext& ctx) {
  auto req = read_patch(ctx, "person");
  if (!req) return req.error();
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto changed = change_person(store.people(), req->id, req->expected_version, [&](const Person& current) {
      return from_json(merge_patch(to_json(current), req->patch), true);
    });
    return map(changed, [](const Person& saved) { return ok_record(to_json(saved), saved.meta); });
  });
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
