#include "server/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace incommon;

namespace {

// The environment of one test: INCOMMON_DATABASE_URL set, INCOMMON_CORS_ORIGINS as given.
Result<Config> with_cors(const char* origins) {
  setenv("INCOMMON_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none", 1);
  setenv("INCOMMON_CORS_ORIGINS", origins, 1);
  auto c = config_from_environment();
  unsetenv("INCOMMON_CORS_ORIGINS");
  unsetenv("INCOMMON_DATABASE_URL");
  return c;
}

}  // namespace

TEST(Config, CorsOriginsAreExactOriginsSeparatedByCommas) {
  auto c = with_cors("https://dashboard.example.org, http://127.0.0.1:5173");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->cors_origins, (std::vector<std::string>{"https://dashboard.example.org", "http://127.0.0.1:5173"}));
  auto none = with_cors("");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->cors_origins.empty());
}

TEST(Config, ACorsOriginWithAPathOrNoSchemeIsRefusedByName) {
  for (const char* bad :
       {"dashboard.example.org", "https://dashboard.example.org/", "https://x.org/app", "*", "ftp://x"}) {
    auto c = with_cors(bad);
    ASSERT_FALSE(c) << bad;
    ASSERT_FALSE(c.error().errors.empty());
    EXPECT_EQ(c.error().errors.front().field, "INCOMMON_CORS_ORIGINS") << bad;
  }
}

TEST(Config, OidcIssuersAreAJsonArrayWithAnAudienceAndRolesEach) {
  auto none = parse_oidc_issuers("");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto one = parse_oidc_issuers(R"([{"issuer": "https://login.microsoftonline.com/tenant/v2.0",
      "audience": "api://incommon", "roles": {"Incommon.Admin": "admin", "Incommon.Board": "viewer",
      "Incommon.Secretary": "governance", "Incommon.Officer": "governance"}, "unmatched": "viewer"}])");
  ASSERT_TRUE(one) << one.error().detail;
  ASSERT_EQ(one->size(), 1u);
  const auto& i = one->front();
  EXPECT_EQ(i.audience, "api://incommon");
  EXPECT_EQ(i.roles_claim, "roles");  // Entra ID's app roles
  EXPECT_EQ(i.roles.size(), 4u);      // two values may map to one role
  EXPECT_TRUE(i.unmatched_reads);
  EXPECT_EQ(i.clock_skew_seconds, 60);
  EXPECT_FALSE(parse_oidc_issuers(R"([{"issuer": "https://a.example", "audience": "x", "roles": {"A": "admin"}}])")
                   ->front()
                   .unmatched_reads);
}

TEST(Config, AnOidcIssuerThatCannotWorkIsRefusedSayingWhy) {
  const auto why = [](const std::string& text) {
    auto r = parse_oidc_issuers(text);
    return r ? std::string("accepted") : r.error().detail;
  };
  EXPECT_NE(why("not json").find("JSON array"), std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "http://idp.example", "audience": "x", "roles": {"A": "admin"}}])").find("https://"),
            std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "roles": {"A": "admin"}}])").find("audience"), std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "audience": "x"}])").find("roles"), std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "audience": "x", "roles": {"A": "owner"}}])").find("roles.A"),
            std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "audience": "x", "roles": {"A": "admin"}, "unmatched": "all"}])")
                .find("unmatched"),
            std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "audience": "x", "roles": {"A": "admin"}, "skew": 5}])")
                .find("unknown setting skew"),
            std::string::npos);
  EXPECT_NE(why(R"([{"issuer": "https://idp.example", "audience": "x", "roles": {"A": "admin"}},
                   {"issuer": "https://idp.example", "audience": "y", "roles": {"A": "admin"}}])")
                .find("twice"),
            std::string::npos);
}
