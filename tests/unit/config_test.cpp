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
