#pragma once
// The application: the route table and the pipeline every request goes through.
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "domain/core/error.hpp"
#include "server/config.hpp"
#include "server/http/client_address.hpp"
#include "server/http/message.hpp"
#include "server/http/metrics.hpp"
#include "server/http/router.hpp"

namespace incommon::db {
class Announcements;
class Database;
class Standbys;
class SubscribedTypes;
class TokenCache;
template <class Value>
class AnnouncedCache;
}  // namespace incommon::db

namespace incommon::http {

class OidcVerifier;

struct ServerSettings {
  std::size_t max_body_bytes = 1048576;
  int public_rate_limit = 60;  // public writes per client address and minute; 0: no limit
  std::vector<AddressRange> trusted_proxies;
  std::size_t record_cache_entries = 4096;  // remembered GET answers; 0: none
  std::string address_key;                  // the key of client hashes (INCOMMON_ADDRESS_KEY); empty: the database's
  std::string listen_url;  // where the listener connects (INCOMMON_LISTEN_DATABASE_URL); empty: the pool's
  std::vector<std::string> cors_origins;  // browser origins allowed to call the API (INCOMMON_CORS_ORIGINS)
  std::vector<OidcIssuer> oidc_issuers;   // providers whose people's access tokens are accepted
  WebhookConfig webhooks;                 // where webhooks may go, and how a rotated secret overlaps
};

class App {
 public:
  // `standbys`: hot standbys that answer GETs (INCOMMON_DATABASE_READ_URL); none: the primary.
  App(ServerSettings settings, db::Database& db, db::Standbys* standbys = nullptr);
  ~App();

  // request id -> size limit -> route -> authentication -> access -> handler; never throws.
  HttpResponse handle(const HttpRequest& request);

  const Router& router() const { return router_; }
  db::Database& database() { return db_; }
  db::Standbys* standbys() { return standbys_; }
  Metrics& metrics() { return metrics_; }
  db::TokenCache& token_cache() { return *token_cache_; }
  db::SubscribedTypes& subscribed_types() { return *subscribed_types_; }
  db::Announcements& announcements() { return *announcements_; }
  // Answers to GET /{collection}/{id} of records that announce their changes, by
  // "<collection>:<id>" (see persistence/migrations/0009_record_notifications.sql).
  db::AnnouncedCache<HttpResponse>& records() { return *records_; }
  const ServerSettings& settings() const { return settings_; }
  // Set on SIGTERM: readiness fails so that a balancer stops sending work.
  std::atomic<bool> draining{false};

 private:
  // The answer to a CORS preflight from an allowed origin (App::handle adds the origin).
  HttpResponse preflight(const HttpRequest& request, std::string& route_label) const;
  Result<HttpResponse> dispatch(const HttpRequest& request, const std::string& request_id, std::string& route_label);
  // The public rate limit: too_many_requests (429, with Retry-After) when this client is over it.
  Status within_rate_limit(const std::string& client_key);
  // The key of client hashes: the configured one, or the database's (read once).
  Result<std::string> address_key();
  // The caller a bearer token stands for: an API token's holder or a person; 401 if neither.
  Result<Principal> authenticate(const std::string& token);
  ServerSettings settings_;
  db::Database& db_;
  db::Standbys* standbys_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<db::Announcements> announcements_;
  std::unique_ptr<db::TokenCache> token_cache_;
  std::unique_ptr<OidcVerifier> oidc_;  // null when no issuer is configured
  std::thread oidc_prefetch_;           // fetches the providers' keys at start-up
  std::unique_ptr<db::AnnouncedCache<HttpResponse>> records_;
  std::unique_ptr<db::SubscribedTypes> subscribed_types_;
  // Read once (from the settings or the database), then only read: address_key_ is written
  // under the mutex before address_key_loaded_ is set, and never after.
  std::mutex address_key_mutex_;
  std::atomic<bool> address_key_loaded_{false};
  std::string address_key_;
};

// Each resource registers its routes (server/handlers/*.cpp).
void add_operations_routes(Router& router, App& app);
void add_token_routes(Router& router, App& app);
void add_organisation_routes(Router& router, App& app);
void add_people_routes(Router& router);
void add_appointment_routes(Router& router);
void add_financial_position_routes(Router& router);
void add_meeting_routes(Router& router);
void add_decision_routes(Router& router);
void add_programme_routes(Router& router);
void add_milestone_routes(Router& router);
void add_risk_routes(Router& router);
void add_vote_routes(Router& router);
void add_caveat_routes(Router& router);
void add_consultation_routes(Router& router);
void add_response_routes(Router& router);
void add_dashboard_routes(Router& router);
void add_change_routes(Router& router);
void add_report_routes(Router& router);
void add_calendar_routes(Router& router);
void add_audit_routes(Router& router);
void add_webhook_routes(Router& router, App& app);

// The request id to use: the client's when it is well-formed, a new one otherwise.
std::string request_id_for(const HttpRequest& request);

}  // namespace incommon::http
