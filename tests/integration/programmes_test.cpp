// The database holds the programme rules by itself: dependencies stay inside their programme,
// actual dates go with completion, and the update log is append-only.
#include <gtest/gtest.h>

#include "domain/programmes/programme.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

TEST(ProgrammeConstraints, HoldWhateverTheApplicationDoes) {
  TestDatabase tdb("programmes");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  auto programme = [&](const std::string& name) {
    return tdb.query_value("INSERT INTO programmes (name, target_date) VALUES ('" + name +
                           "', '2020-04-01') RETURNING id");
  };
  const auto p = programme("SCO"), other = programme("Elsewhere");
  auto milestone = [&](const std::string& prog, const std::string& key, const std::string& deps = "") {
    return tdb.query_value(
        "INSERT INTO milestones (programme_id, key, title, workstream, baseline_date, forecast_date, "
        "depends_on) VALUES ('" +
        prog + "', '" + key +
        "', 't', 'governance', '2019-06-13', "
        "'2019-06-13', '{" +
        deps + "}') RETURNING id");
  };
  const auto a = milestone(p, "M01");
  const auto foreign = milestone(other, "X01");
  const auto b = milestone(p, "M02", a);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM milestone_dependencies WHERE milestone_id = '" + b + "'"), "1");
  EXPECT_THROW(milestone(p, "M03", foreign), std::runtime_error);
  EXPECT_THROW(
      tdb.query_value("UPDATE milestones SET depends_on = '{" + foreign + "}' WHERE id = '" + b + "' RETURNING id"),
      std::runtime_error);
  EXPECT_THROW(milestone(p, "M01"), std::runtime_error);  // key unique in the programme
  EXPECT_NO_THROW(milestone(other, "M01"));
  EXPECT_THROW(tdb.query_value("UPDATE milestones SET status = 'complete' WHERE id = '" + a + "' RETURNING id"),
               std::runtime_error);
  EXPECT_NO_THROW(tdb.query_value("UPDATE milestones SET status = 'complete', actual_date = '2019-06-14' WHERE id = '" +
                                  a + "' RETURNING id"));
  const auto u =
      tdb.query_value("INSERT INTO milestone_updates (milestone_id, comment, author, milestone_version) VALUES ('" + a +
                      "', 'done', 'someone', 2) RETURNING id");
  EXPECT_THROW(
      tdb.query_value("UPDATE milestone_updates SET comment = 'rewritten' WHERE id = '" + u + "' RETURNING id"),
      std::runtime_error);
  EXPECT_THROW(tdb.query_value("DELETE FROM milestone_updates WHERE id = '" + u + "' RETURNING id"),
               std::runtime_error);
  EXPECT_THROW(tdb.query_value("UPDATE programmes SET status = 'abandoned' WHERE id = '" + p + "' RETURNING id"),
               std::runtime_error);
}
