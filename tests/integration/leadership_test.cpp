// The database holds the one-holder rule by itself, whatever the application does.
#include <gtest/gtest.h>

#include "domain/organisations/organisation.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

TEST(OneHolderConstraint, RefusesOverlapsWrittenStraightToTheDatabase) {
  TestDatabase tdb("offices");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  const auto org =
      tdb.query_value("INSERT INTO organisations (name, type) VALUES ('NHS Cannock Chase CCG', 'ccg') RETURNING id");
  const auto other = tdb.query_value(
      "INSERT INTO organisations (name, type) VALUES ('NHS East Staffordshire CCG', 'ccg') RETURNING id");
  const auto person = tdb.query_value("INSERT INTO people (full_name) VALUES ('A') RETURNING id");
  auto appoint = [&](const std::string& role, const std::string& orgs, const std::string& from, const std::string& to) {
    return tdb.query_value(
        "INSERT INTO appointments (person_id, role, organisation_ids, starts_on, ends_on) VALUES ('" + person + "', '" +
        role + "', '{" + orgs + "}', '" + from + "', " + to + ") RETURNING id");
  };
  appoint("accountable_officer", org + "," + other, "2019-04-01", "'2020-03-31'");
  EXPECT_THROW(appoint("accountable_officer", org, "2020-03-31", "NULL"), std::runtime_error);
  EXPECT_NO_THROW(appoint("accountable_officer", org, "2020-04-01", "NULL"));
  EXPECT_NO_THROW(appoint("chair", org, "2019-04-01", "NULL"));
  EXPECT_NO_THROW(appoint("chair", org, "2019-05-01", "NULL"));
  // Moving an appointment's dates is checked as well (the projection follows by trigger).
  const auto cc = appoint("clinical_chair", other, "2019-01-01", "'2019-01-31'");
  appoint("clinical_chair", other, "2019-02-01", "NULL");
  EXPECT_THROW(tdb.query_value("UPDATE appointments SET ends_on = '2019-02-01' WHERE id = '" + cc + "'"),
               std::runtime_error);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM appointment_offices WHERE appointment_id = '" + cc + "'"), "1");
}
