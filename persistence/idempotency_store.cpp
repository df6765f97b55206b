#include "persistence/idempotency_store.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

void SqlIdempotencyStore::lock(const std::string& scope, const std::string& key) {
  Query q("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(");
  q.sql(q.bind(scope + "\n" + key)).sql(", 0))");
  q.fetch(s_);
}

std::optional<StoredResponse> SqlIdempotencyStore::find(const std::string& scope, const std::string& key) {
  // Keys are kept for at least 24 hours; older ones no longer replay.
  Query q("SELECT request_hash, status, body, headers FROM idempotency_keys WHERE scope = ");
  q.sql(q.bind(scope)).sql(" AND key = ").sql(q.bind(key)).sql(" AND created_at > now() - interval '24 hours'");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return StoredResponse{row->text(0), static_cast<int>(row->int64(1).value_or(0)), row->text(2), row->text(3)};
}

void SqlIdempotencyStore::save(const std::string& scope, const std::string& key, const StoredResponse& r) {
  Query q("INSERT INTO idempotency_keys (scope, key, request_hash, status, body, headers) VALUES (");
  q.sql(q.bind(scope)).sql(", ").sql(q.bind(key)).sql(", ").sql(q.bind(r.request_hash)).sql(", CAST(");
  q.sql(q.bind(static_cast<std::int64_t>(r.status))).sql(" AS int), ").sql(q.bind(r.body)).sql(", ");
  q.sql(q.bind(r.headers_json));
  q.sql(
      ") ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, "
      "body = EXCLUDED.body, headers = EXCLUDED.headers, created_at = now()");
  q.execute(s_);
}

}  // namespace incommon::db
