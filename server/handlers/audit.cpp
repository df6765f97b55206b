// GET /api/v1/audit-events: who changed what, when, from which request, before and after.
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

json actor_json(const std::optional<std::string>& token_id, const std::string& name,
                const std::optional<Identity>& person) {
  const char* kind = person ? "person" : token_id ? "api_token" : name == "public" ? "public" : "system";
  return {{"kind", kind},
          {"name", name},
          {"token_id", opt(token_id)},
          {"issuer", person ? json(person->issuer) : json(nullptr)},
          {"subject", person ? json(person->subject) : json(nullptr)},
          {"email", person ? opt(person->email) : json(nullptr)}};
}

json audit_event_json(const AuditEvent& e) {
  auto raw = [](const std::optional<std::string>& text) {
    return text ? json::parse(*text, nullptr, false) : json(nullptr);
  };
  return {{"id", e.id},
          {"entity_type", e.entity_type},
          {"entity_id", e.entity_id},
          {"action", e.action},
          {"actor", actor_json(e.actor_token_id, e.actor_name, e.actor_person)},
          {"request_id", opt(e.request_id)},
          {"at", e.at},
          {"before", raw(e.before_json)},
          {"after", raw(e.after_json)},
          {"entry", raw(e.entry_json)}};
}

namespace {

// A feed cursor carries the position to poll from (FeedPosition) and this mark, so that its
// pages stay a feed.
constexpr const char* kFeed = "feed";

Answer list_audit_events(RequestContext& ctx) {
  QueryReader q(ctx.request, {"entity_type", "entity_id", "actor", "from", "to", "after"}, true);
  AuditFilter f;
  f.entity_type = q.text("entity_type");
  f.entity_id = q.uuid("entity_id");
  f.actor = q.text("actor");
  if (auto from = q.instant("from")) f.from = from->to_string();
  if (auto to = q.instant("to")) f.to = to->to_string();
  f.after_event_id = q.uuid("after");
  auto page = q.page(1, 2);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  // The feed: ?after=<event id>, then the cursors it hands out. Its next_cursor is never null.
  f.feed = f.after_event_id || (page.after && page.after->size() == 2);
  if (f.after_event_id && page.after)
    return fail(
        Error::malformed_parameter("after", "after starts a feed; its next_cursor goes on with it, so send one"));
  if (f.feed && page.after) {
    f.after_position = parse_feed_position(page.after->front());
    if (!f.after_position) return fail(Error::malformed_parameter("cursor", "cursor is not one this server gave out"));
    page.after.reset();
  }
  f.hidden_entity_types = audit_entity_types_hidden_from(ctx.principal->role);
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (f.after_event_id && !store.audit().has_event(*f.after_event_id))
      return fail(Error::malformed_parameter("after", "after names no audit event"));
    auto events = store.audit().list(f, page);
    if (f.feed && events.next) events.next = std::vector<std::string>{events.next->front(), kFeed};
    return json_response(200, page_json(events, audit_event_json));
  });
}

}  // namespace

void add_audit_routes(Router& router) {
  router.add({"GET", "/api/v1/audit-events", Access::read(), list_audit_events});
}

}  // namespace incommon::http
