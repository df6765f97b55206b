#pragma once
// Prometheus metrics: requests by route template and status, a latency histogram, the pool.
// Kept by prometheus-cpp (its counters are atomics); each request thread finds its series in
// the families once and then only increments them, so no lock is shared by every request.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <class T>
class Family;
}  // namespace prometheus

namespace incommon::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // Hot standbys, before render: whether each answers, how far it has replayed, and the reads
  // whose position a standby was asked about, by who then answered them (totals so far).
  struct Standby {
    std::string name;  // its host and port
    bool answering;
    std::uint64_t replayed;
  };
  void standbys(const std::vector<Standby>& standbys, std::uint64_t asked_then_standby,
                std::uint64_t asked_then_primary);
  // Renders the text exposition format; pool and database figures are passed in.
  std::string render(std::size_t pool_size, std::size_t pool_in_use, std::uint64_t db_errors);

 private:
  struct Series;
  Series& series_of(const std::string& method, const std::string& route, int status);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Gauge& pool_size_;
  prometheus::Gauge& pool_in_use_;
  prometheus::Counter& db_errors_;
  prometheus::Family<prometheus::Gauge>& standby_answering_;
  prometheus::Family<prometheus::Gauge>& standby_replayed_;
  prometheus::Family<prometheus::Counter>& position_checks_;
  // Under render_mutex_: the totals passed in so far, which the counters have been raised to.
  std::uint64_t to_standby_reported_ = 0, to_primary_reported_ = 0;
  std::mutex render_mutex_;
  std::uint64_t db_errors_reported_ = 0;  // under render_mutex_
  const std::uint64_t id_;                // tells this instance's series apart in the threads' caches
};

}  // namespace incommon::http
