// The token cache answers from memory, forgets a token as soon as the database announces a
// change to it (whoever made the change), and remembers nothing while it cannot hear.
#include <gtest/gtest.h>

#include "domain/auth/role.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "persistence/token_cache.hpp"
#include "tests/support/listening.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using namespace std::chrono_literals;
using incommon::testing::eventually;
using incommon::testing::StopListeningFirst;
using incommon::testing::TestDatabase;

TEST(TokenCache, RemembersAndForgetsWhenTheDatabaseAnnouncesARevocation) {
  TestDatabase tdb("token_cache");
  db::Database d({tdb.url(), 2});
  ASSERT_TRUE(db::migrate(d));
  const auto id =
      tdb.query_value("INSERT INTO tokens (name, role, secret_hash) VALUES ('dashboard', 'viewer', 'h1') RETURNING id");
  db::Announcements heard(tdb.url());
  db::TokenCache cache(d, heard);
  const StopListeningFirst stop_first{heard};
  heard.start();
  ASSERT_TRUE(eventually([&] { return cache.listening(); }));

  auto first = cache.authenticate("h1");
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->token_id, id);
  EXPECT_EQ((*first)->role, Role::viewer);
  const auto hits = cache.hits();
  auto second = cache.authenticate("h1");
  ASSERT_TRUE(second && *second);
  EXPECT_EQ(cache.hits(), hits + 1) << "the second lookup should come from memory";

  // Revoked behind the server's back, by SQL: the announcement alone makes it forget.
  tdb.query_value("UPDATE tokens SET revoked_at = now() WHERE id = '" + id + "' RETURNING id");
  EXPECT_TRUE(cache.await_announcement(id, 2000ms));
  auto after = cache.authenticate("h1");
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after) << "a revoked token was still accepted";

  // Unknown secrets are never remembered (nothing to fill memory with).
  auto unknown = cache.authenticate("nope");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
}

TEST(TokenCache, RemembersNothingWhileItCannotListen) {
  TestDatabase tdb("token_cache_deaf");
  db::Database d({tdb.url(), 2});
  ASSERT_TRUE(db::migrate(d));
  tdb.query_value("INSERT INTO tokens (name, role, secret_hash) VALUES ('dashboard', 'viewer', 'h2') RETURNING id");
  // The listener's own address leads nowhere; the pool's is fine.
  db::Announcements heard("postgresql://postgres@127.0.0.1:1/nowhere");
  db::TokenCache cache(d, heard);
  const StopListeningFirst stop_first{heard};
  heard.start();
  for (int i = 0; i < 3; ++i) {
    auto found = cache.authenticate("h2");
    ASSERT_TRUE(found && *found);
  }
  EXPECT_FALSE(cache.listening());
  EXPECT_EQ(cache.hits(), 0u);
}
