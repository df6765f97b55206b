#pragma once
// Each server's webhook deliverer: a thread of its own (never a request thread) that claims due
// deliveries from the outbox (persistence/webhook_queue.hpp) and sends them with libcurl's multi
// interface, at most `concurrency` at a time, signed (Standard Webhooks), to destinations
// checked again at connect time (no SSRF: destination.hpp), with no redirects and timeouts on
// connecting and on the whole attempt. Every outcome is recorded; a failure is retried with
// exponential back-off and jitter. Now and then it also announces the events of a date.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "persistence/webhook_queue.hpp"
#include "server/config.hpp"

namespace incommon::db {
class Database;
}

namespace incommon::webhooks {

class Deliverer {
 public:
  Deliverer(db::Database& db, WebhookConfig config);
  ~Deliverer();
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;

  // The retry schedule a configuration makes.
  static db::RetryPolicy policy_of(const WebhookConfig& config);

 private:
  void run();
  db::Database& db_;
  WebhookConfig config_;
  std::string worker_;  // this server's name in leases and attempts: host and process
  std::atomic<bool> stopping_{false};
  void* multi_ = nullptr;  // CURLM*, made before the thread starts, woken to stop
  std::thread thread_;
};

}  // namespace incommon::webhooks
