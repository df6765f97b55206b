#include "server/http/metrics.hpp"

#include <sstream>

namespace incommon::http {

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(std::size_t pool_size, std::size_t pool_in_use, std::uint64_t db_errors) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP incommon_http_requests_total HTTP requests by method, route template and status.\n"
         "# TYPE incommon_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "incommon_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\"" << status
        << "\"} " << n << "\n";
  }
  out << "# HELP incommon_http_request_duration_seconds Time to answer a request, by route template.\n"
         "# TYPE incommon_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "incommon_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << h.buckets[i] << "\n";
    out << "incommon_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n";
    out << "incommon_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "incommon_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  out << "# HELP incommon_db_pool_size Database connections in the pool.\n# TYPE incommon_db_pool_size gauge\n"
      << "incommon_db_pool_size " << pool_size << "\n"
      << "# HELP incommon_db_pool_in_use Database connections leased now.\n# TYPE incommon_db_pool_in_use gauge\n"
      << "incommon_db_pool_in_use " << pool_in_use << "\n"
      << "# HELP incommon_db_errors_total Database errors (unavailable or unexpected).\n"
         "# TYPE incommon_db_errors_total counter\n"
      << "incommon_db_errors_total " << db_errors << "\n";
  return out.str();
}

}  // namespace incommon::http
