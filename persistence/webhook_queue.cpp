#include "persistence/webhook_queue.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "persistence/sql.hpp"

namespace incommon::db {

namespace {
// A queue's statistics are always stale: analysed empty, the table seems too small to need an
// index, and a claim or a batch of results that scans every pending row for each one it finds
// falls further behind the more there is to deliver. Within the deliverers' own transactions
// the indexes are used, whatever the statistics say.
void use_the_indexes(soci::session& s) {
  Query("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true)").defer(s);
}

Actor deliverer() {
  Actor actor;
  actor.name = "webhooks";
  return actor;
}
}  // namespace

std::chrono::milliseconds retry_delay(const RetryPolicy& p, int attempt, double unit) {
  double ms = static_cast<double>(p.first.count()) * std::pow(p.factor, std::max(0, attempt - 1));
  ms = std::min(ms, static_cast<double>(p.longest.count()));
  ms *= 1.0 + p.jitter * (2.0 * unit - 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, ms)));
}

Result<std::vector<ClaimedDelivery>> claim_deliveries(Database& db, const std::string& worker, int limit,
                                                      std::chrono::seconds lease) {
  std::vector<ClaimedDelivery> out;
  auto status = db.with_transaction(deliverer(), [&](soci::session& s) -> Status {
    use_the_indexes(s);
    Query q("UPDATE webhook_deliveries d SET attempts = d.attempts + 1, leased_by = ");
    q.sql(q.bind(worker))
        .sql(", leased_until = now() + make_interval(secs => CAST(")
        .sql(q.bind(static_cast<std::int64_t>(lease.count())))
        .sql(
            " AS bigint)), updated_at = now() FROM webhook_messages m, webhook_subscriptions s "
            "WHERE d.id IN (SELECT c.id FROM webhook_deliveries c "
            "JOIN webhook_subscriptions cs ON cs.id = c.subscription_id AND cs.enabled "
            "WHERE c.status = 'pending' AND c.next_attempt_at <= now() "
            "AND (c.leased_until IS NULL OR c.leased_until < now()) "
            // The first pending delivery of its record to its subscription: one probe of the
            // order index per candidate, whatever a queue's ever-stale statistics say.
            "AND c.seq = (SELECT min(e.seq) FROM webhook_deliveries e WHERE e.subscription_id = c.subscription_id "
            "AND e.record_key = c.record_key AND e.status = 'pending') "
            "ORDER BY c.seq LIMIT ")
        .sql(q.bind(static_cast<std::int64_t>(limit)))
        .sql(
            " FOR UPDATE OF c SKIP LOCKED) AND m.id = d.message_id AND s.id = d.subscription_id "
            "RETURNING d.id::text, d.subscription_id::text, d.message_id, m.body, s.url, s.secret, "
            "CASE WHEN s.previous_secret_until > now() THEN s.previous_secret END, d.attempts");
    for (const auto& r : q.fetch(s)) {
      ClaimedDelivery c;
      c.id = r.text(0);
      c.subscription_id = r.text(1);
      c.message_id = r.text(2);
      c.body = r.text(3);
      c.url = r.text(4);
      c.secrets.push_back(r.text(5));
      if (r.at(6)) c.secrets.push_back(*r.at(6));
      c.attempt = static_cast<int>(r.int64(7).value_or(1));
      out.push_back(std::move(c));
    }
    return {};
  });
  if (!status) return fail(status.error());
  return out;
}

namespace {

// The attempt failed: due again after its wait, or failed once the window is over; the
// subscription's failing_since set, and the subscription disabled when it has failed for the
// whole window.
void record_failure(soci::session& s, const std::string& worker, const AttemptOutcome& o, const RetryPolicy& policy,
                    double unit) {
  const std::string error = o.error.value_or("HTTP " + std::to_string(o.status.value_or(0)));
  const auto wait = retry_delay(policy, o.attempt, unit);
  Query again("UPDATE webhook_deliveries d SET leased_until = NULL, last_attempt_at = now(), last_status = CAST(");
  again.sql(again.bind(o.status ? std::optional<std::int64_t>(*o.status) : std::nullopt));
  again.sql(" AS int), last_error = ").sql(again.bind(error));
  const auto wait_ms = again.bind(static_cast<std::int64_t>(wait.count()));
  const auto give_up = again.bind(static_cast<std::int64_t>(policy.give_up_after.count()));
  again.sql(", next_attempt_at = now() + make_interval(secs => CAST(").sql(wait_ms).sql(" AS bigint) / 1000.0), ");
  again.sql("status = CASE WHEN now() + make_interval(secs => CAST(" + wait_ms +
            " AS bigint) / 1000.0) > m.created_at + make_interval(secs => CAST(" + give_up +
            " AS bigint)) THEN 'failed' ELSE 'pending' END, updated_at = now() FROM webhook_messages m "
            "WHERE m.id = d.message_id AND d.id = CAST(");
  again.sql(again.bind(o.delivery_id)).sql(" AS uuid) AND d.status = 'pending' AND d.leased_by = ");
  again.sql(again.bind(worker));
  again.execute(s);
  // The subscription's first failure since its last success (when this attempt began).
  Query failing("UPDATE webhook_subscriptions SET failing_since = CAST(");
  failing.sql(failing.bind(o.started_at)).sql(" AS timestamptz) WHERE failing_since IS NULL AND id = CAST(");
  failing.sql(failing.bind(o.subscription_id)).sql(" AS uuid)");
  failing.execute(s);
  // Failing for the whole window: since a day ago, or since before the first attempt of a
  // delivery now given up.
  Query disable(
      "UPDATE webhook_subscriptions SET enabled = false, disabled_reason = 'Every delivery has failed since ' || ");
  disable.sql("to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '; the last: ' || ");
  disable.sql(disable.bind(error)).sql(" WHERE enabled AND (failing_since <= now() - make_interval(secs => CAST(");
  disable.sql(disable.bind(static_cast<std::int64_t>(policy.give_up_after.count())));
  const auto delivery = disable.bind(o.delivery_id);
  disable.sql(" AS bigint)) OR failing_since <= (SELECT min(a.started_at) FROM webhook_attempts a ");
  disable.sql("JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.status = 'failed' AND d.id = CAST(");
  disable.sql(delivery).sql(" AS uuid))) AND id = CAST(").sql(disable.bind(o.subscription_id)).sql(" AS uuid)");
  disable.execute(s);
}

}  // namespace

Status record_attempts(Database& db, const std::string& worker, const std::vector<AttemptOutcome>& outcomes,
                       const RetryPolicy& policy, const std::function<double()>& unit) {
  if (outcomes.empty()) return {};
  return db.with_transaction(deliverer(), [&](soci::session& s) -> Status {
    use_the_indexes(s);
    // Every attempt, and every success, in one statement each, sent together: a delivery costs
    // the database a row of each statement, not statements of its own.
    nlohmann::json rows = nlohmann::json::array();
    nlohmann::json healthy = nlohmann::json::array();
    for (const auto& o : outcomes) {
      rows.push_back({{"delivery_id", o.delivery_id},
                      {"attempt", o.attempt},
                      {"started_at", o.started_at},
                      {"latency_ms", o.latency_ms},
                      {"status", o.status ? nlohmann::json(*o.status) : nlohmann::json(nullptr)},
                      {"error", o.error ? nlohmann::json(*o.error) : nlohmann::json(nullptr)},
                      {"response", o.response ? nlohmann::json(*o.response) : nlohmann::json(nullptr)},
                      {"succeeded", o.succeeded}});
      if (o.succeeded) healthy.push_back(o.subscription_id);
    }
    const std::string text = rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    Query attempts(
        "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_ms, status, error, response, "
        "delivered_by) SELECT delivery_id, attempt, started_at, latency_ms, status, error, response, ");
    attempts.sql(attempts.bind(worker)).sql(" FROM jsonb_to_recordset(CAST(").sql(attempts.bind(text));
    attempts.sql(
        " AS jsonb)) AS o(delivery_id uuid, attempt int, started_at timestamptz, latency_ms int, status int, "
        "error text, response text, succeeded boolean)");
    attempts.defer(s);
    Query done(
        "UPDATE webhook_deliveries d SET status = 'succeeded', leased_until = NULL, last_attempt_at = now(), "
        "last_status = o.status, last_error = NULL, updated_at = now() FROM jsonb_to_recordset(CAST(");
    done.sql(done.bind(text))
        .sql(
            " AS jsonb)) AS o(delivery_id uuid, status int, succeeded boolean) WHERE o.succeeded AND d.id = "
            "o.delivery_id "
            "AND d.status = 'pending' AND d.leased_by = ");
    done.sql(done.bind(worker));
    done.defer(s);
    if (!healthy.empty()) {
      Query ok("UPDATE webhook_subscriptions SET failing_since = NULL WHERE failing_since IS NOT NULL AND id IN ");
      ok.sql("(SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(CAST(").sql(ok.bind(healthy.dump()));
      ok.sql(" AS jsonb)))");
      ok.defer(s);
    }
    for (const auto& o : outcomes)
      if (!o.succeeded) record_failure(s, worker, o, policy, unit());
    return {};
  });
}

}  // namespace incommon::db
