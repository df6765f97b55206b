#include "persistence/housekeeping.hpp"

#include "persistence/sql.hpp"

namespace incommon::db {

namespace {
constexpr std::int64_t kExpiryLockKey = 0x696e632d65787069;  // "inc-expi"
}  // namespace

Result<Expired> expire_records(Database& db) {
  Expired out;
  auto status = db.with_session([&](soci::session& s) -> Status {
    soci::transaction tx(s);
    Query lock("SELECT pg_try_advisory_xact_lock(");
    lock.sql(lock.bind(kExpiryLockKey)).sql(")::text");
    if (!lock.fetch_one(s)->boolean(0)) return {};
    out.ran = true;
    out.idempotency_records =
        Query("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'").execute(s);
    out.report_hashes = Query(
                            "UPDATE response_reports SET client_hash = NULL WHERE client_hash IS NOT NULL AND "
                            "created_at < now() - interval '30 days'")
                            .execute(s);
    out.rate_windows =
        Query("DELETE FROM public_write_counts WHERE window_start < now() - interval '10 minutes'").execute(s);
    // Webhook deliveries done a month ago, with their attempts, then the messages left with none.
    out.webhook_deliveries =
        Query(
            "WITH gone AS (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND "
            "updated_at < now() - interval '30 days'), a AS (DELETE FROM webhook_attempts WHERE delivery_id IN "
            "(SELECT id FROM gone)) DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM gone)")
            .execute(s);
    if (out.webhook_deliveries)
      Query(
          "DELETE FROM webhook_messages m WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE "
          "d.message_id = m.id)")
          .execute(s);
    tx.commit();
    return {};
  });
  if (!status) return fail(status.error());
  return out;
}

Result<std::string> stored_address_key(Database& db) {
  std::string key;
  auto status = db.with_session([&](soci::session& s) -> Status {
    auto row = Query("SELECT encode(value, 'hex') FROM server_secrets WHERE name = 'address_key'").fetch_one(s);
    if (!row) return fail(Error::unavailable("The database has no address key: run incommon migrate."));
    key = row->text(0);
    return {};
  });
  if (!status) return fail(status.error());
  return key;
}

Result<std::optional<std::string>> privilege_warning(Database& db) {
  std::optional<std::string> warning;
  auto status = db.with_session([&](soci::session& s) -> Status {
    auto row = Query(
                   "SELECT current_user, r.rolsuper::text, "
                   "COALESCE(pg_has_role(current_user, c.relowner, 'USAGE'), false)::text "
                   "FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('audit_events') "
                   "WHERE r.rolname = current_user")
                   .fetch_one(s);
    if (!row || !(row->boolean(1) || row->boolean(2))) return {};
    warning = "connected as " + row->text(0) +
              (row->boolean(1) ? ", a superuser: it can disable the audit trail's trigger and change any setting."
                               : ", which owns the tables: it can alter them and disable the audit trail's trigger.") +
              " Serve the API as a login in the incommon_api role (see docs/deploying.md), which can only read and "
              "write its tables.";
    return {};
  });
  if (!status) return fail(status.error());
  return warning;
}

}  // namespace incommon::db
