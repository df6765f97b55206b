// Migrations on a real PostgreSQL: once each, in order, safe to run concurrently; and the
// database-level rules they install.
#include <gtest/gtest.h>

#include <thread>

#include "domain/audit/audit_event.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

TEST(Migrations, ApplyOnceEvenWhenStartedTogether) {
  TestDatabase tdb("migrate");
  db::Database a({tdb.url(), 1}), b({tdb.url(), 1});
  EXPECT_FALSE(db::is_migrated(a));
  Result<db::MigrationReport> ra, rb;
  std::thread t1([&] { ra = db::migrate(a); });
  std::thread t2([&] { rb = db::migrate(b); });
  t1.join();
  t2.join();
  ASSERT_TRUE(ra) << ra.error().detail;
  ASSERT_TRUE(rb) << rb.error().detail;
  EXPECT_EQ(ra->applied.size() + rb->applied.size(),
            std::stoul(tdb.query_value("SELECT count(*) FROM schema_migrations")));
  EXPECT_TRUE(db::is_migrated(a));
  auto again = db::migrate(a);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->applied.empty());
}

TEST(Migrations, AuditLogRefusesUpdateAndDelete) {
  TestDatabase tdb("auditrules");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  tdb.query_value("INSERT INTO people (full_name) VALUES ('Ruth Chambers')");
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM audit_events"), "1");
  EXPECT_THROW(tdb.query_value("UPDATE audit_events SET action = 'x'"), std::runtime_error);
  EXPECT_THROW(tdb.query_value("DELETE FROM audit_events"), std::runtime_error);
  EXPECT_THROW(tdb.query_value("TRUNCATE audit_events"), std::runtime_error);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM audit_events"), "1");
}

TEST(Migrations, AuditEventIdsGrowWithTime) {
  // Appended at the end of the primary key's index, not scattered over it: UUIDv7 layout.
  TestDatabase tdb("auditids");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  for (const char* name : {"A", "B", "C"})
    tdb.query_value(std::string("SELECT pg_sleep(0.002); INSERT INTO people (full_name) VALUES ('") + name + "')");
  EXPECT_EQ(tdb.query_value("SELECT string_agg(substr(id::text, 15, 1), '' ORDER BY seq) FROM audit_events"), "777");
  EXPECT_EQ(tdb.query_value("SELECT bool_and(ordered) FROM (SELECT id > lag(id) OVER (ORDER BY seq) AS ordered "
                            "FROM audit_events) o WHERE ordered IS NOT NULL"),
            "t");
  // And so are the entries of the milestones' progress logs.
  EXPECT_EQ(tdb.query_value("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute a ON "
                            "a.attrelid = adrelid AND a.attnum = adnum WHERE adrelid = 'milestone_updates'::regclass "
                            "AND a.attname = 'id'"),
            "incommon_time_ordered_uuid()");
}

TEST(Migrations, VersionsBumpOnEveryUpdate) {
  TestDatabase tdb("versions");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  tdb.query_value("INSERT INTO people (full_name) VALUES ('A')");
  tdb.query_value("UPDATE people SET full_name = 'B'");
  tdb.query_value("UPDATE people SET full_name = 'C', version = 1");
  EXPECT_EQ(tdb.query_value("SELECT version FROM people"), "3");
}
