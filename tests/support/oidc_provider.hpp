#pragma once
// A real OpenID Connect provider on loopback for the api tests: tests/oidc/provider.mjs
// (oidc-provider from npm) over HTTPS with a certificate of its own, and a control port through
// which a test gets tokens, rotates keys and takes the provider down and up.
#include <sys/types.h>

#include <string>

#include <nlohmann/json.hpp>

namespace incommon::testing {

class OidcProvider {
 public:
  // `alg` signs its tokens (ES256, RS256, ...); `claim` carries the people's role values.
  OidcProvider(const std::string& alg, const std::string& claim);
  ~OidcProvider();
  OidcProvider(const OidcProvider&) = delete;
  OidcProvider& operator=(const OidcProvider&) = delete;

  const std::string& issuer() const { return issuer_; }
  static std::string audience() { return "https://incommon.test/api"; }
  static std::string other_audience() { return "https://another-service.test/api"; }
  // The certificate its HTTPS is served with, for the server to trust (ca_file).
  const std::string& ca_file() const { return cert_; }

  // A real access token for a person (a client of the provider; see provider.mjs), from its
  // token endpoint; for `resource` when one is given.
  std::string token(const std::string& person, const std::string& resource = "");
  // A token no provider would issue: stranger, stranger-new-kid, not-yet-valid, hs256, none.
  std::string forge(const std::string& kind);
  // A new signing key, published beside the old ones; its kid.
  std::string rotate();
  void stop();   // the provider's HTTPS port closes
  void start();  // and opens again
  int jwks_requests();

 private:
  nlohmann::json control(const std::string& path);
  std::string dir_, cert_, key_, issuer_, control_url_;
  pid_t pid_ = -1;
};

}  // namespace incommon::testing
