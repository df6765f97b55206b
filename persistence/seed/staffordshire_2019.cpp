// The reference case: Staffordshire and Stoke-on-Trent, 2018-2020 (shared/spec/story-2019.md).
// Only the story's facts; anything illustrative says so in its own text.
#include <soci/soci.h>

#include "persistence/seed/seeds.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

struct SeedOrganisation {
  const char* name;
  const char* type;
  const char* sub_region;  // may be null
  const char* status;
};

constexpr SeedOrganisation kOrganisations[] = {
    {"NHS Stoke-on-Trent CCG", "ccg", "north", "active"},
    {"NHS North Staffordshire CCG", "ccg", "north", "active"},
    {"NHS East Staffordshire CCG", "ccg", "south", "active"},
    {"NHS Stafford and Surrounds CCG", "ccg", "south", "active"},
    {"NHS Cannock Chase CCG", "ccg", "south", "active"},
    {"NHS South East Staffordshire and Seisdon Peninsula CCG", "ccg", "south", "active"},
    {"North Staffordshire LMC", "lmc", nullptr, "active"},
    {"NHS England", "nhs_england", nullptr, "active"},
    {"Staffordshire and Stoke-on-Trent Strategic Commissioning Organisation", "strategic_commissioning_organisation",
     nullptr, "planned"},
};

}  // namespace

Status seed_staffordshire_2019(Database& db) {
  return db.with_transaction(Actor{"", "seed staffordshire-2019", ""}, [](soci::session& s) -> Status {
    for (const auto& o : kOrganisations) {
      Query q("INSERT INTO organisations (name, type, sub_region, status) VALUES (");
      q.sql(q.bind(o.name)).sql(", ").sql(q.bind(o.type)).sql(", ");
      q.sql(q.bind(o.sub_region ? Value(o.sub_region) : Value())).sql(", ").sql(q.bind(o.status));
      q.sql(") ON CONFLICT ((lower(name))) DO NOTHING");
      q.execute(s);
    }
    Query("INSERT INTO people (title, full_name) SELECT 'Dr', 'Ruth Chambers' "
          "WHERE NOT EXISTS (SELECT 1 FROM people WHERE full_name = 'Ruth Chambers')")
        .execute(s);
    return {};
  });
}

}  // namespace incommon::db
