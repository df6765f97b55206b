#include "domain/core/instant.hpp"

#include <chrono>
#include <cstdio>

#include "domain/core/date.hpp"

namespace incommon {

std::optional<Instant> Instant::parse(std::string_view t, bool* out_of_range) {
  if (out_of_range) *out_of_range = false;
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > t.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  if (t.size() < 20 || (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') return std::nullopt;
  auto date = Date::parse(t.substr(0, 10));
  const int h = digits(11, 2), m = digits(14, 2), s = digits(17, 2);
  if (!date || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
  std::size_t i = 19;
  std::int64_t fraction = 0;
  if (i < t.size() && t[i] == '.') {
    const std::size_t start = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (i - start < 6) fraction = fraction * 10 + (t[i] - '0');
      ++i;
    }
    if (i == start || i - start > 9) return std::nullopt;
    for (std::size_t k = i - start; k < 6; ++k) fraction *= 10;
  }
  int offset_minutes = 0;
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    if (i + 1 != t.size()) return std::nullopt;
  } else {
    if (i + 6 != t.size() || (t[i] != '+' && t[i] != '-') || t[i + 3] != ':') return std::nullopt;
    const int oh = digits(i + 1, 2), om = digits(i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = (t[i] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  const std::int64_t seconds = date->days_since_epoch() * 86400 + h * 3600 + m * 60 + s - offset_minutes * 60;
  static const std::int64_t first = Date::parse("0001-01-01")->days_since_epoch() * 86400;
  static const std::int64_t last = Date::parse("9999-12-31")->days_since_epoch() * 86400 + 86399;
  if (seconds < first || seconds > last) {
    if (out_of_range) *out_of_range = true;
    return std::nullopt;
  }
  return Instant(seconds * 1'000'000 + fraction);
}

std::string Instant::to_string() const {
  std::int64_t seconds = micros_ / 1'000'000;
  std::int64_t fraction = micros_ % 1'000'000;
  if (fraction < 0) {
    fraction += 1'000'000;
    --seconds;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Date d = Date::from_days(days);
  char buf[48];
  if (fraction == 0)
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.to_string().c_str(), static_cast<int>(rest / 3600),
                  static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  else
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%06dZ", d.to_string().c_str(), static_cast<int>(rest / 3600),
                  static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60), static_cast<int>(fraction));
  return buf;
}

Instant Instant::now() {
  return Instant(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

Date Instant::utc_date() const {
  constexpr std::int64_t per_day = 86'400'000'000LL;
  std::int64_t day = micros_ / per_day;
  if (micros_ % per_day < 0) --day;
  return Date::from_days(day);
}

}  // namespace incommon
