// The thin SQL layer: instants leave the database as RFC 3339 in UTC with microseconds, and a
// statement run again on the same connection is the prepared one.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "persistence/database.hpp"
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
      q.sql(q.bind(std::string("2019-06-13 11:00:00.25+01"))).sql(" AS timestamptz), CAST(NULL AS timestamptz), 'text'");
      rows = q.fetch(s);
    }
    return {};
  }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "2019-06-13T10:00:00.250000Z");
  EXPECT_FALSE(rows[0].at(1));
  EXPECT_EQ(rows[0].text(2), "text");
}
