#include "domain/programmes/trend.hpp"

#include <charconv>

namespace incommon {

std::optional<ReportingInterval> ReportingInterval::parse(std::string_view text) {
  if (text.size() < 3 || text.front() != 'P') return std::nullopt;
  int n = 0;
  const char* first = text.data() + 1;
  const char* last = text.data() + text.size() - 1;
  auto [end, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || end != last || n < 1 || n > 366) return std::nullopt;
  switch (text.back()) {
    case 'D':
      return ReportingInterval{n, 0};
    case 'W':
      return n <= 52 ? std::optional(ReportingInterval{7 * n, 0}) : std::nullopt;
    case 'M':
      return n <= 12 ? std::optional(ReportingInterval{0, n}) : std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string ReportingInterval::to_string() const {
  if (months > 0) return "P" + std::to_string(months) + "M";
  if (days % 7 == 0) return "P" + std::to_string(days / 7) + "W";
  return "P" + std::to_string(days) + "D";
}

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;

// `at` moved on by `months` calendar months, at the same time of day (UTC).
Instant plus_months(const Instant& at, int months) {
  const Date day = at.utc_date();
  const std::int64_t time = at.micros() - day.days_since_epoch() * kMicrosPerDay;
  return Instant::from_micros(day.plus_months(months).days_since_epoch() * kMicrosPerDay + time);
}

}  // namespace

Result<std::vector<Instant>> reporting_instants(const Instant& from, const Instant& to, const ReportingInterval& every,
                                                std::size_t max) {
  if (!(from < to)) return fail(Error::malformed_parameter("to", "must be after from"));
  std::vector<Instant> out;
  for (int i = 0; out.size() <= max; ++i) {
    const Instant at = every.months > 0
                           ? plus_months(from, every.months * i)
                           : Instant::from_micros(from.micros() + std::int64_t{i} * every.days * kMicrosPerDay);
    if (to < at) break;
    out.push_back(at);
  }
  if (out.back() != to) out.push_back(to);
  if (out.size() > max)
    return fail(Error::malformed_parameter("every", "from, to and every give more than " + std::to_string(max) +
                                                        " reporting instants: take a longer step"));
  return out;
}

std::vector<TrendLine> trend_of(const std::vector<MilestoneTrack>& tracks, const std::vector<Instant>& instants) {
  std::vector<TrendLine> out;
  out.reserve(tracks.size());
  for (const auto& t : tracks) {
    TrendLine line{t.id, t.key, t.title, {}};
    line.points.reserve(instants.size());
    std::size_t next = 0;  // the first state recorded after the instant
    for (const auto& at : instants) {
      while (next < t.states.size() && !(at < t.states[next].recorded_at)) ++next;
      line.points.push_back(next == 0 ? std::nullopt : std::optional(t.states[next - 1]));
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace incommon
