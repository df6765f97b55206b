#pragma once
// Versioned SQL migrations, embedded in the binary: each applied once, in order, in its own
// transaction, under an advisory lock so that replicas starting together do not race.
#include <string>
#include <vector>

#include "domain/core/error.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this run
  std::string latest;                // the newest migration the binary knows
};

Result<MigrationReport> migrate(Database& db);
// True when every migration the binary knows has been applied.
bool is_migrated(Database& db);

}  // namespace incommon::db
