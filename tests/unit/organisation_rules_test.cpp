#include <gtest/gtest.h>

#include "domain/organisations/organisation.hpp"

using namespace incommon;

namespace {
Organisation valid() {
  Organisation o;
  o.name = "NHS Stoke-on-Trent CCG";
  o.type = OrganisationType::ccg;
  return o;
}
bool names_field(const Status& s, const std::string& field) {
  if (s) return false;
  for (const auto& e : s.error().errors)
    if (e.field == field) return true;
  return false;
}
}  // namespace

TEST(OrganisationRules, AcceptsAValidOrganisation) {
  EXPECT_TRUE(validate(valid()));
}

TEST(OrganisationRules, RejectsBlankName) {
  auto o = valid();
  o.name = "   ";
  EXPECT_TRUE(names_field(validate(o), "name"));
  EXPECT_EQ(validate(o).error().kind, ErrorKind::rule_broken);
}

TEST(OrganisationRules, RejectsNegativePopulation) {
  auto o = valid();
  o.population = -1;
  EXPECT_TRUE(names_field(validate(o), "population"));
  o.population = 0;
  EXPECT_TRUE(validate(o));
}

TEST(OrganisationRules, CodeMustBeAnOdsCode) {
  auto o = valid();
  o.code = "05W";
  EXPECT_TRUE(validate(o));
  o.code = "05w";
  EXPECT_TRUE(names_field(validate(o), "code"));
  o.code = "X";
  EXPECT_TRUE(names_field(validate(o), "code"));
}

TEST(OrganisationRules, DissolvedNotBeforeEstablished) {
  auto o = valid();
  o.established_on = Date::parse("2013-04-01");
  o.dissolved_on = Date::parse("2012-04-01");
  EXPECT_TRUE(names_field(validate(o), "dissolved_on"));
  o.dissolved_on = Date::parse("2022-07-01");
  EXPECT_TRUE(validate(o));
}

TEST(OrganisationRules, NotItsOwnSuccessorOrParent) {
  auto o = valid();
  o.meta.id = "a";
  o.successor_id = "a";
  o.parent_id = "a";
  EXPECT_TRUE(names_field(validate(o), "successor_id"));
  EXPECT_TRUE(names_field(validate(o), "parent_id"));
}

TEST(OrganisationRules, ParentChainMustNotLoop) {
  // a's proposed parent is b; b's ancestors are c, then a: a -> b -> c -> a.
  auto loop = check_no_parent_cycle("a", std::string("b"), {"c", "a", "x"});
  ASSERT_FALSE(loop);
  EXPECT_EQ(loop.error().kind, ErrorKind::rule_broken);
  EXPECT_NE(loop.error().detail.find("a -> b -> c -> a"), std::string::npos) << loop.error().detail;
  EXPECT_TRUE(check_no_parent_cycle("a", std::string("b"), {"c", "d"}));
  EXPECT_TRUE(check_no_parent_cycle("a", std::nullopt, {}));
  EXPECT_FALSE(check_no_parent_cycle("a", std::string("a"), {}));
}
