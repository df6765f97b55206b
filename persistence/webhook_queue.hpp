#pragma once
// The deliverers' side of the outbox (webhook_repository.hpp is the writers'): due deliveries
// claimed under a lease by one server at a time, each attempt's outcome recorded, and the
// events of a date found once. Used by server/webhooks/deliverer.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/error.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

struct ClaimedDelivery {
  std::string id;
  std::string subscription_id;
  std::string message_id;  // the webhook-id
  std::string body;        // the exact text to sign and send
  std::string url;
  std::vector<std::string> secrets;  // the current one, and the previous while it overlaps
  int attempt = 1;                   // this one's number
};

// How long to wait after a failed attempt: `first`, multiplied by `factor` after each failure,
// at most `longest`, each wait moved by up to +/- `jitter` of itself at random; a delivery
// still failing when the next attempt would come more than `give_up_after` after its event
// was announced is marked failed, and a subscription whose every attempt has failed for that
// long is disabled.
struct RetryPolicy {
  std::chrono::milliseconds first{5000};
  double factor = 4;
  std::chrono::milliseconds longest{std::chrono::hours(6)};
  double jitter = 0.2;
  std::chrono::seconds give_up_after{std::chrono::hours(24)};
};

// The wait after failed attempt number `attempt` (1 for the first), with `unit` in [0, 1) as
// the random draw.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt, double unit);

struct AttemptOutcome {
  std::string delivery_id;
  std::string subscription_id;
  int attempt = 1;
  std::string started_at;  // RFC 3339
  std::int64_t latency_ms = 0;
  std::optional<int> status;
  std::optional<std::string> error;
  std::optional<std::string> response;  // at most its first KiB
  bool succeeded = false;
};

// Up to `limit` due deliveries, leased to `worker` for `lease`: the first announced first, never
// one while an earlier delivery of the same record to the same subscription is still pending
// (order per record), never one another server holds (FOR UPDATE SKIP LOCKED), and again once
// a lease has run out unanswered (its server died).
Result<std::vector<ClaimedDelivery>> claim_deliveries(Database& db, const std::string& worker, int limit,
                                                      std::chrono::seconds lease);

// Records the attempts, in one transaction, and what each leads to: succeeded; due again after
// its wait (`unit()` draws its jitter); failed; and the subscription disabled, saying why, when
// it has failed for `give_up_after`. Nothing but the attempt is written for a delivery whose
// lease has gone to another worker meanwhile.
Status record_attempts(Database& db, const std::string& worker, const std::vector<AttemptOutcome>& outcomes,
                       const RetryPolicy& policy, const std::function<double()>& unit);

}  // namespace incommon::db
