#pragma once
// A calendar date (YYYY-MM-DD), proleptic Gregorian, with day arithmetic.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incommon {

class Date {
 public:
  Date() = default;
  static std::optional<Date> parse(std::string_view text);  // strict YYYY-MM-DD, a real day
  static Date from_days(std::int64_t days_since_epoch);
  static Date today_utc();

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  std::int64_t days_since_epoch() const;
  std::string to_string() const;
  // The same day `months` calendar months on (or back), or the month's last day when it is
  // shorter (31 January + 1 month: 28 or 29 February).
  Date plus_months(int months) const;

  friend std::int64_t operator-(const Date& a, const Date& b) { return a.days_since_epoch() - b.days_since_epoch(); }
  auto operator<=>(const Date&) const = default;

 private:
  Date(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace incommon
