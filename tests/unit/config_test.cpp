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

namespace {
Result<Config> with_env(const char* name, const char* value) {
  setenv("INCOMMON_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none", 1);
  setenv(name, value, 1);
  auto c = config_from_environment();
  unsetenv(name);
  unsetenv("INCOMMON_DATABASE_URL");
  return c;
}
}  // namespace

TEST(Config, ReadUrlsAreUrisSeparatedBySpacesOrOneConninfo) {
  auto two = with_env("INCOMMON_DATABASE_READ_URL",
                      "postgresql://app@standby-1:5432/incommon  postgresql://app@s2:5432,s3:5432/incommon?x=1");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->read_urls, (std::vector<std::string>{"postgresql://app@standby-1:5432/incommon",
                                                      "postgresql://app@s2:5432,s3:5432/incommon?x=1"}));
  auto conninfo = with_env("INCOMMON_DATABASE_READ_URL", "host=standby port=5432 dbname=incommon");
  ASSERT_TRUE(conninfo);
  EXPECT_EQ(conninfo->read_urls, (std::vector<std::string>{"host=standby port=5432 dbname=incommon"}));
  auto none = with_env("INCOMMON_DATABASE_READ_URL", "");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->read_urls.empty());
}

TEST(Config, MaxReplicaLagIsADurationAndDefaultsToASecond) {
  auto none = with_env("INCOMMON_MAX_REPLICA_LAG", "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->max_replica_lag_ms, 1000);
  for (const auto& [text, ms] :
       std::vector<std::pair<const char*, int>>{{"1s", 1000}, {"250ms", 250}, {"2", 2000}, {"0.5", 500}, {"0ms", 0}}) {
    auto c = with_env("INCOMMON_MAX_REPLICA_LAG", text);
    ASSERT_TRUE(c) << text;
    EXPECT_EQ(c->max_replica_lag_ms, ms) << text;
  }
  for (const char* bad : {"soon", "-1s", "1h", "ms", "5000000"}) {
    auto c = with_env("INCOMMON_MAX_REPLICA_LAG", bad);
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().errors.front().field, "INCOMMON_MAX_REPLICA_LAG") << bad;
  }
}
