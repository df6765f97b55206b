#pragma once
// A point in time, from RFC 3339 text with any offset; written back in UTC.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incommon {

class Instant {
 public:
  Instant() = default;
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); fractions past microseconds are dropped.
  static std::optional<Instant> parse(std::string_view text);
  static Instant from_micros(std::int64_t micros) { return Instant(micros); }

  std::int64_t micros() const { return micros_; }
  // "2019-06-20T14:30:00Z", with a fraction only when there is one.
  std::string to_string() const;
  auto operator<=>(const Instant&) const = default;

 private:
  explicit Instant(std::int64_t micros) : micros_(micros) {}
  std::int64_t micros_ = 0;
};

}  // namespace incommon
