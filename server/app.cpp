#include "server/app.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "persistence/announced_cache.hpp"
#include "persistence/announcements.hpp"
#include "persistence/database.hpp"
#include "persistence/housekeeping.hpp"
#include "persistence/standbys.hpp"
#include "persistence/token_cache.hpp"
#include "persistence/webhook_repository.hpp"
#include "server/http/auth.hpp"
#include "server/http/context.hpp"
#include "server/http/log.hpp"
#include "server/http/oidc.hpp"
#include "server/http/problem.hpp"

namespace incommon::http {

App::App(ServerSettings settings, db::Database& db, db::Standbys* standbys)
    : settings_(settings),
      db_(db),
      standbys_(standbys),
      announcements_(std::make_unique<db::Announcements>(
          settings_.listen_url.empty() ? db.url() : settings_.listen_url,
          db::Announcements::Settings{std::chrono::milliseconds(30), std::chrono::milliseconds(2000),
                                      std::chrono::milliseconds(3000),
                                      [](const std::string& detail) {
                                        log::warn("listener_heartbeat_missed", {{"detail", detail}});
                                      }})),
      token_cache_(std::make_unique<db::TokenCache>(db, *announcements_)),
      records_(std::make_unique<db::AnnouncedCache<HttpResponse>>(*announcements_, "incommon_records",
                                                                  settings_.record_cache_entries)),
      subscribed_types_(std::make_unique<db::SubscribedTypes>(*announcements_)) {
  db_.set_subscribed_types(subscribed_types_.get());
  token_cache_->set_standbys(standbys_);
  if (!settings_.oidc_issuers.empty()) {
    oidc_ = std::make_unique<OidcVerifier>(settings_.oidc_issuers);
    oidc_prefetch_ = std::thread([this] { oidc_->prefetch(); });
  }
  announcements_->start();
  add_operations_routes(router_, *this);
  add_token_routes(router_, *this);
  add_organisation_routes(router_, *this);
  add_people_routes(router_);
  add_appointment_routes(router_);
  add_financial_position_routes(router_);
  add_meeting_routes(router_);
  add_decision_routes(router_);
  add_programme_routes(router_);
  add_milestone_routes(router_);
  add_risk_routes(router_);
  add_vote_routes(router_);
  add_caveat_routes(router_);
  add_consultation_routes(router_);
  add_response_routes(router_);
  add_dashboard_routes(router_);
  add_change_routes(router_);
  add_report_routes(router_);
  add_calendar_routes(router_);
  add_audit_routes(router_);
  add_webhook_routes(router_, *this);
}

std::string request_id_for(const HttpRequest& request) {
  if (const std::string* given = request.header("x-request-id")) {
    bool ok = !given->empty() && given->size() <= 128;
    for (unsigned char c : *given)
      if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-')) ok = false;
    if (ok) return *given;
  }
  // A random 64-bit prefix per thread (unique across threads and replicas) and a counter:
  // asking OpenSSL for 16 random bytes each request cost a system call of its own.
  thread_local const std::uint64_t prefix = [] {
    std::uint64_t p = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&p), sizeof p);
    return p;
  }();
  thread_local std::uint64_t counter = 0;
  static constexpr char digits[] = "0123456789abcdef";
  std::string id(32, '0');
  const std::uint64_t halves[2] = {prefix, ++counter};
  for (int h = 0; h < 2; ++h)
    for (int i = 0; i < 16; ++i) id[h * 16 + i] = digits[(halves[h] >> (60 - 4 * i)) & 15];
  return id;
}

// The listener calls into the caches: it stops before they go.
App::~App() {
  if (oidc_prefetch_.joinable()) oidc_prefetch_.join();
  announcements_->stop();
  db_.set_subscribed_types(nullptr);
}

HttpResponse App::handle(const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string request_id = request_id_for(request);
  log::set_request_id(request_id);
  std::string route_label = "unmatched";
  HttpResponse response;
  const std::string* origin = settings_.cors_origins.empty() ? nullptr : request.header("origin");
  const bool allowed_origin = origin && std::find(settings_.cors_origins.begin(), settings_.cors_origins.end(),
                                                  *origin) != settings_.cors_origins.end();
  try {
    if (allowed_origin && request.method == "OPTIONS" && request.header("access-control-request-method")) {
      response = preflight(request, route_label);
    } else {
      auto answer = dispatch(request, request_id, route_label);
      response = answer ? std::move(*answer) : error_response(answer.error());
      answer_conditionally(request, response);
    }
  } catch (const std::exception& e) {
    log::error("unhandled_exception", {{"what", e.what()}});
    response = problem(Error::internal(e.what()));
  } catch (...) {
    log::error("unhandled_exception", {{"what", "unknown"}});
    response = problem(Error::internal("unknown"));
  }
  response.header("X-Request-Id", request_id);
  // CORS: the browser lets a page of an allowed origin read the answer and these headers; a
  // page of any other origin gets no CORS header, so its browser keeps the answer from it.
  if (!settings_.cors_origins.empty()) response.header("Vary", "Origin");
  if (allowed_origin) {
    response.header("Access-Control-Allow-Origin", *origin);
    response.header("Access-Control-Expose-Headers",
                    "ETag, Location, Retry-After, X-Request-Id, Idempotent-Replayed, WAL-Position");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe(request.method, route_label, response.status, seconds);
  log::info("request", {{"method", request.method},
                        {"route", route_label},
                        {"status", response.status},
                        {"ms", static_cast<int>(seconds * 1000 * 1000) / 1000.0}});
  log::set_request_id("");
  return response;
}

Result<HttpResponse> App::dispatch(const HttpRequest& request, const std::string& request_id,
                                   std::string& route_label) {
  if (request.body.size() > settings_.max_body_bytes)
    return fail(Error::too_large("The body is larger than " + std::to_string(settings_.max_body_bytes) + " bytes."));
  auto matched = router_.match(request.method, request.path);
  if (auto* answer = std::get_if<HttpResponse>(&matched)) return std::move(*answer);
  auto& m = std::get<RouteMatch>(matched);
  route_label = m.route->pattern;

  std::optional<Principal> principal;
  const std::string* authorization = request.header("authorization");
  // A calendar feed's URL may carry a feed token: calendar apps cannot send a header.
  std::optional<std::string> in_url;
  if (m.route->feed && !authorization)
    for (const auto& [name, value] : request.query)
      if (name == "token") in_url = value;
  if (authorization || in_url || m.route->access.kind != Access::Kind::open) {
    auto token = authorization ? bearer_token(*authorization) : in_url;
    if (!token)
      return fail(Error::unauthenticated(m.route->feed
                                             ? "Send Authorization: Bearer <token>, or a feed token as ?token=."
                                             : "Send Authorization: Bearer <token>."));
    auto found = authenticate(*token);
    if (!found) return fail(found.error());
    principal = std::move(*found);
    // A URL is logged, cached and shared: only a token that can read feeds and nothing else
    // may be put in one.
    if (in_url && principal->kind != TokenKind::feed)
      return fail(Error::unauthenticated("Only a feed token may be sent in a URL; send this token in Authorization.")
                      .as(ProblemType::invalid_token));
    if (principal->kind == TokenKind::feed && !m.route->feed)
      return fail(Error::forbidden("A feed token reads the calendar feeds and nothing else."));
    if (!principal->has_role) {
      // A person the provider vouches for, with no role here: the public, where the public may go.
      if (m.route->access.kind != Access::Kind::open)
        return fail(Error::forbidden("Your identity provider gives you no role in incommon (its " +
                                     principal->person->issuer + " claim values map to none)."));
      principal.reset();
    }
  }
  if (m.route->access.kind == Access::Kind::write && !may_write(principal->role, m.route->access.area))
    return fail(Error::forbidden("The role " + std::string(to_string(principal->role)) + " may not make this change."));

  // On the public surface, only the roles that write the route's area act as staff; any other
  // caller, with a token or without, is one more client of the public.
  const bool staff = principal && may_write(principal->role, m.route->access.area);
  std::string client;
  // Only public writes tell clients apart (rate limit, reports, idempotency scope): public
  // reads compute no hash.
  if (m.route->access.kind == Access::Kind::open && request.method == "POST") {
    auto key = address_key();
    if (!key) return fail(key.error());
    client = client_key(client_address(request, settings_.trusted_proxies), *key);
    if (!staff)
      if (auto allowed = within_rate_limit(client); !allowed) return fail(allowed.error());
  }
  // A GET may be answered by a standby: one that has replayed the client's last write when it
  // sends that write's WAL-Position back, else one that lags no more than the allowed lag.
  db::Database* standby = nullptr;
  if (standbys_ && (request.method == "GET" || request.method == "HEAD")) {
    std::optional<std::uint64_t> at_least;
    if (const std::string* sent = request.header("wal-position")) {
      at_least = db::parse_wal_position(*sent);
      if (!at_least)
        return fail(
            Error::malformed("WAL-Position must be a position this API answered, such as 16/B374D848.",
                             {{"WAL-Position", "must be a WAL position such as 16/B374D848", FieldIn::header}}));
    }
    standby = standbys_->for_read(at_least);
  }
  RequestContext ctx(request, request_id, *m.route, std::move(m.params), std::move(principal), db_, client, staff,
                     standby);
  return m.route->handler(ctx);
}

Result<Principal> App::authenticate(const std::string& token) {
  // API tokens are "inc_" and hex; a person's access token is a JWT from a configured provider.
  if (looks_like_jwt(token)) {
    if (!oidc_)
      return fail(Error::unauthenticated("The token is a JWT, and this server trusts no identity provider.")
                      .as(ProblemType::invalid_token));
    return oidc_->verify(token);
  }
  auto found = token_cache_->authenticate(sha256_hex(token));
  if (!found) return fail(found.error());
  if (!*found)
    return fail(Error::unauthenticated("The token is not valid or has been revoked.").as(ProblemType::invalid_token));
  return std::move(**found);
}

HttpResponse App::preflight(const HttpRequest& request, std::string& route_label) const {
  // A preflight asks before a cross-origin request with a token, a JSON body or a condition:
  // the methods the resource accepts, the headers a client sends, remembered for 10 minutes.
  // A path with no resource gets the 404 the request itself would get.
  const std::string methods = router_.methods_at(request.path);
  if (methods.empty()) return problem(Error::not_found("No resource lives at this path."));
  route_label = "preflight";
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  r.header("Access-Control-Allow-Methods", methods);
  r.header("Access-Control-Allow-Headers",
           "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, WAL-Position");
  r.header("Access-Control-Max-Age", "600");
  return r;
}

Result<std::string> App::address_key() {
  if (address_key_loaded_.load(std::memory_order_acquire)) return address_key_;
  std::lock_guard lock(address_key_mutex_);
  if (!address_key_loaded_.load(std::memory_order_relaxed)) {
    if (!settings_.address_key.empty()) {
      address_key_ = settings_.address_key;
    } else {
      auto stored = db::stored_address_key(db_);
      if (!stored) return fail(stored.error());
      address_key_ = *stored;
    }
    address_key_loaded_.store(true, std::memory_order_release);
  }
  return address_key_;
}

Status App::within_rate_limit(const std::string& client_key) {
  if (settings_.public_rate_limit <= 0) return {};
  std::optional<db::RateWindow> over;
  auto counted = db_.read([&](db::Store& store) -> Status {
    over = store.rate_limits().hit(client_key, settings_.public_rate_limit);
    return {};
  });
  if (!counted) return fail(counted.error());
  if (!over) return {};
  return fail(Error::too_many_requests("Too many public requests from this client: at most " +
                                           std::to_string(settings_.public_rate_limit) + " a minute. Try again in " +
                                           std::to_string(over->retry_after_seconds) + " seconds.",
                                       over->retry_after_seconds));
}

}  // namespace incommon::http
