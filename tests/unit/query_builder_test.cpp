#include <gtest/gtest.h>

#include "persistence/sql.hpp"

using incommon::db::Query;

TEST(QueryBuilder, PlaceholdersAreNumberedInOrder) {
  Query q("SELECT 1 WHERE a = ");
  auto a = q.bind(std::string("x"));
  q.sql(a).sql(" AND b IN (").sql(q.bind_list(std::string("y"), std::string("z"))).sql(")");
  EXPECT_EQ(q.text(), "SELECT 1 WHERE a = :p1 AND b IN (:p2, :p3)");
  // libpq numbers parameters, not occurrences: one may appear twice.
  q.sql(" OR a = ").sql(a);
  EXPECT_EQ(q.text(), "SELECT 1 WHERE a = :p1 AND b IN (:p2, :p3) OR a = :p1");
  // :p1 inside :p10 is not a reuse.
  Query many("SELECT");
  for (int i = 0; i < 10; ++i) many.sql(" ").sql(many.bind(std::string("v")));
  EXPECT_NE(many.text().find(":p10"), std::string::npos);
}
