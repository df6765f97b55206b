// Synthetic programmes for benchmarks: the whole data set is made by one embedded SQL script,
// set-based, sized by two settings of the transaction.
#include <soci/soci.h>

#include <string>

#include "persistence/seed/seeds.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

Status seed_synthetic(Database& db, const SyntheticSize& size) {
  if (size.programmes < 1 || size.programmes > 100000)
    return fail(Error::malformed("--programmes must be between 1 and 100000."));
  if (size.milestones_per < 1 || size.milestones_per > 5000)
    return fail(Error::malformed("--milestones-per must be between 1 and 5000."));
  return db.with_transaction(Actor{"", "seed synthetic", "", {}}, [&](soci::session& s) -> Status {
    Query settings("SELECT set_config('incommon.synthetic_programmes', ");
    settings.sql(settings.bind(static_cast<std::int64_t>(size.programmes)));
    settings.sql(", true), set_config('incommon.synthetic_milestones_per', ");
    settings.sql(settings.bind(static_cast<std::int64_t>(size.milestones_per))).sql(", true)");
    settings.execute(s);
    run_script(s, embedded_seed_script("synthetic.sql"));
    return {};
  });
}

}  // namespace incommon::db
