#pragma once
// Webhooks: who other systems ask to be told of what (a subscription), what was announced (an
// event, written to the outbox in the transaction of the change it announces), and each
// delivery of an event to a subscription with its attempts.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

// Every event type a subscription may name.
inline constexpr std::array<std::string_view, 14> kWebhookEventTypes{"milestone.created",
                                                                     "milestone.updated",
                                                                     "milestone.rag_changed",
                                                                     "milestone.overdue",
                                                                     "decision.created",
                                                                     "decision.ratified",
                                                                     "decision.superseded",
                                                                     "vote.closed",
                                                                     "caveat.status_changed",
                                                                     "caveat.overdue",
                                                                     "appointment.started",
                                                                     "appointment.ended",
                                                                     "consultation.response_received",
                                                                     "comment.hidden"};

bool is_webhook_event_type(std::string_view type);

struct WebhookSubscription {
  RecordMeta meta;
  std::string url;
  std::vector<std::string> event_types;
  std::optional<std::string> description;
  bool enabled = true;
  std::optional<std::string> disabled_reason;        // why incommon disabled it (or the admin's reason)
  std::optional<std::string> failing_since;          // RFC 3339: the first failed attempt since the last success
  std::optional<std::string> previous_secret_until;  // while a rotated secret still signs too
};

// 422 for an empty or unknown event type, a repeated one, or a description over 2,000 characters.
Status validate(const WebhookSubscription& s);

enum class DeliveryStatus { pending, succeeded, failed };
template <>
struct EnumNames<DeliveryStatus> {
  static constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 3> table{
      {{DeliveryStatus::pending, "pending"},
       {DeliveryStatus::succeeded, "succeeded"},
       {DeliveryStatus::failed, "failed"}}};
};

struct WebhookAttempt {
  int attempt = 0;
  std::string started_at;  // RFC 3339
  std::int64_t latency_ms = 0;
  std::optional<int> status;            // the receiver's HTTP status, when it answered
  std::optional<std::string> error;     // why it did not succeed, when it did not
  std::optional<std::string> response;  // the first KiB of the answer's body
};

struct WebhookDelivery {
  std::string id;
  std::string subscription_id;
  std::string message_id;  // the webhook-id of every attempt
  std::string event_type;
  std::string record_type;
  std::string record_id;
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  std::optional<std::string> next_attempt_at;
  std::string created_at;
  std::optional<std::string> delivered_at;
  std::vector<WebhookAttempt> attempt_log;  // oldest first
};

// An event of a date: a milestone's forecast or a caveat's due date passed, an appointment's
// first day come or its last day past.
struct DatedEvent {
  std::string type;
  std::string record_id;
  Date on;
};

class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;
  virtual WebhookSubscription insert(const WebhookSubscription& s, const std::string& secret) = 0;
  virtual std::optional<WebhookSubscription> find(const std::string& id) = 0;
  virtual std::optional<WebhookSubscription> find_for_update(const std::string& id) = 0;
  virtual Page<WebhookSubscription> list(const PageRequest& page) = 0;
  // url, event_types, description, enabled, disabled_reason, failing_since.
  virtual Result<WebhookSubscription> save(const WebhookSubscription& s) = 0;
  // The new secret signs from now on; the old one signs beside it for `overlap_seconds`.
  virtual WebhookSubscription rotate_secret(const std::string& id, const std::string& secret,
                                            std::int64_t overlap_seconds) = 0;
  // Newest first.
  virtual Page<WebhookDelivery> deliveries(const std::string& subscription_id, const PageRequest& page) = 0;
  virtual std::optional<WebhookDelivery> delivery(const std::string& subscription_id, const std::string& id) = 0;
  // Due again now, whatever it came to (a delivery of the same message, under the same id).
  virtual std::optional<WebhookDelivery> retry(const std::string& subscription_id, const std::string& id) = 0;
  // Whether this transaction is the one sweeping for dated events (an advisory lock, held to
  // its end): one server at a time.
  virtual bool lock_dated_sweep() = 0;
  // The dated events of the `window_days` up to `today` not announced before, now taken as
  // announced (each once per record and date): the caller announces those it finds true.
  virtual std::vector<DatedEvent> new_dated_events(const Date& today, int window_days) = 0;
};

// The subscription, validated, with its first signing secret.
Result<WebhookSubscription> add_subscription(WebhookRepository& repo, WebhookSubscription s, const std::string& secret);
// url, event_types and description; its state changes through set_enabled.
Result<WebhookSubscription> change_subscription(WebhookRepository& repo, const std::string& id,
                                                std::optional<std::int64_t> expected_version,
                                                const Change<WebhookSubscription>& change);
// Enabled (its failures forgotten), or disabled with the admin's reason.
Result<WebhookSubscription> set_enabled(WebhookRepository& repo, const std::string& id,
                                        std::optional<std::int64_t> expected_version, bool enabled,
                                        const std::optional<std::string>& reason);

// An event to announce: `body` is the exact JSON text to sign and send ({type, timestamp, data}).
struct OutboxEvent {
  std::string type;
  std::string record_type;  // "milestone", "decision", ...
  std::string record_id;
  std::string body;
};

// The outbox of the current write: what it announces is delivered only if it commits.
class Outbox {
 public:
  virtual ~Outbox() = default;
  // Whether any enabled subscription may want `type` (false: building the event is wasted).
  virtual bool wants(std::string_view type) = 0;
  // Written with one delivery per enabled subscription to its type; nothing when there is none.
  virtual void announce(const OutboxEvent& event) = 0;
};

}  // namespace incommon
