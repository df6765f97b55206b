// GET /api/v1/audit-events: who changed what, when, from which request, before and after.
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

json audit_event_json(const AuditEvent& e) {
  auto raw = [](const std::optional<std::string>& text) {
    return text ? json::parse(*text, nullptr, false) : json(nullptr);
  };
  return {{"id", e.id},
          {"entity_type", e.entity_type},
          {"entity_id", e.entity_id},
          {"action", e.action},
          {"actor", {{"token_id", opt(e.actor_token_id)}, {"name", e.actor_name}}},
          {"request_id", opt(e.request_id)},
          {"at", e.at},
          {"before", raw(e.before_json)},
          {"after", raw(e.after_json)}};
}

namespace {

Answer list_audit_events(RequestContext& ctx) {
  QueryReader q(ctx.request, {"entity_type", "entity_id", "actor", "from", "to"}, true);
  AuditFilter f;
  f.entity_type = q.text("entity_type");
  f.entity_id = q.uuid("entity_id");
  f.actor = q.text("actor");
  if (auto from = q.instant("from")) f.from = from->to_string();
  if (auto to = q.instant("to")) f.to = to->to_string();
  auto page = q.page(1);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  f.hidden_entity_types = audit_entity_types_hidden_from(ctx.principal->role);
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.audit().list(f, page), audit_event_json));
  });
}

}  // namespace

void add_audit_routes(Router& router) {
  router.add({"GET", "/api/v1/audit-events", Access::read(), list_audit_events});
}

}  // namespace incommon::http
