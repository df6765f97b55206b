#include <gtest/gtest.h>

#include "domain/finance/financial_position.hpp"
#include "domain/leadership/appointment.hpp"

using namespace incommon;

namespace {
Date d(const char* s) {
  return *Date::parse(s);
}
}  // namespace

TEST(Periods, OverlapIsInclusiveAndOpenEnded) {
  EXPECT_TRUE(periods_overlap(d("2019-01-01"), d("2019-06-30"), d("2019-06-30"), std::nullopt));
  EXPECT_FALSE(periods_overlap(d("2019-01-01"), d("2019-06-29"), d("2019-06-30"), std::nullopt));
  EXPECT_TRUE(periods_overlap(d("2019-01-01"), std::nullopt, d("2025-01-01"), d("2025-01-02")));
  EXPECT_FALSE(periods_overlap(d("2020-01-01"), std::nullopt, d("2019-01-01"), d("2019-12-31")));
  EXPECT_TRUE(periods_overlap(d("2019-03-01"), d("2019-03-01"), d("2019-01-01"), std::nullopt));
}

TEST(AppointmentRules, SoleOfficesAreAccountableOfficerAndClinicalChair) {
  EXPECT_TRUE(is_sole_office(OfficeRole::accountable_officer));
  EXPECT_TRUE(is_sole_office(OfficeRole::clinical_chair));
  EXPECT_FALSE(is_sole_office(OfficeRole::chair));
  EXPECT_FALSE(is_sole_office(OfficeRole::lay_member));
}

TEST(AppointmentRules, RecordRules) {
  Appointment a;
  a.person_id = "p";
  a.role = OfficeRole::accountable_officer;
  a.organisation_ids = {"b", "a", "b"};
  a.starts_on = d("2019-04-01");
  EXPECT_TRUE(validate(a));
  EXPECT_EQ(a.organisation_ids, (std::vector<std::string>{"a", "b"}));
  a.ends_on = d("2019-03-31");
  EXPECT_FALSE(validate(a));
  a.ends_on = d("2019-04-01");
  EXPECT_TRUE(validate(a));
  a.organisation_ids.clear();
  EXPECT_FALSE(validate(a));
  Appointment open_ended;
  open_ended.starts_on = d("2019-04-01");
  EXPECT_TRUE(open_ended.covers(d("2030-01-01")));
  EXPECT_FALSE(open_ended.covers(d("2019-03-31")));
}

TEST(FinancialYears, AreConsecutiveYears) {
  for (const char* ok : {"2018/19", "2019/20", "1999/00", "2099/00"}) EXPECT_TRUE(is_financial_year(ok)) << ok;
  for (const char* bad : {"2018/20", "2018-19", "2018/2019", "18/19", "2018/1", "abcd/ef", "", "1800/01"})
    EXPECT_FALSE(is_financial_year(bad)) << bad;
}

TEST(FinancialPositions, NeedAYearAndAFigure) {
  FinancialPosition p;
  p.organisation_id = "o";
  p.financial_year = "2018/19";
  EXPECT_FALSE(validate(p));
  p.cumulative_position_pence = -15'000'000'000;
  EXPECT_TRUE(validate(p));
  p.financial_year = "2018/20";
  EXPECT_FALSE(validate(p));
}
