#include "persistence/seed/seeds.hpp"

#include <soci/soci.h>

#include "persistence/sql.hpp"

namespace incommon::seed_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}

namespace incommon::db {

std::string_view embedded_seed_script(std::string_view file_name) {
  for (const auto& [name, text] : seed_data::embedded_files())
    if (name == file_name) return text;
  return {};
}

std::vector<std::string> seed_names() {
  return {"staffordshire-2019", "live-example", "synthetic"};
}

Status seed_live_example(Database& db) {
  return db.with_transaction(Actor{"", "seed live-example", "", {}}, [](soci::session& s) -> Status {
    run_script(s, embedded_seed_script("live_example.sql"));
    return {};
  });
}

Status seed(Database& db, const std::string& name) {
  if (name == "staffordshire-2019") return seed_staffordshire_2019(db);
  if (name == "live-example") return seed_live_example(db);
  if (name == "synthetic") return seed_synthetic(db, SyntheticSize{});
  return fail(Error::not_found("No seed is called " + name + "."));
}

}  // namespace incommon::db
