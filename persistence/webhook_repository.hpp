#pragma once
// The PostgreSQL side of domain/webhooks/webhook.hpp: subscriptions and their deliveries, and
// the outbox a write announces its events to. Internal to persistence.
#include <atomic>
#include <mutex>
#include <set>
#include <string>

#include "domain/webhooks/webhook.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class Announcements;

// The event types some enabled subscription names, remembered by a server so that a write
// nobody listens for costs no statement. A change to any subscription is announced at commit
// (NOTIFY incommon_webhooks): every server forgets what it knew and reads it again when next
// asked. While the listener is not connected nothing is remembered (every write asks).
class SubscribedTypes {
 public:
  explicit SubscribedTypes(Announcements& announcements);
  SubscribedTypes(const SubscribedTypes&) = delete;
  SubscribedTypes& operator=(const SubscribedTypes&) = delete;
  // Whether `type` may be wanted: true unless known not to be (reading it on `s` when unknown).
  bool wants(soci::session& s, std::string_view type);

 private:
  bool load(soci::session& s);
  Announcements& announcements_;
  std::mutex mutex_;
  std::uint64_t generation_ = 0;  // under mutex_: moved on by every announcement
  bool known_ = false;            // under mutex_
  std::set<std::string, std::less<>> types_;
};

class SqlWebhookRepository final : public WebhookRepository {
 public:
  explicit SqlWebhookRepository(soci::session& s) : s_(s) {}
  WebhookSubscription insert(const WebhookSubscription& sub, const std::string& secret) override;
  std::optional<WebhookSubscription> find(const std::string& id) override;
  std::optional<WebhookSubscription> find_for_update(const std::string& id) override;
  Page<WebhookSubscription> list(const PageRequest& page) override;
  Result<WebhookSubscription> save(const WebhookSubscription& sub) override;
  WebhookSubscription rotate_secret(const std::string& id, const std::string& secret,
                                    std::int64_t overlap_seconds) override;
  Page<WebhookDelivery> deliveries(const std::string& subscription_id, const PageRequest& page) override;
  std::optional<WebhookDelivery> delivery(const std::string& subscription_id, const std::string& id) override;
  std::optional<WebhookDelivery> retry(const std::string& subscription_id, const std::string& id) override;
  bool lock_dated_sweep() override;
  std::vector<DatedEvent> new_dated_events(const Date& today, int window_days) override;

 private:
  std::vector<WebhookDelivery> with_attempts(std::vector<WebhookDelivery> deliveries);
  soci::session& s_;
};

class SqlOutbox final : public Outbox {
 public:
  SqlOutbox(soci::session& s, SubscribedTypes* types) : s_(s), types_(types) {}
  bool wants(std::string_view type) override;
  void announce(const OutboxEvent& event) override;

 private:
  soci::session& s_;
  SubscribedTypes* types_;  // none: every event is offered to the database
};

}  // namespace incommon::db
