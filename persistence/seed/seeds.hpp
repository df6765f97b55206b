#pragma once
// Named demo data sets, loaded by `incommon seed NAME`. Each is idempotent.
#include <string>
#include <vector>

#include "domain/core/error.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

std::vector<std::string> seed_names();
Status seed(Database& db, const std::string& name);

Status seed_staffordshire_2019(Database& db);

}  // namespace incommon::db
