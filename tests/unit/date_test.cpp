#include "domain/core/date.hpp"

#include <gtest/gtest.h>

using incommon::Date;

TEST(Date, ParsesRealDaysOnly) {
  EXPECT_TRUE(Date::parse("2019-06-13"));
  EXPECT_TRUE(Date::parse("2020-02-29"));
  EXPECT_FALSE(Date::parse("2019-02-29"));
  EXPECT_FALSE(Date::parse("1900-02-29"));
  EXPECT_TRUE(Date::parse("2000-02-29"));
  EXPECT_FALSE(Date::parse("2019-13-01"));
  EXPECT_FALSE(Date::parse("2019-04-31"));
  EXPECT_FALSE(Date::parse("2019-6-13"));
  EXPECT_FALSE(Date::parse("13/06/2019"));
  EXPECT_FALSE(Date::parse("2019-06-13T00:00:00Z"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_FALSE(Date::parse(""));
}

TEST(Date, RoundTripsAndCountsDays) {
  auto a = *Date::parse("2019-06-13");
  auto b = *Date::parse("2020-04-01");
  EXPECT_EQ(a.to_string(), "2019-06-13");
  EXPECT_EQ(b - a, 293);
  EXPECT_LT(a, b);
  EXPECT_EQ(Date::from_days(a.days_since_epoch()), a);
}
