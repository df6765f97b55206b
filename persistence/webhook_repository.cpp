#include "persistence/webhook_repository.hpp"

#include "persistence/announcements.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<WebhookSubscription> kSubscriptions("webhook_subscriptions",
                                                {
                                                    field("url", &WebhookSubscription::url),
                                                    field("event_types", &WebhookSubscription::event_types),
                                                    field("description", &WebhookSubscription::description),
                                                    field("enabled", &WebhookSubscription::enabled),
                                                    field("disabled_reason", &WebhookSubscription::disabled_reason),
                                                    field("failing_since", &WebhookSubscription::failing_since),
                                                    stored("previous_secret_until",
                                                           &WebhookSubscription::previous_secret_until),
                                                });

constexpr const char* kDeliveryColumns =
    "d.id::text, d.subscription_id::text, d.message_id, m.type, m.record_type, m.record_id, d.status, d.attempts, "
    "CASE WHEN d.status = 'pending' THEN d.next_attempt_at END, d.created_at, "
    "CASE WHEN d.status = 'succeeded' THEN d.last_attempt_at END";

WebhookDelivery delivery_of(const Row& r) {
  WebhookDelivery d;
  d.id = r.text(0);
  d.subscription_id = r.text(1);
  d.message_id = r.text(2);
  d.event_type = r.text(3);
  d.record_type = r.text(4);
  d.record_id = r.text(5);
  d.status = parse_enum<DeliveryStatus>(r.text(6)).value_or(DeliveryStatus::pending);
  d.attempts = static_cast<int>(r.int64(7).value_or(0));
  d.next_attempt_at = r.at(8);
  d.created_at = r.text(9);
  d.delivered_at = r.at(10);
  return d;
}

}  // namespace

SubscribedTypes::SubscribedTypes(Announcements& announcements) : announcements_(announcements) {
  announcements_.on("incommon_webhooks", [this](const std::string*) {
    std::lock_guard lock(mutex_);
    known_ = false;
    ++generation_;
  });
}

bool SubscribedTypes::load(soci::session& s) {
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    if (known_) return true;
    generation = generation_;
  }
  if (!announcements_.listening()) return false;
  auto rows = Query("SELECT DISTINCT unnest(event_types) FROM webhook_subscriptions WHERE enabled").fetch(s);
  std::lock_guard lock(mutex_);
  if (generation != generation_ || !announcements_.listening()) return false;
  types_.clear();
  for (const auto& r : rows) types_.insert(r.text(0));
  known_ = true;
  return true;
}

bool SubscribedTypes::wants(soci::session& s, std::string_view type) {
  if (!load(s)) return true;
  std::lock_guard lock(mutex_);
  return !known_ || types_.contains(type);
}

WebhookSubscription SqlWebhookRepository::insert(const WebhookSubscription& sub, const std::string& secret) {
  Query q("INSERT INTO webhook_subscriptions (");
  q.sql(kSubscriptions.fields())
      .sql(", secret) VALUES (")
      .sql(kSubscriptions.bind_fields(q, sub))
      .sql(", ")
      .sql(q.bind(secret))
      .sql(") RETURNING ")
      .sql(kSubscriptions.columns());
  return kSubscriptions.from_row(*q.fetch_one(s_));
}

std::optional<WebhookSubscription> SqlWebhookRepository::find(const std::string& id) {
  return kSubscriptions.find(s_, id, false);
}

std::optional<WebhookSubscription> SqlWebhookRepository::find_for_update(const std::string& id) {
  return kSubscriptions.find(s_, id, true);
}

Page<WebhookSubscription> SqlWebhookRepository::list(const PageRequest& page) {
  Query q = kSubscriptions.select();
  q.sql(" WHERE true");
  if (page.after)
    append_after(q, "webhook_subscriptions.created_at, webhook_subscriptions.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY webhook_subscriptions.created_at, webhook_subscriptions.id");
  return kSubscriptions.page(s_, std::move(q), page, [](const WebhookSubscription& w) {
    return std::vector<std::string>{w.meta.created_at, w.meta.id};
  });
}

Result<WebhookSubscription> SqlWebhookRepository::save(const WebhookSubscription& sub) {
  return kSubscriptions.save(s_, sub, "webhook subscription");
}

WebhookSubscription SqlWebhookRepository::rotate_secret(const std::string& id, const std::string& secret,
                                                        std::int64_t overlap_seconds) {
  Query q("UPDATE webhook_subscriptions SET previous_secret = secret, secret = ");
  q.sql(q.bind(secret))
      .sql(", previous_secret_until = now() + make_interval(secs => CAST(")
      .sql(q.bind(overlap_seconds))
      .sql(" AS bigint)) WHERE id = CAST(")
      .sql(q.bind(id))
      .sql(" AS uuid) RETURNING ")
      .sql(kSubscriptions.columns());
  return kSubscriptions.from_row(*q.fetch_one(s_));
}

std::vector<WebhookDelivery> SqlWebhookRepository::with_attempts(std::vector<WebhookDelivery> deliveries) {
  if (deliveries.empty()) return deliveries;
  std::vector<std::string> ids;
  for (const auto& d : deliveries) ids.push_back(d.id);
  Query q(
      "SELECT delivery_id::text, attempt, started_at, latency_ms, status, error, response FROM webhook_attempts "
      "WHERE delivery_id = ANY(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[])) ORDER BY delivery_id, attempt, id");
  for (const auto& r : q.fetch(s_)) {
    WebhookAttempt a;
    a.attempt = static_cast<int>(r.int64(1).value_or(0));
    a.started_at = r.text(2);
    a.latency_ms = r.int64(3).value_or(0);
    if (auto st = r.int64(4)) a.status = static_cast<int>(*st);
    a.error = r.at(5);
    a.response = r.at(6);
    for (auto& d : deliveries)
      if (d.id == r.text(0)) d.attempt_log.push_back(std::move(a));
  }
  return deliveries;
}

Page<WebhookDelivery> SqlWebhookRepository::deliveries(const std::string& subscription_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kDeliveryColumns)
      .sql(" FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id WHERE d.subscription_id = CAST(")
      .sql(q.bind(subscription_id))
      .sql(" AS uuid)");
  if (page.after && page.after->size() == 2) {
    q.sql(" AND (d.created_at, d.id) < (CAST(").sql(q.bind((*page.after)[0])).sql(" AS timestamptz), CAST(");
    q.sql(q.bind((*page.after)[1])).sql(" AS uuid))");
  }
  q.sql(" ORDER BY d.created_at DESC, d.id DESC LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  auto page_of = make_page(fetch_all(s_, q, delivery_of), page.limit, [](const WebhookDelivery& d) {
    return std::vector<std::string>{d.created_at, d.id};
  });
  page_of.items = with_attempts(std::move(page_of.items));
  return page_of;
}

std::optional<WebhookDelivery> SqlWebhookRepository::delivery(const std::string& subscription_id,
                                                              const std::string& id) {
  Query q("SELECT ");
  q.sql(kDeliveryColumns)
      .sql(" FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id WHERE d.subscription_id = CAST(")
      .sql(q.bind(subscription_id))
      .sql(" AS uuid) AND d.id = CAST(")
      .sql(q.bind(id))
      .sql(" AS uuid)");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return with_attempts({delivery_of(*row)}).front();
}

std::optional<WebhookDelivery> SqlWebhookRepository::retry(const std::string& subscription_id, const std::string& id) {
  Query q(
      "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), leased_until = NULL, "
      "updated_at = now() WHERE subscription_id = CAST(");
  q.sql(q.bind(subscription_id)).sql(" AS uuid) AND id = CAST(").sql(q.bind(id)).sql(" AS uuid) RETURNING id");
  if (!q.fetch_one(s_)) return std::nullopt;
  return delivery(subscription_id, id);
}

bool SqlWebhookRepository::lock_dated_sweep() {
  constexpr std::int64_t kSweepLockKey = 0x696e632d77686474;  // "inc-whdt"
  Query q("SELECT pg_try_advisory_xact_lock(");
  q.sql(q.bind(kSweepLockKey)).sql(")::text");
  return q.fetch_one(s_)->boolean(0);
}

std::vector<DatedEvent> SqlWebhookRepository::new_dated_events(const Date& today, int window_days) {
  Query q("WITH bounds AS (SELECT CAST(");
  q.sql(q.bind(today.to_string()))
      .sql(" AS date) AS today, CAST(")
      .sql(q.bind(Date::from_days(today.days_since_epoch() - window_days).to_string()));
  q.sql(
      " AS date) AS since), due AS ("
      "SELECT 'milestone.overdue' AS type, m.id AS record_id, m.forecast_date AS on_date FROM milestones m, bounds b "
      "WHERE m.forecast_date < b.today AND m.forecast_date >= b.since AND m.status NOT IN ('complete', 'cancelled') "
      "UNION ALL SELECT 'caveat.overdue', c.id, c.due_on FROM caveats c, bounds b "
      "WHERE c.due_on < b.today AND c.due_on >= b.since AND c.status NOT IN ('met', 'withdrawn') "
      "UNION ALL SELECT 'appointment.started', a.id, a.starts_on FROM appointments a, bounds b "
      "WHERE a.starts_on <= b.today AND a.starts_on >= b.since "
      "UNION ALL SELECT 'appointment.ended', a.id, a.ends_on FROM appointments a, bounds b "
      "WHERE a.ends_on < b.today AND a.ends_on >= b.since) "
      "INSERT INTO webhook_dated_events (type, record_id, on_date) SELECT type, record_id, on_date FROM due "
      "ON CONFLICT DO NOTHING RETURNING type, record_id::text, on_date::text");
  return fetch_all(s_, q, [](const Row& r) { return DatedEvent{r.text(0), r.text(1), r.date(2).value_or(Date())}; });
}

bool SqlOutbox::wants(std::string_view type) {
  return !types_ || types_->wants(s_, type);
}

void SqlOutbox::announce(const OutboxEvent& e) {
  if (!wants(e.type)) return;
  // The message and its deliveries in one statement; nothing at all when nobody subscribes.
  Query q("WITH subs AS (SELECT id FROM webhook_subscriptions WHERE enabled AND CAST(");
  const auto type = q.bind(e.type);
  q.sql(type).sql(" AS text) = ANY(event_types)), msg AS (INSERT INTO webhook_messages (id, type, record_type, ");
  q.sql("record_id, body) SELECT 'msg_' || incommon_time_ordered_hex(), ").sql(type).sql(", ");
  q.sql(q.bind_list(e.record_type, e.record_id, e.body));
  q.sql(" WHERE EXISTS (SELECT 1 FROM subs) RETURNING id, seq, record_type || ':' || record_id AS record_key) ");
  q.sql(
      "INSERT INTO webhook_deliveries (subscription_id, message_id, seq, record_key) "
      "SELECT subs.id, msg.id, msg.seq, msg.record_key FROM subs CROSS JOIN msg");
  // Sent with the write's next statement (its COMMIT, at the latest): no round trip of its own,
  // and a failure fails the write.
  q.defer(s_);
}

}  // namespace incommon::db
