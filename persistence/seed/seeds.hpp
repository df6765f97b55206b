#pragma once
// Named data sets, loaded by `incommon seed NAME`: the 2019 story and the live example (both
// idempotent), and synthetic programmes for benchmarks (each run adds more).
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/error.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

std::vector<std::string> seed_names();
Status seed(Database& db, const std::string& name);

Status seed_staffordshire_2019(Database& db);
// Two integrated care boards merging, illustrative, dated relative to the day it is loaded.
Status seed_live_example(Database& db);

// The text of an SQL file embedded from persistence/seed/ by the build ("" when there is none).
std::string_view embedded_seed_script(std::string_view file_name);

struct SyntheticSize {
  int programmes = 200;
  int milestones_per = 500;
};
// Adds `size.programmes` synthetic programmes of `size.milestones_per` milestones each, with
// their bodies, votes, caveats, risks, updates and decisions, in one transaction.
Status seed_synthetic(Database& db, const SyntheticSize& size);

}  // namespace incommon::db
