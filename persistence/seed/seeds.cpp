#include "persistence/seed/seeds.hpp"

namespace incommon::db {

std::vector<std::string> seed_names() { return {"staffordshire-2019", "synthetic"}; }

Status seed(Database& db, const std::string& name) {
  if (name == "staffordshire-2019") return seed_staffordshire_2019(db);
  if (name == "synthetic") return seed_synthetic(db, SyntheticSize{});
  return fail(Error::not_found("No seed is called " + name + "."));
}

}  // namespace incommon::db
