// The SOCI repositories against a real PostgreSQL, through the domain's use cases.
#include <gtest/gtest.h>

#include "domain/organisations/organisation.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "persistence/seed/seeds.hpp"
#include "tests/support/test_database.hpp"

using namespace incommon;
using incommon::testing::TestDatabase;

class Repositories : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tdb_ = new TestDatabase("repos");
    db_ = new db::Database({tdb_->url(), 2});
    ASSERT_TRUE(db::migrate(*db_));
  }
  static void TearDownTestSuite() {
    delete db_;
    delete tdb_;
  }
  static Actor actor() { return {"", "integration test", "req-1", {}}; }
  static Organisation org(const std::string& name) {
    Organisation o;
    o.name = name;
    o.type = OrganisationType::ccg;
    return o;
  }
  static Result<Organisation> create(const Organisation& o) {
    Result<Organisation> out = fail(Error::internal("not run"));
    auto s = db_->write(actor(), [&](db::Store& st) -> Status {
      out = register_organisation(st.organisations(), o);
      if (!out) return fail(out.error());
      return {};
    });
    if (!s) return fail(s.error());
    return out;
  }
  static inline TestDatabase* tdb_ = nullptr;
  static inline db::Database* db_ = nullptr;
};

TEST_F(Repositories, CreateReadAndAudit) {
  auto created = create(org("NHS Cannock Chase CCG"));
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_EQ(created->meta.version, 1);
  EXPECT_EQ(created->meta.created_at.back(), 'Z');
  std::optional<Organisation> found;
  ASSERT_TRUE(db_->read([&](db::Store& st) -> Status {
    found = st.organisations().find(created->meta.id);
    return {};
  }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "NHS Cannock Chase CCG");
  EXPECT_EQ(tdb_->query_value(
                "SELECT actor_name || '/' || request_id || '/' || action FROM audit_events WHERE entity_id = '" +
                created->meta.id + "'"),
            "integration test/req-1/create");
}

TEST_F(Repositories, UniqueNameIsAConflictAndWritesNothing) {
  ASSERT_TRUE(create(org("NHS East Staffordshire CCG")));
  const auto before = tdb_->query_value("SELECT count(*) FROM audit_events");
  auto again = create(org("nhs east staffordshire ccg"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  ASSERT_EQ(again.error().errors.size(), 1u);
  EXPECT_EQ(again.error().errors[0].field, "name");
  EXPECT_EQ(tdb_->query_value("SELECT count(*) FROM audit_events"), before);
}

TEST_F(Repositories, ParentCycleIsRefusedInTheTransaction) {
  auto a = create(org("Cycle A"));
  auto b = org("Cycle B");
  b.parent_id = a->meta.id;
  auto bb = create(b);
  ASSERT_TRUE(bb);
  Result<Organisation> changed = fail(Error::internal("not run"));
  auto s = db_->write(actor(), [&](db::Store& st) -> Status {
    changed =
        change_organisation(st.organisations(), a->meta.id, 1, [&](const Organisation& cur) -> Result<Organisation> {
          auto next = cur;
          next.parent_id = bb->meta.id;
          return next;
        });
    if (!changed) return fail(changed.error());
    return {};
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::rule_broken);
  EXPECT_NE(s.error().detail.find("cycle"), std::string::npos);
}

TEST_F(Repositories, StaleVersionIsRefusedWithTheCurrentOne) {
  auto a = create(org("Versioned"));
  auto s = db_->write(actor(), [&](db::Store& st) -> Status {
    auto r = change_organisation(st.organisations(), a->meta.id, 7,
                                 [](const Organisation& c) -> Result<Organisation> { return c; });
    if (!r) return fail(r.error());
    return {};
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::precondition_failed);
  EXPECT_EQ(s.error().current_version, 1);
}

TEST_F(Repositories, KeysetPagesHaveNoGapsOrRepeats) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(create(org("Paged " + std::to_string(i))));
  std::vector<std::string> seen;
  PageRequest page{3, std::nullopt};
  OrganisationFilter filter;
  filter.name_contains = "Paged";
  for (int guard = 0; guard < 10; ++guard) {
    Page<Organisation> p;
    ASSERT_TRUE(db_->read([&](db::Store& st) -> Status {
      p = st.organisations().list(filter, page);
      return {};
    }));
    for (const auto& o : p.items) seen.push_back(o.name);
    if (!p.next) break;
    page.after = p.next;
  }
  ASSERT_EQ(seen.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], "Paged " + std::to_string(i));
}

TEST_F(Repositories, LikeWildcardsInSearchAreLiteral) {
  ASSERT_TRUE(create(org("Percent 100% Group")));
  OrganisationFilter filter;
  filter.name_contains = "%";
  Page<Organisation> p;
  ASSERT_TRUE(db_->read([&](db::Store& st) -> Status {
    p = st.organisations().list(filter, {50, std::nullopt});
    return {};
  }));
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].name, "Percent 100% Group");
}

TEST(Seed, StaffordshireIsIdempotent) {
  TestDatabase tdb("seed");
  db::Database d({tdb.url(), 1});
  ASSERT_TRUE(db::migrate(d));
  ASSERT_TRUE(db::seed(d, "staffordshire-2019"));
  const auto count = tdb.query_value("SELECT count(*) FROM organisations");
  const auto events = tdb.query_value("SELECT count(*) FROM audit_events");
  ASSERT_TRUE(db::seed(d, "staffordshire-2019"));
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM organisations"), count);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM audit_events"), events);
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM organisations WHERE type = 'ccg'"), "6");
  EXPECT_EQ(
      tdb.query_value("SELECT string_agg(sub_region, ',' ORDER BY sub_region) FROM organisations WHERE type = 'ccg'"),
      "north,north,south,south,south,south");
  EXPECT_EQ(tdb.query_value("SELECT status FROM organisations WHERE type = 'strategic_commissioning_organisation'"),
            "planned");
  // The shared accountable officer covers all six CCGs; Dr Chambers chairs the two northern ones.
  EXPECT_EQ(
      tdb.query_value("SELECT count(*) FROM appointment_offices o JOIN organisations g ON g.id = o.organisation_id "
                      "WHERE o.role = 'accountable_officer' AND g.type = 'ccg' AND o.period @> DATE '2019-06-13'"),
      "6");
  EXPECT_EQ(tdb.query_value("SELECT string_agg(g.sub_region, ',') FROM appointment_offices o JOIN organisations g "
                            "ON g.id = o.organisation_id WHERE o.role = 'clinical_chair'"),
            "north,north");
  EXPECT_EQ(tdb.query_value("SELECT count(*) FROM appointments"), "2");
  EXPECT_FALSE(db::seed(d, "nonexistent"));
}
