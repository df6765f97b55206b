#pragma once
// People's access tokens: JWTs issued by the configured OpenID Connect providers, checked with
// cjose against each provider's published keys (its discovery document and JWKS, fetched over
// HTTPS with libcurl, cached, fetched again on an unknown kid and when they grow old).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/role.hpp"
#include "domain/core/error.hpp"
#include "server/config.hpp"

namespace incommon::http {

// Whether a bearer token has a JWT's shape (three base64url parts), not an API token's.
bool looks_like_jwt(std::string_view token);

class OidcVerifier {
 public:
  // A GET of an https URL for an issuer: the body of a 200, or why not.
  using Fetch = std::function<Result<std::string>(const std::string& url, const OidcIssuer& issuer)>;
  // The libcurl GET: https only, no redirects, 3 s to connect, 5 s in all, 1 MiB at most.
  static Result<std::string> https_get(const std::string& url, const OidcIssuer& issuer);

  explicit OidcVerifier(std::vector<OidcIssuer> issuers, Fetch fetch = https_get);
  ~OidcVerifier();
  OidcVerifier(const OidcVerifier&) = delete;
  OidcVerifier& operator=(const OidcVerifier&) = delete;

  // The person a token stands for. A token that fails is a 401 invalid_token saying why; a
  // token whose key is new while its provider cannot be reached is a 503 with Retry-After.
  Result<Principal> verify(std::string_view token);

  // Fetches every issuer's keys now (at start-up), so that the first person is not kept waiting;
  // a provider that cannot be reached is tried again when a token needs it.
  void prefetch();

 private:
  struct Keys;
  struct State;
  Result<std::shared_ptr<const Keys>> refresh(State& state);
  std::vector<std::unique_ptr<State>> states_;
  Fetch fetch_;
};

}  // namespace incommon::http
