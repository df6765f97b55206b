#pragma once
// Configuration from the environment (see README: INCOMMON_*).
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "domain/auth/role.hpp"
#include "domain/core/error.hpp"

namespace incommon {

// An OpenID Connect provider whose access tokens (JWTs) stand for people (README: Signing in).
struct OidcIssuer {
  std::string issuer;                 // exactly as the tokens' `iss` and the discovery document say it
  std::string audience;               // what the tokens' `aud` must hold: this API's identifier at the provider
  std::string roles_claim = "roles";  // the claim whose values map to roles
  std::vector<std::pair<std::string, Role>> roles;  // claim value -> role; the highest wins
  bool unmatched_reads = false;                     // a person whose values map to no role reads as a viewer
  int clock_skew_seconds = 60;                      // leeway on exp and nbf
  int key_refresh_cooldown_seconds = 30;            // an unknown kid fetches the keys at most this often
  int keys_max_age_seconds = 3600;                  // keys older than this are fetched again
  std::string ca_file;  // certificates to trust for the provider's HTTPS, beside the system's
};

// Webhook delivery (README: Webhooks).
struct WebhookConfig {
  std::set<std::string> allow_hosts;   // INCOMMON_WEBHOOK_ALLOW_HOSTS: hosts exempt from the SSRF rules
  int connect_timeout_ms = 5000;       // INCOMMON_WEBHOOK_CONNECT_TIMEOUT_MS
  int timeout_ms = 15000;              // INCOMMON_WEBHOOK_TIMEOUT_MS: the whole attempt
  int concurrency = 16;                // INCOMMON_WEBHOOK_CONCURRENCY: attempts in flight per server
  int poll_ms = 250;                   // INCOMMON_WEBHOOK_POLL_MS: how often due deliveries are looked for
  int first_retry_ms = 5000;           // INCOMMON_WEBHOOK_FIRST_RETRY_MS: the first wait; x4 after each failure
  int give_up_seconds = 86400;         // INCOMMON_WEBHOOK_GIVE_UP_SECONDS: retried this long, then failed
  int sweep_seconds = 300;             // INCOMMON_WEBHOOK_SWEEP_SECONDS: how often dated events are looked for
  int secret_overlap_seconds = 86400;  // INCOMMON_WEBHOOK_SECRET_OVERLAP_SECONDS: a rotated secret still signs
};

struct Config {
  std::string database_url;
  std::vector<std::string> read_urls;  // INCOMMON_DATABASE_READ_URL: hot standbys that answer reads
  int max_replica_lag_ms = 1000;       // INCOMMON_MAX_REPLICA_LAG: a standby lagging more is not read
  std::string listen_host = "0.0.0.0";
  int listen_port = 8080;
  int threads = 8;          // request threads: each reads its share of the connections and answers their requests
  std::size_t db_pool = 0;  // 0: one per thread, plus one for readiness and one for webhooks
  std::string log_level = "info";
  std::string log_format;  // json | text; default: text on a terminal, json otherwise
  std::size_t max_body_bytes = 1048576;
  int public_rate_limit = 60;
  std::string trusted_proxies;
  std::vector<std::string> cors_origins;  // INCOMMON_CORS_ORIGINS: browser origins allowed to call the API
  std::string address_key;                // the key of client hashes; empty: the one kept in the database
  std::string listen_database_url;        // the listener's connection; empty: INCOMMON_DATABASE_URL
  int expiry_seconds = 600;               // how often expired records are deleted
  std::vector<OidcIssuer> oidc_issuers;   // INCOMMON_OIDC_ISSUERS: providers whose people may sign in
  WebhookConfig webhooks;
};

Result<Config> config_from_environment();
// INCOMMON_OIDC_ISSUERS: a JSON array of issuers (README: Signing in); "" is none.
Result<std::vector<OidcIssuer>> parse_oidc_issuers(const std::string& text);

}  // namespace incommon
