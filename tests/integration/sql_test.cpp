// The SQL layer: instants leave the database as RFC 3339 in UTC with microseconds, and a
// statement run again on the same connection is the prepared one.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "persistence/as_recorded.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "persistence/seed/seeds.hpp"
#include "persistence/sql.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

TEST(Instants, PostgresTextBecomesRfc3339) {
  EXPECT_EQ(db::rfc3339_from_postgres("2019-06-13 10:00:00+00"), "2019-06-13T10:00:00.000000Z");
  EXPECT_EQ(db::rfc3339_from_postgres("2019-06-13 10:00:00.5+00"), "2019-06-13T10:00:00.500000Z");
  EXPECT_EQ(db::rfc3339_from_postgres("2019-06-13 10:00:00.123456+00"), "2019-06-13T10:00:00.123456Z");
}

TEST(Instants, ComeOutOfTheDatabaseInUtc) {
  TestDatabase tdb("sql_layer");
  db::Database d({tdb.url(), 1});
  std::vector<db::Row> rows;
  ASSERT_TRUE(d.with_session([&](soci::session& s) -> Status {
    for (int i = 0; i < 3; ++i) {  // the second and third runs use the prepared statement
      db::Query q("SELECT CAST(");
      q.sql(q.bind(std::string("2019-06-13 11:00:00.25+01")))
          .sql(" AS timestamptz), CAST(NULL AS timestamptz), 'text'");
      rows = q.fetch(s);
    }
    return {};
  }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "2019-06-13T10:00:00.250000Z");
  EXPECT_FALSE(rows[0].at(1));
  EXPECT_EQ(rows[0].text(2), "text");
}

TEST(Placeholders, OneBoundTwiceIsOneParameter) {
  TestDatabase tdb("sql_placeholders");
  db::Database d({tdb.url(), 1});
  std::vector<db::Row> rows;
  ASSERT_TRUE(d.with_session([&](soci::session& s) -> Status {
    db::Query q("SELECT ");
    const auto x = q.bind(std::string("a"));
    const auto y = q.bind(std::string("b"));
    q.sql(x).sql(" || ").sql(y).sql(" || ").sql(x);
    rows = q.fetch(s);
    return {};
  }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "aba");
}

TEST(Deferred, RunsWithTheNextStatementAndItsErrorIsThatStatementsError) {
  TestDatabase tdb("sql_deferred");
  db::Database d({tdb.url(), 1});
  std::string seen;
  ASSERT_TRUE(d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query set("SELECT set_config('incommon.test', ");
    set.sql(set.bind(std::string("deferred"))).sql(", true)");
    set.defer(s);
    seen = db::Query("SELECT current_setting('incommon.test', true)").fetch_one(s)->text(0);
    return {};
  }));
  EXPECT_EQ(seen, "deferred");

  // A deferred statement that fails makes the next one fail, and the transaction with it.
  auto failed = d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query("SELECT 1 / 0").defer(s);
    db::Query("SELECT 1").fetch(s);
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::malformed) << failed.error().detail;  // 22012, division by zero

  // Deferred last in a transaction: it runs before COMMIT.
  ASSERT_TRUE(d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query("CREATE TABLE deferred_probe (n int)").execute(s);
    db::Query("INSERT INTO deferred_probe VALUES (7)").defer(s);
    return {};
  }));
  EXPECT_EQ(tdb.query_value("SELECT n FROM deferred_probe"), "7");
}

// BEGIN and the actor's settings travel with the first statement: the work runs inside the
// transaction and the audit trigger sees who; a deferred failure at COMMIT fails the write;
// work that fails before sending anything begins nothing and leaves the connection idle.
TEST(Transactions, BeginTravelsWithTheFirstStatementAndNothingIsBegunForWorkThatSendsNothing) {
  TestDatabase tdb("sql_transactions");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(d.with_transaction(Actor{"", "planner", "req-1", {}}, [&](soci::session& s) -> Status {
    auto row = db::Query(
                   "SELECT current_setting('incommon.actor_name', true), (SELECT count(*) FROM pg_stat_activity "
                   "WHERE pid = pg_backend_pid() AND xact_start IS NOT NULL)")
                   .fetch_one(s);
    EXPECT_EQ(row->text(0), "planner");
    EXPECT_EQ(row->text(1), "1") << "the statement ran outside a transaction";
    return {};
  }));

  auto refused = d.with_transaction(Actor{"", "planner", "req-2", {}},
                                    [&](soci::session&) -> Status { return fail(Error::rule("name", "is required")); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::rule_broken);
  // No transaction block is open on the connection (SAVEPOINT works only inside one).
  auto in_block = [&] {
    return static_cast<bool>(d.with_session([](soci::session& s) -> Status {
      db::Query("SAVEPOINT probe").execute(s);
      return {};
    }));
  };
  EXPECT_FALSE(in_block()) << "work that sent nothing left a transaction open";

  ASSERT_TRUE(d.with_transaction(Actor{"", "planner", "req-3", {}}, [&](soci::session& s) -> Status {
    db::Query("CREATE TABLE transaction_probe (n int CHECK (n > 0))").execute(s);
    return {};
  }));
  auto at_commit = d.with_transaction(Actor{"", "planner", "req-4", {}}, [&](soci::session& s) -> Status {
    db::Query("INSERT INTO transaction_probe VALUES (1)").execute(s);
    db::Query("INSERT INTO transaction_probe VALUES (-1)").defer(s);  // fails with COMMIT
    return {};
  });
  ASSERT_FALSE(at_commit);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM transaction_probe"), "0") << "a failed commit kept a write";

  EXPECT_FALSE(in_block()) << "a failed commit left a transaction open";
}

TEST(FetchTogether, AnswersEachStatementInOrderInOneRoundTrip) {
  TestDatabase tdb("sql_together");
  db::Database d({tdb.url(), 1});
  std::vector<std::vector<db::Row>> got;
  ASSERT_TRUE(d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query("SELECT set_config('incommon.test', 'set first', true)").defer(s);
    db::Query numbers("SELECT n::text FROM generate_series(1, CAST(");
    numbers.sql(numbers.bind(std::int64_t{3})).sql(" AS int)) AS n");
    db::Query none("SELECT 1 WHERE false");
    db::Query setting("SELECT current_setting('incommon.test', true)");
    got = db::fetch_together(s, {&numbers, &none, &setting});
    return {};
  }));
  ASSERT_EQ(got.size(), 3u);
  ASSERT_EQ(got[0].size(), 3u);
  EXPECT_EQ(got[0][2].text(0), "3");
  EXPECT_TRUE(got[1].empty());
  ASSERT_EQ(got[2].size(), 1u);
  EXPECT_EQ(got[2][0].text(0), "set first");  // the deferred statement ran before them

  // One failing statement fails them all, with its own error; the connection goes on.
  auto failed = d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query fine("SELECT 1"), broken("SELECT 1 / 0");
    db::fetch_together(s, {&fine, &broken});
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::malformed) << failed.error().detail;  // 22012, division by zero
  std::string after;
  ASSERT_TRUE(d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
    db::Query one("SELECT 'still here'");
    after = db::fetch_together(s, {&one}).front().front().text(0);
    return {};
  }));
  EXPECT_EQ(after, "still here");
}

// The 2019 story's history is recorded at its own dates by the seed, which runs as the owner;
// the API's role cannot say when anything was recorded, through a trigger or an INSERT.
TEST(Backdating, OnlyTheOwnerMayRecordHistoryAtAnEarlierInstant) {
  TestDatabase tdb("sql_backdating");
  {
    db::Database owner({tdb.url(), 1});
    ASSERT_TRUE(db::migrate(owner));
  }
  const auto write_as = [&](const std::string& url, const std::string& name) {
    db::Database d({url, 1});
    auto ok = d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
      db::Query("SELECT set_config('incommon.recorded_at', '2019-06-13T10:00:00Z', true)").execute(s);
      db::Query insert("INSERT INTO organisations (name, type) VALUES (");
      insert.sql(insert.bind(name)).sql(", 'ccg')").execute(s);
      db::Query forged(
          "INSERT INTO audit_events (entity_type, entity_id, action, actor_name, at) "
          "VALUES ('organisations', gen_random_uuid(), 'forged', ");
      forged.sql(forged.bind(name)).sql(", '2019-01-01T00:00:00Z')").execute(s);
      return {};
    });
    EXPECT_TRUE(ok) << ok.error().detail;
  };
  write_as(tdb.url(), "Owner CCG");
  write_as(tdb.app_url(), "Api CCG");
  const auto year_of = [&](const std::string& where) {
    return tdb.query_value("SELECT string_agg(DISTINCT extract(year FROM at)::text, ',') FROM audit_events WHERE " +
                           where);
  };
  EXPECT_EQ(year_of("after->>'name' = 'Owner CCG' OR actor_name = 'Owner CCG'"), "2019");
  const std::string now = std::to_string(incommon::Date::today_utc().year());
  EXPECT_EQ(year_of("after->>'name' = 'Api CCG' OR actor_name = 'Api CCG'"), now);
  // The record itself says so too (migration 0017): created and last changed at the claimed
  // instant, the same one as its audit event, so that a read as recorded can trust updated_at.
  const auto stamps_of = [&](const std::string& name) {
    return tdb.query_value(
        "SELECT extract(year FROM created_at)::text || ',' || extract(year FROM updated_at)::text || ',' || "
        "(updated_at = (SELECT max(at) FROM audit_events WHERE entity_id = o.id))::text FROM organisations o "
        "WHERE name = '" +
        name + "'");
  };
  EXPECT_EQ(stamps_of("Owner CCG"), "2019,2019,true");
  EXPECT_EQ(stamps_of("Api CCG"), now + "," + now + ",true");
}

// A read as recorded takes a record not changed since the instant as it stands, and rebuilds
// only the others from the trail (as_recorded.cpp). Over the 2019 story, recorded at its own
// dates, and writes made today, that gives every table exactly what the trail alone gives, at
// instants before, during and after the story.
TEST(AsRecordedShortcut, AgreesWithTheTrailForEveryTableAtEveryInstant) {
  TestDatabase tdb("sql_as_recorded");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  ASSERT_TRUE(db::seed(d, "staffordshire-2019"));
  tdb.query_value("UPDATE milestones SET percent_complete = 90 WHERE key = (SELECT min(key) FROM milestones)");
  tdb.query_value("INSERT INTO organisations (name, type) VALUES ('Written Today CCG', 'ccg') RETURNING id");
  const std::vector<std::string> tables = {"organisations", "people",       "appointments",   "financial_positions",
                                           "meetings",      "agenda_items", "attendance",     "declarations",
                                           "decisions",     "programmes",   "milestones",     "milestone_updates",
                                           "risks",         "votes",        "vote_positions", "caveats"};
  const std::vector<std::string> instants = {"2018-11-01T00:00:00Z",
                                             "2019-03-01T00:00:00Z",
                                             "2019-06-11T12:00:00Z",
                                             "2019-09-21T12:00:00Z",
                                             "2019-10-01T00:00:00Z",
                                             tdb.query_value("SELECT (now() - interval '1 day')::text"),
                                             tdb.query_value("SELECT (now() + interval '1 day')::text")};
  int compared = 0;
  for (const auto& at : instants) {
    for (const auto& t : tables) {
      // The trail alone: each record's last after-image at or before the instant. A progress
      // entry has no event of its own (migration 0020): the trail has it once the milestone's
      // version it wrote was recorded.
      const std::string trail =
          t == "milestone_updates"
              ? "SELECT cur.* FROM public.milestone_updates cur WHERE EXISTS (SELECT 1 FROM audit_events a WHERE "
                "a.entity_type = 'milestones' AND a.entity_id = cur.milestone_id AND CAST(a.after->>'version' AS int) "
                "= cur.milestone_version AND a.at <= CAST('" +
                    at + "' AS timestamptz))"
              : "SELECT r.* FROM public." + t +
                    " cur CROSS JOIN LATERAL (SELECT a.after FROM audit_events a WHERE a.entity_type = '" + t +
                    "' AND a.entity_id = cur.id AND a.at <= CAST('" + at +
                    "' AS timestamptz) ORDER BY a.seq DESC LIMIT 1) l CROSS JOIN LATERAL "
                    "jsonb_populate_record(NULL::public." +
                    t + ", l.after) r";
      const std::string shortcut = db::as_recorded_sql("SELECT * FROM " + t);
      // (A generated column, the decisions' search vector, is not in the trail.)
      const std::string differing = "SELECT count(*) FROM ((SELECT to_jsonb(x) - 'search' FROM (" + shortcut +
                                    ") x EXCEPT ALL SELECT to_jsonb(y) - 'search' FROM (" + trail +
                                    ") y) UNION ALL (SELECT to_jsonb(y) - 'search' FROM (" + trail +
                                    ") y EXCEPT ALL SELECT to_jsonb(x) - 'search' FROM (" + shortcut + ") x)) d";
      std::string count, rows;
      ASSERT_TRUE(d.with_transaction(Actor{"", "test", "", {}}, [&](soci::session& s) -> Status {
        db::Query set("SELECT set_config('incommon.as_recorded', ");
        set.sql(set.bind(at)).sql(", true)").execute(s);
        count = db::Query(differing).fetch(s).front().text(0);
        rows = db::Query("SELECT count(*) FROM (" + shortcut + ") x").fetch(s).front().text(0);
        return {};
      }));
      EXPECT_EQ(count, "0") << t << " as recorded at " << at;
      compared += std::stoi(rows);
    }
  }
  EXPECT_GT(compared, 100);  // the story's records were there to compare
}
