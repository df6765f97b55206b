// Webhook subscriptions (admin): who is told of what, their signing secrets, and the
// deliveries made to each, which an admin can see and send again. Events are written by the
// writes themselves (server/handlers/events.hpp) and delivered by server/webhooks/deliverer.
#include <chrono>

#include "domain/webhooks/webhook.hpp"
#include "persistence/announcements.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/webhooks/destination.hpp"
#include "server/webhooks/signature.hpp"

namespace incommon::http {

namespace {

// Kept by the server: never accepted from a client (enabled changes by enable and disable).
const std::set<std::string> kOwned{"id",      "version",         "created_at",    "updated_at",
                                   "enabled", "disabled_reason", "failing_since", "previous_secret_expires_at",
                                   "secret"};

json subscription_json(const WebhookSubscription& s) {
  return with_meta(s.meta, {{"url", s.url},
                            {"event_types", s.event_types},
                            {"description", opt(s.description)},
                            {"enabled", s.enabled},
                            {"disabled_reason", opt(s.disabled_reason)},
                            {"failing_since", opt(s.failing_since)},
                            {"previous_secret_expires_at", opt(s.previous_secret_until)}});
}

json attempt_json(const WebhookAttempt& a) {
  return {{"attempt", a.attempt},    {"started_at", a.started_at}, {"latency_ms", a.latency_ms},
          {"status", opt(a.status)}, {"error", opt(a.error)},      {"response", opt(a.response)}};
}

json delivery_json(const WebhookDelivery& d) {
  json attempts = json::array();
  for (const auto& a : d.attempt_log) attempts.push_back(attempt_json(a));
  return {{"id", d.id},
          {"subscription_id", d.subscription_id},
          {"message_id", d.message_id},
          {"event_type", d.event_type},
          {"record_type", d.record_type},
          {"record_id", d.record_id},
          {"status", to_string(d.status)},
          {"attempts", d.attempts},
          {"next_attempt_at", opt(d.next_attempt_at)},
          {"created_at", d.created_at},
          {"delivered_at", opt(d.delivered_at)},
          {"attempt_log", std::move(attempts)}};
}

// url (https, public: no SSRF), event_types, description.
Result<WebhookSubscription> from_json(const App& app, const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  WebhookSubscription s;
  s.url = r.text("url");
  s.description = r.optional_text("description");
  if (const json* types = r.take("event_types")) {
    if (!types->is_array())
      r.malformed("event_types", "event_types must be an array of event types");
    else
      for (const auto& t : *types) {
        if (!t.is_string()) {
          r.malformed("event_types", "event_types must be an array of event types");
          break;
        }
        s.event_types.push_back(*t.get_ptr<const std::string*>());
      }
  } else {
    r.require("event_types");
  }
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  auto destination = webhooks::destination_of(s.url, app.settings().webhooks.allow_hosts);
  if (!destination) return fail(destination.error());
  s.url = destination->url;
  return s;
}

// Every server has heard of the change (it must offer the next write's events to this
// subscription) once this server has; a 200 becomes 202 when that could not be confirmed in a
// second (a 201 stays: the secret in it is shown only then).
HttpResponse heard_by_every_server(App& app, HttpResponse response, const WebhookSubscription& s) {
  if (!app.announcements().await("incommon_webhooks", s.meta.id + ":" + std::to_string(s.meta.version),
                                 std::chrono::milliseconds(1000)) &&
      response.status == 200)
    response.status = 202;
  return response;
}

Answer create(App& app, RequestContext& ctx) {
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  auto s = from_json(app, *body, false);
  if (!s) return fail(s.error());
  const std::string secret = webhooks::new_secret();
  WebhookSubscription saved;
  auto response = ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto added = add_subscription(store.webhooks(), *s, secret);
    if (!added) return fail(added.error());
    saved = *added;
    json out = subscription_json(*added);
    out["secret"] = secret;  // shown only now
    return created_record(out, added->meta, "webhooks");
  });
  // A replayed create (Idempotency-Key) wrote nothing: there is nothing new to hear.
  if (!response || saved.meta.id.empty()) return response;
  return heard_by_every_server(app, std::move(*response), saved);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page(2);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.webhooks().list(page), subscription_json));
  });
}

Answer get(RequestContext& ctx) {
  return get_record(
      ctx, "webhook subscription", [](db::Store& s, const std::string& id) { return s.webhooks().find(id); },
      subscription_json);
}

Answer patch(App& app, RequestContext& ctx) {
  auto req = read_patch(ctx, "webhook subscription", kOwned);
  if (!req) return fail(req.error());
  WebhookSubscription saved;
  auto response = ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto changed =
        change_subscription(store.webhooks(), req->id, req->expected_version, [&](const WebhookSubscription& current) {
          return from_json(app, merge_patch(subscription_json(current), req->patch), true);
        });
    if (!changed) return fail(changed.error());
    saved = *changed;
    return ok_record(subscription_json(*changed), changed->meta);
  });
  if (!response) return response;
  return heard_by_every_server(app, std::move(*response), saved);
}

Answer enable(App& app, RequestContext& ctx, bool enabled) {
  WebhookSubscription saved;
  auto response = optional_body_action(
      ctx, "webhook subscription", enabled ? std::set<std::string>{} : std::set<std::string>{"reason"},
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected,
          const json& body) -> Result<HttpResponse> {
        FieldReader r(body);
        auto changed = set_enabled(store.webhooks(), id, expected, enabled, r.optional_text("reason"));
        if (!changed) return fail(changed.error());
        saved = *changed;
        return ok_record(subscription_json(*changed), changed->meta);
      });
  if (!response) return response;
  return heard_by_every_server(app, std::move(*response), saved);
}

Answer rotate(App& app, RequestContext& ctx) {
  const std::int64_t overlap = app.settings().webhooks.secret_overlap_seconds;
  const std::string secret = webhooks::new_secret();
  return optional_body_action(ctx, "webhook subscription", {},
                              [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected,
                                  const json&) -> Result<HttpResponse> {
                                auto current = store.webhooks().find_for_update(id);
                                if (!current) return fail(not_found("webhook subscription", id));
                                if (auto ok = check_version(*current, expected); !ok) return fail(ok.error());
                                auto rotated = store.webhooks().rotate_secret(id, secret, overlap);
                                json out = subscription_json(rotated);
                                out["secret"] = secret;  // shown only now
                                return ok_record(out, rotated.meta);
                              });
}

Answer deliveries(RequestContext& ctx) {
  return child_list(
      ctx, "webhook subscription",
      [](db::Store& s, const std::string& id) { return s.webhooks().find(id).has_value(); },
      [](db::Store& s, const std::string& id, const PageRequest& page) { return s.webhooks().deliveries(id, page); },
      delivery_json);
}

Answer retry(RequestContext& ctx) {
  auto id = ctx.require_id("webhook subscription");
  if (!id) return fail(id.error());
  auto delivery_id = ctx.require_id("delivery", "delivery_id");
  if (!delivery_id) return fail(delivery_id.error());
  auto body = read_action_body(ctx);
  if (!body) return fail(body.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto again = store.webhooks().retry(*id, *delivery_id);
    if (!again) return fail(not_found("delivery", *delivery_id));
    return json_response(202, delivery_json(*again));
  });
}

}  // namespace

void add_webhook_routes(Router& router, App& app) {
  const auto admins = Access::write(WriteArea::webhooks);
  router.add({"POST", "/api/v1/webhooks", admins, [&app](RequestContext& ctx) { return create(app, ctx); }, true});
  router.add({"GET", "/api/v1/webhooks", admins, list});
  router.add({"GET", "/api/v1/webhooks/{id}", admins, get});
  router.add({"PATCH", "/api/v1/webhooks/{id}", admins, [&app](RequestContext& ctx) { return patch(app, ctx); }});
  router.add(
      {"POST", "/api/v1/webhooks/{id}/enable", admins, [&app](RequestContext& ctx) { return enable(app, ctx, true); }});
  router.add({"POST", "/api/v1/webhooks/{id}/disable", admins,
              [&app](RequestContext& ctx) { return enable(app, ctx, false); }});
  router.add({"POST", "/api/v1/webhooks/{id}/rotate-secret", admins,
              [&app](RequestContext& ctx) { return rotate(app, ctx); }});
  router.add({"GET", "/api/v1/webhooks/{id}/history", admins,
              [](RequestContext& ctx) { return history(ctx, "webhook_subscriptions"); }});
  router.add({"GET", "/api/v1/webhooks/{id}/deliveries", admins, deliveries});
  router.add({"POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", admins, retry});
}

}  // namespace incommon::http
