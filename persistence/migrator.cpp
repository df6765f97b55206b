#include "persistence/migrator.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "persistence/sql.hpp"

namespace incommon::migrations_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}
namespace incommon::grants_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}

namespace incommon::db {

namespace {

constexpr std::int64_t kMigrationLockKey = 0x696e636f6d6d6f6e;  // "incommon"

std::vector<std::pair<std::string_view, std::string_view>> ordered_migrations() {
  auto files = migrations_data::embedded_files();
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<MigrationReport> migrate(Database& db) {
  MigrationReport report;
  auto status = db.with_session([&](soci::session& s) -> Status {
    Query lock("SELECT 1 FROM pg_advisory_lock(");
    lock.sql(lock.bind(kMigrationLockKey)).sql(")");
    lock.fetch(s);
    try {
      Query(
          "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, "
          "applied_at timestamptz NOT NULL DEFAULT now())")
          .execute(s);
      for (const auto& [name, script] : ordered_migrations()) {
        report.latest = std::string(name);
        Query seen("SELECT 1 FROM schema_migrations WHERE name = ");
        seen.sql(seen.bind(std::string(name)));
        if (seen.fetch_one(s)) continue;
        soci::transaction tx(s);
        run_script(s, script);
        Query record("INSERT INTO schema_migrations (name) VALUES (");
        record.sql(record.bind(std::string(name))).sql(")");
        record.execute(s);
        tx.commit();
        report.applied.push_back(std::string(name));
      }
      // The API role's privileges follow the schema as it now is (persistence/grants.sql).
      for (const auto& [name, script] : grants_data::embedded_files()) run_script(s, script);
    } catch (...) {
      Query unlock("SELECT pg_advisory_unlock(");
      unlock.sql(unlock.bind(kMigrationLockKey)).sql(")");
      if (s.is_connected()) unlock.fetch(s);
      throw;
    }
    Query unlock("SELECT pg_advisory_unlock(");
    unlock.sql(unlock.bind(kMigrationLockKey)).sql(")");
    unlock.fetch(s);
    return {};
  });
  if (!status) return fail(status.error());
  return report;
}

bool is_migrated(Database& db) {
  const auto files = ordered_migrations();
  if (files.empty()) return true;
  bool done = false;
  auto status = db.with_session([&](soci::session& s) -> Status {
    Query q("SELECT 1 FROM schema_migrations WHERE name = ");
    q.sql(q.bind(std::string(files.back().first)));
    done = q.fetch_one(s).has_value();
    return {};
  });
  return status && done;
}

}  // namespace incommon::db
