#include "server/http/oidc.hpp"

#include <cjose/cjose.h>
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

#include "server/http/log.hpp"

namespace incommon::http {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// Only asymmetric signatures: "none" proves nothing, and an HMAC would be keyed with what the
// provider publishes (the algorithm-confusion forgery).
constexpr std::string_view kAccepted[] = {"RS256", "RS384", "RS512", "PS256", "PS384",
                                          "PS512", "ES256", "ES384", "ES512"};
constexpr const char* kAcceptedList = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512";
constexpr std::size_t kMaxToken = 16 * 1024;
constexpr std::size_t kMaxDocument = 1 << 20;

Error invalid(std::string why) {
  return Error::unauthenticated(std::move(why)).as(ProblemType::invalid_token);
}

// A new key is needed and the issuer cannot be asked for it: try again in `retry_after` s (1 at least).
Error keys_unavailable(const OidcIssuer& issuer, int retry_after) {
  auto e = Error::unavailable("The keys of " + issuer.issuer + " cannot be fetched now; try again shortly.");
  e.retry_after_seconds = std::max(1, retry_after);
  return e;
}

std::optional<std::string> base64url(std::string_view part) {
  uint8_t* out = nullptr;
  size_t len = 0;
  cjose_err err;
  if (part.empty() || !cjose_base64url_decode(part.data(), part.size(), &out, &len, &err)) return std::nullopt;
  std::string text(reinterpret_cast<const char*>(out), len);
  cjose_get_dealloc()(out);
  return text;
}

std::string instant(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// What a claim says as text, for messages: a short printable form.
std::string shown(const json& value) {
  std::string s = value.is_string() ? value.get<std::string>() : value.dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  for (auto& c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') c = '?';
  return s;
}

std::vector<std::string> claim_values(const json& claim) {
  std::vector<std::string> values;
  if (claim.is_array()) {
    for (const auto& v : claim)
      if (v.is_string()) values.push_back(v.get<std::string>());
  } else if (claim.is_string()) {  // a space-separated list, as `scope` is
    const std::string text = claim.get<std::string>();
    for (std::size_t start = 0; start < text.size();) {
      auto end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) values.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return values;
}

std::size_t write_body(char* data, std::size_t size, std::size_t n, void* out) {
  auto& body = *static_cast<std::string*>(out);
  if (body.size() + size * n > kMaxDocument) return 0;  // too large: the transfer fails
  body.append(data, size * n);
  return size * n;
}

}  // namespace

bool looks_like_jwt(std::string_view token) {
  if (token.size() < 16 || token.size() > kMaxToken) return false;
  int dots = 0;
  for (char c : token) {
    if (c == '.')
      ++dots;
    else if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return false;
  }
  return dots == 2;
}

// One issuer's published signing keys, as cjose holds them.
struct OidcVerifier::Keys {
  struct Key {
    std::string kid;
    std::string alg;  // the JWK's own, when it names one
    cjose_jwk_t* jwk = nullptr;
  };
  std::vector<Key> keys;
  Keys() = default;
  Keys(const Keys&) = delete;
  Keys& operator=(const Keys&) = delete;
  ~Keys() {
    for (auto& k : keys) cjose_jwk_release(k.jwk);
  }

  // The key of `kid` (or, for a token naming none, the only key) fit for `alg`.
  const Key* find(const std::optional<std::string>& kid, std::string_view alg) const {
    const bool rsa = alg.front() == 'R' || alg.front() == 'P';
    const Key* found = nullptr;
    int candidates = 0;
    for (const auto& k : keys) {
      if (kid && k.kid != *kid) continue;
      if (!k.alg.empty() && k.alg != alg) continue;
      cjose_err err;
      const auto kty = cjose_jwk_get_kty(k.jwk, &err);
      if (rsa ? kty != CJOSE_JWK_KTY_RSA : kty != CJOSE_JWK_KTY_EC) continue;
      if (rsa && cjose_jwk_get_keysize(k.jwk, &err) < 2048) continue;
      if (!rsa) {
        const auto crv = cjose_jwk_EC_get_curve(k.jwk, &err);
        const auto wanted = alg == "ES256"   ? CJOSE_JWK_EC_P_256
                            : alg == "ES384" ? CJOSE_JWK_EC_P_384
                                             : CJOSE_JWK_EC_P_521;
        if (crv != wanted) continue;
      }
      found = &k;
      ++candidates;
    }
    return kid || candidates == 1 ? found : nullptr;
  }
};

struct OidcVerifier::State {
  explicit State(OidcIssuer c) : config(std::move(c)) {}
  const OidcIssuer config;
  std::mutex fetching;  // one fetch at a time; others keep using the keys they have
  std::mutex m;         // guards what follows
  std::shared_ptr<const Keys> keys;
  Clock::time_point fetched_at{};
  Clock::time_point attempted_at{};
  bool attempted = false;
  bool last_failed = false;

  struct Snapshot {
    std::shared_ptr<const Keys> keys;
    Clock::time_point fetched_at, attempted_at;
    bool attempted, last_failed;
  };
  Snapshot snapshot() {
    std::lock_guard lock(m);
    return {keys, fetched_at, attempted_at, attempted, last_failed};
  }
};

Result<std::string> OidcVerifier::https_get(const std::string& url, const OidcIssuer& issuer) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fail(Error::unavailable("libcurl could not start a transfer."));
  std::string body;
  char error[CURL_ERROR_SIZE] = "";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "incommon");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  // The provider's own certificates, beside the system's (CAPATH keeps /etc/ssl/certs).
  if (!issuer.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, issuer.ca_file.c_str());
  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK)
    return fail(Error::unavailable("GET " + url + " failed: " + (*error ? error : curl_easy_strerror(code))));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) return fail(Error::unavailable("GET " + url + " answered " + std::to_string(status)));
  return body;
}

OidcVerifier::OidcVerifier(std::vector<OidcIssuer> issuers, Fetch fetch) : fetch_(std::move(fetch)) {
  for (auto& i : issuers) states_.push_back(std::make_unique<State>(std::move(i)));
}

OidcVerifier::~OidcVerifier() = default;

void OidcVerifier::prefetch() {
  for (auto& s : states_) {
    std::lock_guard f(s->fetching);
    (void)refresh(*s);
  }
}

// Discovery, then the JWKS it names. Called holding `state.fetching`.
Result<std::shared_ptr<const OidcVerifier::Keys>> OidcVerifier::refresh(State& state) {
  const auto& issuer = state.config;
  const auto failed = [&](Error e) -> Result<std::shared_ptr<const Keys>> {
    {
      std::lock_guard lock(state.m);
      state.attempted = true;
      state.attempted_at = Clock::now();
      state.last_failed = true;
    }
    log::warn("oidc_keys_unavailable", {{"issuer", issuer.issuer}, {"why", e.detail}});
    return fail(std::move(e));
  };
  std::string base = issuer.issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto discovery = fetch_(base + "/.well-known/openid-configuration", issuer);
  if (!discovery) return failed(discovery.error());
  const auto doc = json::parse(*discovery, nullptr, false);
  if (!doc.is_object() || !doc.contains("jwks_uri") || !doc["jwks_uri"].is_string())
    return failed(Error::unavailable("The discovery document of " + issuer.issuer + " names no jwks_uri."));
  // OpenID Connect Discovery 4.3: the document's issuer is the one asked for, exactly.
  if (!doc.contains("issuer") || doc["issuer"] != issuer.issuer)
    return failed(Error::unavailable("The discovery document of " + issuer.issuer + " names another issuer."));
  const std::string jwks_uri = doc["jwks_uri"].get<std::string>();
  if (!jwks_uri.starts_with("https://"))
    return failed(Error::unavailable("The jwks_uri of " + issuer.issuer + " is not https."));
  auto body = fetch_(jwks_uri, issuer);
  if (!body) return failed(body.error());
  const auto set = json::parse(*body, nullptr, false);
  if (!set.is_object() || !set.contains("keys") || !set["keys"].is_array())
    return failed(Error::unavailable("The JWKS of " + issuer.issuer + " is not a key set."));
  auto keys = std::make_shared<Keys>();
  for (const auto& k : set["keys"]) {
    if (!k.is_object() || !k.contains("kty") || (k["kty"] != "RSA" && k["kty"] != "EC")) continue;
    if (k.contains("use") && k["use"] != "sig") continue;  // an encryption key signs nothing
    if (k.contains("d")) continue;                         // a private key published by mistake
    const std::string text = k.dump();
    cjose_err err;
    cjose_jwk_t* jwk = cjose_jwk_import(text.c_str(), text.size(), &err);
    if (!jwk) continue;
    Keys::Key key;
    key.jwk = jwk;
    if (k.contains("kid") && k["kid"].is_string()) key.kid = k["kid"].get<std::string>();
    if (k.contains("alg") && k["alg"].is_string()) key.alg = k["alg"].get<std::string>();
    keys->keys.push_back(std::move(key));
  }
  if (keys->keys.empty()) return failed(Error::unavailable("The JWKS of " + issuer.issuer + " holds no signing key."));
  std::shared_ptr<const Keys> fresh = std::move(keys);
  {
    std::lock_guard lock(state.m);
    state.keys = fresh;
    state.fetched_at = state.attempted_at = Clock::now();
    state.attempted = true;
    state.last_failed = false;
  }
  log::info("oidc_keys_fetched", {{"issuer", issuer.issuer}, {"keys", static_cast<int>(fresh->keys.size())}});
  return fresh;
}

Result<Principal> OidcVerifier::verify(std::string_view token) {
  if (!looks_like_jwt(token)) return fail(invalid("The token is not a JWT."));
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const auto header_text = base64url(token.substr(0, first));
  const auto payload_text = base64url(token.substr(first + 1, second - first - 1));
  if (!header_text || !payload_text) return fail(invalid("The token is malformed."));
  const auto header = json::parse(*header_text, nullptr, false);
  const auto claims = json::parse(*payload_text, nullptr, false);
  if (!header.is_object() || !claims.is_object()) return fail(invalid("The token is malformed."));

  const std::string alg = header.contains("alg") && header["alg"].is_string() ? header["alg"].get<std::string>() : "";
  if (std::find(std::begin(kAccepted), std::end(kAccepted), alg) == std::end(kAccepted))
    return fail(invalid("The token is signed with " + (alg.empty() ? std::string("no algorithm") : shown(alg)) +
                        "; only " + kAcceptedList + " are accepted."));
  if (second + 1 == token.size()) return fail(invalid("The token is malformed: it has no signature."));
  if (header.contains("crit"))
    return fail(invalid("The token has critical header parameters this server does not know."));
  std::optional<std::string> kid;
  if (header.contains("kid")) {
    if (!header["kid"].is_string()) return fail(invalid("The token's kid is not a string."));
    kid = header["kid"].get<std::string>();
  }

  if (!claims.contains("iss") || !claims["iss"].is_string()) return fail(invalid("The token names no issuer (iss)."));
  const std::string iss = claims["iss"].get<std::string>();
  State* state = nullptr;
  for (auto& s : states_)
    if (s->config.issuer == iss) state = s.get();
  if (!state) return fail(invalid("The token's issuer " + shown(iss) + " is not one this server trusts."));
  const OidcIssuer& issuer = state->config;

  // The issuer's keys: those cached, fetched again when old (kept if that fails), and fetched
  // at once for a kid not seen, at most once per cooldown.
  const auto now = Clock::now();
  auto snap = state->snapshot();
  if (snap.keys && now - snap.fetched_at > std::chrono::seconds(issuer.keys_max_age_seconds) &&
      (!snap.last_failed || now - snap.attempted_at >= std::chrono::seconds(issuer.key_refresh_cooldown_seconds))) {
    std::unique_lock f(state->fetching, std::try_to_lock);
    if (f.owns_lock()) (void)refresh(*state);
    snap = state->snapshot();
  }
  const Keys::Key* key = snap.keys ? snap.keys->find(kid, alg) : nullptr;
  if (!key) {
    std::lock_guard f(state->fetching);  // waits out a fetch under way, then looks again
    snap = state->snapshot();
    key = snap.keys ? snap.keys->find(kid, alg) : nullptr;
    const auto cooldown = std::chrono::seconds(issuer.key_refresh_cooldown_seconds);
    if (!key && (!snap.attempted || Clock::now() - snap.attempted_at >= cooldown)) {
      auto fresh = refresh(*state);
      if (!fresh) return fail(keys_unavailable(issuer, issuer.key_refresh_cooldown_seconds));
      snap = state->snapshot();
      key = snap.keys->find(kid, alg);
    } else if (!key && snap.last_failed) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - snap.attempted_at).count();
      return fail(keys_unavailable(issuer, issuer.key_refresh_cooldown_seconds - static_cast<int>(waited)));
    }
    if (!key)
      return fail(invalid("The token is signed with a key " + (kid ? "(kid " + shown(*kid) + ") " : std::string()) +
                          "that " + issuer.issuer + " does not publish for " + alg + "."));
  }

  {
    cjose_err err;
    std::unique_ptr<cjose_jws_t, void (*)(cjose_jws_t*)> jws(cjose_jws_import(token.data(), token.size(), &err),
                                                             cjose_jws_release);
    if (!jws) return fail(invalid("The token is malformed."));
    if (!cjose_jws_verify(jws.get(), key->jwk, &err)) return fail(invalid("The token's signature does not verify."));
  }

  // The claims (RFC 7519 4.1, RFC 9068 4): signed, so now they are the issuer's word.
  const std::int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::int64_t skew = issuer.clock_skew_seconds;
  // A NumericDate: seconds since 1970, as a JSON number (bounded here before it is converted).
  const auto numeric_date = [&](const char* name) -> std::optional<std::int64_t> {
    if (!claims[name].is_number()) return std::nullopt;
    const double value = claims[name].get<double>();
    if (!(value > -1e11 && value < 1e11)) return std::nullopt;
    return static_cast<std::int64_t>(value);
  };
  if (!claims.contains("exp") || !numeric_date("exp")) return fail(invalid("The token has no expiry (exp)."));
  const auto exp = *numeric_date("exp");
  if (seconds > exp + skew) return fail(invalid("The token expired at " + instant(exp) + "."));
  if (claims.contains("nbf")) {
    if (!numeric_date("nbf")) return fail(invalid("The token's nbf is not a time."));
    const auto nbf = *numeric_date("nbf");
    if (seconds + skew < nbf) return fail(invalid("The token is not valid before " + instant(nbf) + "."));
  }
  const json aud = claims.contains("aud") ? claims["aud"] : json();
  const auto audiences = claim_values(aud.is_string() ? json::array({aud}) : aud);
  if (std::find(audiences.begin(), audiences.end(), issuer.audience) == audiences.end())
    return fail(invalid("The token is for " + (audiences.empty() ? std::string("no audience") : shown(aud)) +
                        ", not for this API (" + issuer.audience + ")."));
  if (!claims.contains("sub") || !claims["sub"].is_string() || claims["sub"].get<std::string>().empty() ||
      claims["sub"].get<std::string>().size() > 255)
    return fail(invalid("The token names no subject (sub)."));

  Principal p;
  p.person = Identity{issuer.issuer, claims["sub"].get<std::string>(), std::nullopt};
  if (claims.contains("email") && claims["email"].is_string() && !claims["email"].get<std::string>().empty())
    p.person->email = claims["email"].get<std::string>().substr(0, 320);
  for (const char* name : {"name", "preferred_username", "email"})
    if (claims.contains(name) && claims[name].is_string() && !claims[name].get<std::string>().empty()) {
      p.name = claims[name].get<std::string>().substr(0, 200);
      break;
    }
  if (p.name.empty()) p.name = p.person->subject;
  // The highest role any value maps to (admin first, viewer last, as Role is declared).
  std::optional<Role> role;
  if (claims.contains(issuer.roles_claim))
    for (const auto& value : claim_values(claims[issuer.roles_claim]))
      for (const auto& [mapped, to] : issuer.roles)
        if (mapped == value && (!role || static_cast<int>(to) < static_cast<int>(*role))) role = to;
  if (role) {
    p.role = *role;
  } else {
    p.role = Role::viewer;
    p.has_role = issuer.unmatched_reads;
  }
  return p;
}

}  // namespace incommon::http
