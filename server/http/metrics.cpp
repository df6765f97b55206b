#include "server/http/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <atomic>
#include <unordered_map>

namespace incommon::http {

namespace {
const prometheus::Histogram::BucketBoundaries kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
std::atomic<std::uint64_t> next_id{0};

// Raises `counter` to a total kept elsewhere, which only grows; `reported` is the total it was
// last raised to.
void raise_to(prometheus::Counter& counter, std::uint64_t total, std::uint64_t& reported) {
  if (total > reported) counter.Increment(static_cast<double>(total - reported));
  reported = std::max(reported, total);
}
}  // namespace

struct Metrics::Series {
  prometheus::Counter* requests;
  prometheus::Histogram* latency;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("incommon_http_requests_total")
                    .Help("HTTP requests by method, route template and status.")
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("incommon_http_request_duration_seconds")
                   .Help("Time to answer a request, by route template.")
                   .Register(*registry_)),
      pool_size_(prometheus::BuildGauge()
                     .Name("incommon_db_pool_size")
                     .Help("Database connections in the pool.")
                     .Register(*registry_)
                     .Add({})),
      pool_in_use_(prometheus::BuildGauge()
                       .Name("incommon_db_pool_in_use")
                       .Help("Database connections leased now.")
                       .Register(*registry_)
                       .Add({})),
      db_errors_(prometheus::BuildCounter()
                     .Name("incommon_db_errors_total")
                     .Help("Database errors (unavailable or unexpected).")
                     .Register(*registry_)
                     .Add({})),
      standby_answering_(prometheus::BuildGauge()
                             .Name("incommon_standby_answering")
                             .Help("1 while a hot standby answers the server, 0 otherwise.")
                             .Register(*registry_)),
      standby_replayed_(prometheus::BuildGauge()
                            .Name("incommon_standby_replayed_wal_bytes")
                            .Help("How far a hot standby has replayed the primary's WAL (pg_last_wal_replay_lsn()).")
                            .Register(*registry_)),
      position_checks_(prometheus::BuildCounter()
                           .Name("incommon_standby_position_checks_total")
                           .Help("Reads with a WAL-Position the watcher had not seen replayed, by who answered.")
                           .Register(*registry_)),
      id_(next_id++) {}

Metrics::~Metrics() = default;

Metrics::Series& Metrics::series_of(const std::string& method, const std::string& route, int status) {
  // The families' Add() takes their lock: each thread asks once per series and remembers.
  thread_local std::unordered_map<std::string, Series> known;
  std::string key = std::to_string(id_);
  key += ' ';
  key += method;
  key += ' ';
  key += std::to_string(status);
  key += ' ';
  key += route;
  auto it = known.find(key);
  if (it != known.end()) return it->second;
  Series s{&requests_.Add({{"method", method}, {"route", route}, {"status", std::to_string(status)}}),
           &latency_.Add({{"route", route}}, kBuckets)};
  return known.emplace(std::move(key), s).first->second;
}

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  auto& s = series_of(method, route, status);
  s.requests->Increment();
  s.latency->Observe(seconds);
}

void Metrics::standbys(const std::vector<Standby>& standbys, std::uint64_t asked_then_standby,
                       std::uint64_t asked_then_primary) {
  std::lock_guard lock(render_mutex_);
  for (const auto& s : standbys) {
    standby_answering_.Add({{"standby", s.name}}).Set(s.answering ? 1 : 0);
    standby_replayed_.Add({{"standby", s.name}}).Set(static_cast<double>(s.replayed));
  }
  raise_to(position_checks_.Add({{"answered_by", "standby"}}), asked_then_standby, to_standby_reported_);
  raise_to(position_checks_.Add({{"answered_by", "primary"}}), asked_then_primary, to_primary_reported_);
}

std::string Metrics::render(std::size_t pool_size, std::size_t pool_in_use, std::uint64_t db_errors) {
  std::lock_guard lock(render_mutex_);
  pool_size_.Set(static_cast<double>(pool_size));
  pool_in_use_.Set(static_cast<double>(pool_in_use));
  raise_to(db_errors_, db_errors, db_errors_reported_);
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace incommon::http
