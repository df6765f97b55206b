// Remembered answers last until the database announces a change to their row, whoever makes
// it (here: SQL behind the server's back); nothing is remembered while nothing can be heard,
// and an answer read while a change was announced is not remembered.
#include <gtest/gtest.h>

#include "domain/organisations/organisation.hpp"
#include "persistence/announced_cache.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "tests/support/listening.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using namespace std::chrono_literals;
using incommon::testing::eventually;
using incommon::testing::StopListeningFirst;
using incommon::testing::TestDatabase;

TEST(AnnouncedCache, ForgetsARowWhenTheDatabaseAnnouncesAChangeToIt) {
  TestDatabase tdb("announced_cache");
  db::Database d({tdb.url(), 2});
  ASSERT_TRUE(db::migrate(d));
  const auto a =
      tdb.query_value("INSERT INTO organisations (name, type) VALUES ('North Staffordshire CCG', 'ccg') RETURNING id");
  const auto b =
      tdb.query_value("INSERT INTO organisations (name, type) VALUES ('Stoke-on-Trent CCG', 'ccg') RETURNING id");
  db::Announcements heard(tdb.url());
  db::AnnouncedCache<std::string> cache(heard, "incommon_records", 100);
  const StopListeningFirst stop_first{heard};
  heard.start();
  ASSERT_TRUE(eventually([&] { return heard.listening(); }));

  cache.put("organisations:" + a, "a, version 1", cache.generation());
  cache.put("organisations:" + b, "b, version 1", cache.generation());
  EXPECT_EQ(cache.find("organisations:" + a), "a, version 1");

  // Changed by SQL: the announcement alone makes the server forget that row, and only it.
  tdb.query_value("UPDATE organisations SET population = 1 WHERE id = '" + a + "' RETURNING id");
  EXPECT_TRUE(heard.await("incommon_records", "organisations:" + a, 2000ms));
  EXPECT_FALSE(cache.find("organisations:" + a)) << "an organisation changed in the database was still remembered";
  EXPECT_EQ(cache.find("organisations:" + b), "b, version 1");

  tdb.query_value("DELETE FROM organisations WHERE id = '" + b + "' RETURNING id");
  EXPECT_TRUE(heard.await("incommon_records", "organisations:" + b, 2000ms));
  EXPECT_FALSE(cache.find("organisations:" + b)) << "a deleted organisation was still remembered";

  // Emptied wholesale: everything is forgotten.
  cache.put("organisations:" + a, "a, version 2", cache.generation());
  tdb.query_value("TRUNCATE organisations CASCADE");
  EXPECT_TRUE(eventually([&] { return cache.size() == 0; })) << "a truncated table was still remembered";
}

TEST(AnnouncedCache, DoesNotRememberAnAnswerReadWhileAChangeWasAnnounced) {
  TestDatabase tdb("announced_cache_race");
  db::Announcements heard(tdb.url());
  db::AnnouncedCache<std::string> cache(heard, "incommon_records", 100);
  const StopListeningFirst stop_first{heard};
  heard.start();
  ASSERT_TRUE(eventually([&] { return heard.listening(); }));
  const auto before_the_read = cache.generation();
  cache.forget("organisations:x");  // the announcement arrives while the row is being read
  cache.put("organisations:y", "read before the change", before_the_read);
  EXPECT_FALSE(cache.find("organisations:y"));
  cache.put("organisations:y", "read after the change", cache.generation());
  EXPECT_EQ(cache.find("organisations:y"), "read after the change");
}

TEST(AnnouncedCache, RemembersNothingWhileItCannotListen) {
  db::Announcements heard("postgresql://postgres@127.0.0.1:1/nowhere");
  db::AnnouncedCache<std::string> cache(heard, "incommon_records", 100);
  const StopListeningFirst stop_first{heard};
  heard.start();
  cache.put("organisations:x", "anything", cache.generation());
  EXPECT_FALSE(heard.listening());
  EXPECT_FALSE(cache.find("organisations:x"));
}

TEST(AnnouncedCache, KeepsToItsSize) {
  TestDatabase tdb("announced_cache_size");
  db::Announcements heard(tdb.url());
  db::AnnouncedCache<std::string> cache(heard, "incommon_records", 3);
  const StopListeningFirst stop_first{heard};
  heard.start();
  ASSERT_TRUE(eventually([&] { return heard.listening(); }));
  for (int i = 0; i < 10; ++i) cache.put("organisations:" + std::to_string(i), "answer", cache.generation());
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.find("organisations:9"), "answer");
}
