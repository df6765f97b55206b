// Every constraint of the migrated schema means something to a client: a violation is
// answered with a status, the field it concerns and a message, recognised by the
// constraint's name (PG_DIAG_CONSTRAINT_NAME), never by parsing PostgreSQL's English.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "persistence/database.hpp"
#include "persistence/errors.hpp"
#include "persistence/migrator.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

namespace {
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}
}  // namespace

TEST(Constraints, EveryConstraintHasAStatusAFieldAndAMessage) {
  TestDatabase tdb("constraints");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  // Named constraints (primary keys aside: the server makes every id) and unique indexes.
  const auto found = lines(tdb.query_value(
      "SELECT string_agg(name || ' ' || tbl, E'\\n' ORDER BY name) FROM ("
      "SELECT conname::text AS name, conrelid::regclass::text AS tbl FROM pg_constraint "
      "WHERE connamespace = 'public'::regnamespace AND contype IN ('c', 'u', 'f', 'x') UNION ALL "
      "SELECT c.relname::text, i.indrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
      "WHERE i.indisunique AND NOT i.indisprimary AND c.relnamespace = 'public'::regnamespace "
      "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)) AS all_constraints"));
  ASSERT_GT(found.size(), 100u);
  std::set<std::string> columns;
  for (const auto& c : lines(tdb.query_value("SELECT string_agg(table_name || '.' || column_name, E'\\n') FROM "
                                             "information_schema.columns WHERE table_schema = 'public'")))
    columns.insert(c);
  for (const auto& line : found) {
    const std::string name = line.substr(0, line.find(' '));
    const std::string table = line.substr(line.find(' ') + 1);
    auto meaning = db::constraint_meaning(name);
    if (!meaning) {
      ADD_FAILURE() << name << " (on " << table << ") has no meaning in persistence/errors.cpp";
      continue;
    }
    EXPECT_FALSE(meaning->field.empty()) << name;
    EXPECT_FALSE(meaning->message.empty()) << name;
    const ErrorKind kind = kind_of(meaning->type);
    EXPECT_TRUE(kind == ErrorKind::rule_broken || kind == ErrorKind::conflict) << name;
    // A name PostgreSQL made from one column names that column.
    if ((name.ends_with("_check") || name.ends_with("_fkey")) && name.find(table + "_") == 0 &&
        name.find(meaning->field) == table.size() + 1) {
      EXPECT_TRUE(columns.count(table + "." + meaning->field)) << name << ": no column " << meaning->field;
    }
  }
  EXPECT_FALSE(db::constraint_meaning("no_such_constraint"));
}
