#include "persistence/seed/seeds.hpp"

namespace incommon::seed_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}

namespace incommon::db {

std::string_view embedded_seed_script(std::string_view file_name) {
  for (const auto& [name, text] : seed_data::embedded_files())
    if (name == file_name) return text;
  return {};
}

std::vector<std::string> seed_names() { return {"staffordshire-2019", "synthetic"}; }

Status seed(Database& db, const std::string& name) {
  if (name == "staffordshire-2019") return seed_staffordshire_2019(db);
  if (name == "synthetic") return seed_synthetic(db, SyntheticSize{});
  return fail(Error::not_found("No seed is called " + name + "."));
}

}  // namespace incommon::db
