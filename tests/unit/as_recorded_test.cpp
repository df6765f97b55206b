// The rewrite that reads the record as it was at an instant: which tables it shadows, and how
// it joins a statement's own WITH.
#include "persistence/as_recorded.hpp"

#include <gtest/gtest.h>

using incommon::db::as_recorded_sql;

TEST(AsRecorded, ShadowsTheRecordTablesAStatementNamesAndNothingElse) {
  const std::string sql =
      "SELECT milestones.id FROM milestones JOIN programmes ON programmes.id = milestones.programme_id";
  const auto rewritten = as_recorded_sql(sql);
  EXPECT_EQ(rewritten.rfind("WITH programmes AS NOT MATERIALIZED (", 0), 0u) << rewritten;
  EXPECT_NE(rewritten.find(", milestones AS NOT MATERIALIZED ("), std::string::npos);
  EXPECT_EQ(rewritten.substr(rewritten.size() - sql.size()), sql);
  EXPECT_NE(rewritten.find("a.at <= current_setting('incommon.as_recorded')::timestamptz"), std::string::npos);
  // A name inside a longer one, or qualified, is not the table.
  EXPECT_EQ(as_recorded_sql("SELECT caveat_milestones_x FROM public.milestones"),
            "SELECT caveat_milestones_x FROM public.milestones");
  EXPECT_EQ(as_recorded_sql("SELECT 1"), "SELECT 1");
  EXPECT_EQ(as_recorded_sql("SELECT count(*) FROM audit_events"), "SELECT count(*) FROM audit_events");
}

TEST(AsRecorded, JoinsAStatementsOwnWith) {
  const auto plain = as_recorded_sql("WITH x AS (SELECT id FROM risks) SELECT * FROM x");
  EXPECT_EQ(plain.rfind("WITH risks AS NOT MATERIALIZED (", 0), 0u) << plain;
  EXPECT_NE(plain.find("), x AS (SELECT id FROM risks) SELECT * FROM x"), std::string::npos) << plain;
  const auto recursive = as_recorded_sql("  with recursive chain AS (SELECT id FROM milestones) SELECT 1");
  EXPECT_EQ(recursive.rfind("WITH RECURSIVE milestones AS NOT MATERIALIZED (", 0), 0u) << recursive;
  EXPECT_NE(recursive.find("), chain AS (SELECT id FROM milestones) SELECT 1"), std::string::npos);
}

TEST(AsRecorded, DerivedLinkTablesAreRebuiltFromTheImagesTheyComeFrom) {
  const auto links = as_recorded_sql("SELECT caveat_id FROM caveat_milestones WHERE programme_id = $1");
  EXPECT_EQ(links.rfind("WITH caveat_milestones AS NOT MATERIALIZED (SELECT c.id AS caveat_id", 0), 0u) << links;
  EXPECT_NE(links.find("unnest(c.milestone_ids)"), std::string::npos);
  const auto deps = as_recorded_sql("SELECT depends_on_id FROM milestone_dependencies");
  EXPECT_NE(deps.find("unnest(m.depends_on)"), std::string::npos);
}
