#include "server/config.hpp"

#include <sstream>

#include "server/http/client_address.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <charconv>
#include <cstdlib>

namespace incommon {

namespace {

std::string env(const char* name, std::string fallback = {}) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// The items of a comma-separated setting, each without its surrounding spaces; empty ones left out.
std::vector<std::string> comma_separated(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    start = end + 1;
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(std::move(item));
  }
  return out;
}

template <class N>
bool number(const std::string& text, N& out, N min, N max) {
  N n{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < min || n > max) return false;
  out = n;
  return true;
}

bool https_url(const std::string& url) {
  return url.starts_with("https://") && url.size() > 8 && url.find_first_of(" \t\r\n\"", 8) == std::string::npos;
}

}  // namespace

Result<std::vector<OidcIssuer>> parse_oidc_issuers(const std::string& text) {
  std::vector<OidcIssuer> out;
  if (text.empty()) return out;
  const std::string name = "INCOMMON_OIDC_ISSUERS";
  const auto bad = [&](const std::string& why) -> Result<std::vector<OidcIssuer>> {
    return fail(Error::malformed(name + " " + why + ".", {{name, why}}));
  };
  const auto list = nlohmann::json::parse(text, nullptr, false);
  if (!list.is_array() || list.empty()) return bad("must be a JSON array of issuers");
  const std::vector<std::string> known = {"issuer",
                                          "audience",
                                          "roles_claim",
                                          "roles",
                                          "unmatched",
                                          "clock_skew_seconds",
                                          "key_refresh_cooldown_seconds",
                                          "keys_max_age_seconds",
                                          "ca_file"};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& j = list[i];
    const std::string at = "[" + std::to_string(i) + "]";
    if (!j.is_object()) return bad(at + " must be an object");
    for (const auto& [key, value] : j.items())
      if (std::find(known.begin(), known.end(), key) == known.end()) return bad(at + " has an unknown setting " + key);
    OidcIssuer issuer;
    const auto text_of = [&](const char* key, std::string& into) {
      if (!j.contains(key)) return true;
      if (!j[key].is_string() || j[key].get<std::string>().empty()) return false;
      into = j[key].get<std::string>();
      return true;
    };
    const auto seconds_of = [&](const char* key, int& into, int max) {
      if (!j.contains(key)) return true;
      if (!j[key].is_number_integer() || j[key].get<long long>() < 0 || j[key].get<long long>() > max) return false;
      into = j[key].get<int>();
      return true;
    };
    if (!text_of("issuer", issuer.issuer) || !https_url(issuer.issuer))
      return bad(at + ".issuer must be the provider's https:// issuer URL");
    if (!text_of("audience", issuer.audience) || issuer.audience.empty())
      return bad(at + ".audience must be the audience this API's tokens carry");
    if (!text_of("roles_claim", issuer.roles_claim)) return bad(at + ".roles_claim must be a claim's name");
    if (!text_of("ca_file", issuer.ca_file)) return bad(at + ".ca_file must be a file of PEM certificates");
    if (!seconds_of("clock_skew_seconds", issuer.clock_skew_seconds, 300))
      return bad(at + ".clock_skew_seconds must be 0 to 300");
    if (!seconds_of("key_refresh_cooldown_seconds", issuer.key_refresh_cooldown_seconds, 3600))
      return bad(at + ".key_refresh_cooldown_seconds must be 0 to 3600");
    if (!seconds_of("keys_max_age_seconds", issuer.keys_max_age_seconds, 86400 * 7) || issuer.keys_max_age_seconds < 60)
      return bad(at + ".keys_max_age_seconds must be 60 to 604800");
    if (j.contains("unmatched")) {
      const auto& u = j["unmatched"];
      if (u == "viewer")
        issuer.unmatched_reads = true;
      else if (u != "none")
        return bad(at + ".unmatched must be none or viewer");
    }
    if (!j.contains("roles") || !j["roles"].is_object() || j["roles"].empty())
      return bad(at + ".roles must map claim values to roles, e.g. {\"Incommon.Admin\": \"admin\"}");
    for (const auto& [value, role] : j["roles"].items()) {
      const auto parsed = role.is_string() ? parse_enum<Role>(role.get<std::string>()) : std::nullopt;
      if (!parsed)
        return bad(at + ".roles." + value + " must be admin, governance, transformation, engagement or viewer");
      issuer.roles.emplace_back(value, *parsed);
    }
    for (const auto& other : out)
      if (other.issuer == issuer.issuer) return bad(at + " names the issuer " + issuer.issuer + " twice");
    out.push_back(std::move(issuer));
  }
  return out;
}

Result<Config> config_from_environment() {
  Config c;
  Violations v;
  c.database_url = env("INCOMMON_DATABASE_URL");
  if (c.database_url.empty()) v.add("INCOMMON_DATABASE_URL", "is required (a libpq URI or conninfo)");
  // Standbys as libpq URIs separated by spaces (a URI has no space; a multi-host one has
  // commas), or one conninfo.
  if (auto r = env("INCOMMON_DATABASE_READ_URL"); !r.empty()) {
    if (r.find("://") == std::string::npos) {
      c.read_urls.push_back(r);
    } else {
      std::istringstream words(r);
      for (std::string url; words >> url;) c.read_urls.push_back(url);
    }
  }
  if (auto lag = env("INCOMMON_MAX_REPLICA_LAG"); !lag.empty()) {
    // "1s", "250ms", or seconds ("2", "0.5").
    const bool ms = lag.ends_with("ms");
    std::string number_part = lag.substr(0, lag.size() - (ms ? 2 : lag.ends_with("s") ? 1 : 0));
    char* end = nullptr;
    const double millis = std::strtod(number_part.c_str(), &end) * (ms ? 1 : 1000);
    if (number_part.empty() || end != number_part.c_str() + number_part.size() || !(millis >= 0) || millis > 3600000)
      v.add("INCOMMON_MAX_REPLICA_LAG", "must be a duration such as 1s or 250ms, at most an hour");
    else
      c.max_replica_lag_ms = static_cast<int>(millis);
  }
  auto listen = env("INCOMMON_LISTEN", "0.0.0.0:8080");
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || !number(listen.substr(colon + 1), c.listen_port, 0, 65535))
    v.add("INCOMMON_LISTEN", "must be HOST:PORT");
  else
    c.listen_host = listen.substr(0, colon);
  if (auto t = env("INCOMMON_THREADS"); !t.empty() && !number(t, c.threads, 1, 256))
    v.add("INCOMMON_THREADS", "must be 1 to 256");
  if (auto p = env("INCOMMON_DB_POOL"); !p.empty() && !number<std::size_t>(p, c.db_pool, 1, 1000))
    v.add("INCOMMON_DB_POOL", "must be 1 to 1000");
  // One per request thread, one for readiness, one for the webhook deliverer.
  if (c.db_pool == 0) c.db_pool = static_cast<std::size_t>(c.threads) + 2;
  c.log_level = env("INCOMMON_LOG_LEVEL", "info");
  if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error" && c.log_level != "off")
    v.add("INCOMMON_LOG_LEVEL", "must be trace, debug, info, warn, error or off");
  c.log_format = env("INCOMMON_LOG_FORMAT", isatty(STDERR_FILENO) ? "text" : "json");
  if (c.log_format != "json" && c.log_format != "text") v.add("INCOMMON_LOG_FORMAT", "must be json or text");
  if (auto b = env("INCOMMON_MAX_BODY_BYTES"); !b.empty() && !number<std::size_t>(b, c.max_body_bytes, 1, 64u << 20))
    v.add("INCOMMON_MAX_BODY_BYTES", "must be 1 to 67108864");
  if (auto r = env("INCOMMON_PUBLIC_RATE_LIMIT"); !r.empty() && !number(r, c.public_rate_limit, 0, 1000000))
    v.add("INCOMMON_PUBLIC_RATE_LIMIT", "must be 0 to 1000000 a minute");
  c.address_key = env("INCOMMON_ADDRESS_KEY");
  c.listen_database_url = env("INCOMMON_LISTEN_DATABASE_URL");
  if (!c.address_key.empty() && c.address_key.size() < 32)
    v.add("INCOMMON_ADDRESS_KEY", "must be at least 32 characters (e.g. openssl rand -hex 32)");
  if (auto e = env("INCOMMON_EXPIRY_SECONDS"); !e.empty() && !number(e, c.expiry_seconds, 1, 86400))
    v.add("INCOMMON_EXPIRY_SECONDS", "must be 1 to 86400");
  // Exact origins ("https://dashboard.example.nhs.uk"), compared as the browser sends them.
  for (const auto& origin : comma_separated(env("INCOMMON_CORS_ORIGINS"))) {
    const auto host = origin.find("://");
    const std::string scheme = host == std::string::npos ? "" : origin.substr(0, host);
    if ((scheme != "http" && scheme != "https") || origin.size() == host + 3 ||
        origin.find('/', host + 3) != std::string::npos)
      v.add("INCOMMON_CORS_ORIGINS", "must be origins such as https://dashboard.example.org, separated by commas");
    else
      c.cors_origins.push_back(origin);
  }
  struct Bound {
    const char* name;
    int* value;
    int low, high;
  };
  for (const Bound& b :
       {Bound{"INCOMMON_WEBHOOK_CONNECT_TIMEOUT_MS", &c.webhooks.connect_timeout_ms, 100, 60000},
        Bound{"INCOMMON_WEBHOOK_TIMEOUT_MS", &c.webhooks.timeout_ms, 100, 120000},
        Bound{"INCOMMON_WEBHOOK_CONCURRENCY", &c.webhooks.concurrency, 1, 256},
        Bound{"INCOMMON_WEBHOOK_POLL_MS", &c.webhooks.poll_ms, 10, 60000},
        Bound{"INCOMMON_WEBHOOK_FIRST_RETRY_MS", &c.webhooks.first_retry_ms, 10, 3600000},
        Bound{"INCOMMON_WEBHOOK_GIVE_UP_SECONDS", &c.webhooks.give_up_seconds, 1, 7 * 86400},
        Bound{"INCOMMON_WEBHOOK_SWEEP_SECONDS", &c.webhooks.sweep_seconds, 1, 86400},
        Bound{"INCOMMON_WEBHOOK_SECRET_OVERLAP_SECONDS", &c.webhooks.secret_overlap_seconds, 0, 7 * 86400}})
    if (auto e = env(b.name); !e.empty() && !number(e, *b.value, b.low, b.high))
      v.add(b.name, "must be " + std::to_string(b.low) + " to " + std::to_string(b.high));
  for (auto host : comma_separated(env("INCOMMON_WEBHOOK_ALLOW_HOSTS"))) {
    for (auto& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.webhooks.allow_hosts.insert(std::move(host));
  }
  c.trusted_proxies = env("INCOMMON_TRUSTED_PROXIES");
  if (!http::parse_address_ranges(c.trusted_proxies))
    v.add("INCOMMON_TRUSTED_PROXIES", "must be addresses or CIDR ranges, separated by commas");
  if (auto ok = v.result(); !ok) return fail(ok.error());
  auto issuers = parse_oidc_issuers(env("INCOMMON_OIDC_ISSUERS"));
  if (!issuers) return fail(issuers.error());
  c.oidc_issuers = std::move(*issuers);
  return c;
}

}  // namespace incommon
