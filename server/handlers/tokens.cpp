// /api/v1/tokens: bearer tokens, shown once at creation, stored only as a hash.
#include "persistence/database.hpp"
#include "persistence/token_cache.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/http/auth.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCollection = "tokens";

json to_json(const Token& t) {
  return with_meta(
      t.meta,
      {{"name", t.name}, {"role", to_string(t.role)}, {"kind", to_string(t.kind)}, {"revoked_at", opt(t.revoked_at)}});
}

Answer create(RequestContext& ctx) {
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  Token token;
  token.name = r.text("name");
  token.kind = r.optional_enum<TokenKind>("kind").value_or(TokenKind::api);
  // A feed token reads as a viewer: its role may be left out.
  token.role = token.kind == TokenKind::feed ? r.optional_enum<Role>("role").value_or(Role::viewer)
                                             : r.required_enum<Role>("role", Role::viewer);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  if (auto ok = validate(token); !ok) return fail(ok.error());
  const std::string secret = generate_token_secret();
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    return map(store.tokens().insert(token, sha256_hex(secret)), [&](const Token& saved) {
      auto answer = to_json(saved);
      answer["token"] = secret;
      return created_record(answer, saved.meta, kCollection);
    });
  });
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.tokens().list(page), to_json));
  });
}

Answer get(RequestContext& ctx) {
  return get_record(
      ctx, "token", [](db::Store& store, const std::string& id) { return store.tokens().find(id); }, to_json);
}

Answer revoke(RequestContext& ctx) {
  auto id = ctx.require_id("token");
  if (!id) return fail(id.error());
  if (auto body = read_action_body(ctx); !body) return fail(body.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    store.set_audit_action("revoke");
    return map(store.tokens().revoke(*id), [](const Token& t) { return ok_record(to_json(t), t.meta); });
  });
}

// Who the caller is and what it may do: a front end draws its buttons from `areas`.
Answer me(RequestContext& ctx) {
  if (auto ok = QueryReader(ctx.request, {}, false).finish(); !ok) return fail(ok.error());
  const Principal& p = *ctx.principal;
  json areas = json::array();
  for (const auto& [area, name] : EnumNames<WriteArea>::table)
    if (may_write(p.role, area)) areas.push_back(name);
  const auto& person = p.person;
  return json_response(200, {{"kind", person ? "person" : "api_token"},
                             {"token_id", person ? json(nullptr) : json(p.token_id)},
                             {"name", p.name},
                             {"issuer", person ? json(person->issuer) : json(nullptr)},
                             {"subject", person ? json(person->subject) : json(nullptr)},
                             {"email", person ? opt(person->email) : json(nullptr)},
                             {"role", to_string(p.role)},
                             {"areas", std::move(areas)},
                             {"reads_personal_data", may_write(p.role, WriteArea::booking_lists)}});
}

}  // namespace

void add_token_routes(Router& router, App& app) {
  const auto admins = Access::write(WriteArea::tokens);
  router.add({"POST", "/api/v1/tokens", admins, create, true});
  router.add({"GET", "/api/v1/tokens", admins, list});
  router.add({"GET", "/api/v1/me", Access::read(), me});
  router.add({"GET", "/api/v1/tokens/{id}", admins, get});
  // This server forgets the token at once; the others hear of it from the database at the same
  // moment as this one. 200 once this server has heard it (and so every listening server was
  // told); 202 when it could not confirm that within a second. A server whose listener died
  // silently notices within its heartbeat bound and forgets every token then.
  router.add({"POST", "/api/v1/tokens/{id}/revoke", admins, [&app](RequestContext& ctx) -> Answer {
                auto response = revoke(ctx);
                if (response && response->status == 200)
                  if (auto id = ctx.require_id("token")) {
                    app.token_cache().forget(*id);
                    if (!app.token_cache().await_announcement(*id, std::chrono::milliseconds(1000)))
                      response->status = 202;
                  }
                return response;
              }});
  router.add(
      {"GET", "/api/v1/tokens/{id}/history", admins, [](RequestContext& ctx) { return history(ctx, kCollection); }});
}

}  // namespace incommon::http
