#pragma once
// What the server keeps only for a while, and what it asks of the database about itself.
#include <optional>
#include <string>

#include "domain/core/error.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

struct Expired {
  bool ran = false;                   // false: another server held the lock and did it
  long long idempotency_records = 0;  // stored first responses past their 24 hours
  long long report_hashes = 0;        // client hashes of reports past their 30 days
  long long rate_windows = 0;         // rate limit windows past 10 minutes
  long long webhook_deliveries = 0;   // deliveries done (succeeded or failed) more than 30 days ago
};

// Deletes what has expired, on one server at a time (a transaction-level advisory lock that a
// second server does not wait for).
Result<Expired> expire_records(Database& db);

// The key of the client hashes, as kept in server_secrets by migration 0011.
Result<std::string> stored_address_key(Database& db);

// Why the connected role should not serve the API, when it is a superuser or owns the audit
// trail (either could disable its trigger or rewrite history); nullopt for a restricted role.
Result<std::optional<std::string>> privilege_warning(Database& db);

}  // namespace incommon::db
