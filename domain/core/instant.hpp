#pragma once
// A point in time, from RFC 3339 text with any offset; written back in UTC.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/core/date.hpp"

namespace incommon {

class Instant {
 public:
  Instant() = default;
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); fractions past microseconds are dropped.
  // Only instants from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z (in UTC) exist here;
  // `out_of_range`, when given, says whether a well-formed text was refused for that.
  static std::optional<Instant> parse(std::string_view text, bool* out_of_range = nullptr);
  static Instant from_micros(std::int64_t micros) { return Instant(micros); }
  static Instant now();

  std::int64_t micros() const { return micros_; }
  // "2019-06-20T14:30:00Z", with a fraction only when there is one.
  std::string to_string() const;
  // The day it falls on, in UTC.
  Date utc_date() const;
  auto operator<=>(const Instant&) const = default;

 private:
  explicit Instant(std::int64_t micros) : micros_(micros) {}
  std::int64_t micros_ = 0;
};

}  // namespace incommon
