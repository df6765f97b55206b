// The reference case: Staffordshire and Stoke-on-Trent, 2018-2020 (shared/spec/story-2019.md).
// Only the story's facts; anything illustrative says so in its own text.
#include <soci/soci.h>

#include <string>
#include <vector>

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

// The sources name neither the shared accountable officer nor when either shared appointment
// began: the officer's name says so, and both start on this illustrative date.
constexpr const char* kOfficerName = "Illustrative Accountable Officer (name not in the sources)";
constexpr const char* kIllustrativeStart = "2019-04-01";

void appoint(soci::session& s, const std::string& person, const std::string& role,
             const std::vector<std::string>& organisation_names) {
  Query q("INSERT INTO appointments (person_id, role, organisation_ids, starts_on) SELECT p.id, ");
  q.sql(q.bind(role)).sql(", ARRAY(SELECT id FROM organisations WHERE name = ANY(CAST(");
  std::string names = "{";
  for (std::size_t i = 0; i < organisation_names.size(); ++i)
    names += (i ? ",\"" : "\"") + organisation_names[i] + "\"";
  q.sql(q.bind(names + "}")).sql(" AS text[])) ORDER BY id), CAST(").sql(q.bind(kIllustrativeStart));
  q.sql(" AS date) FROM people p WHERE p.full_name = ").sql(q.bind(person));
  q.sql(" AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id AND a.role = ")
      .sql(q.bind(role))
      .sql(")");
  q.execute(s);
}

}  // namespace

Status seed_staffordshire_2019(Database& db) {
  return db.with_transaction(Actor{"", "seed staffordshire-2019", "", {}}, [](soci::session& s) -> Status {
    for (const auto& o : kOrganisations) {
      Query q("INSERT INTO organisations (name, type, sub_region, status) VALUES (");
      q.sql(q.bind(o.name)).sql(", ").sql(q.bind(o.type)).sql(", ");
      q.sql(q.bind(o.sub_region ? Value(o.sub_region) : Value())).sql(", ").sql(q.bind(o.status));
      q.sql(") ON CONFLICT ((lower(name))) DO NOTHING");
      q.execute(s);
    }
    Query(
        "INSERT INTO people (title, full_name) SELECT 'Dr', 'Ruth Chambers' "
        "WHERE NOT EXISTS (SELECT 1 FROM people WHERE full_name = 'Ruth Chambers')")
        .execute(s);
    Query("INSERT INTO people (full_name) SELECT '" + std::string(kOfficerName) +
          "' WHERE NOT EXISTS (SELECT 1 FROM people WHERE full_name = '" + std::string(kOfficerName) + "')")
        .execute(s);
    // One appointment covering all six CCGs; one covering the two northern CCGs.
    appoint(s, kOfficerName, "accountable_officer",
            {"NHS Stoke-on-Trent CCG", "NHS North Staffordshire CCG", "NHS East Staffordshire CCG",
             "NHS Stafford and Surrounds CCG", "NHS Cannock Chase CCG",
             "NHS South East Staffordshire and Seisdon Peninsula CCG"});
    appoint(s, "Ruth Chambers", "clinical_chair", {"NHS North Staffordshire CCG", "NHS Stoke-on-Trent CCG"});
    // The rest of the arc, from the programme to its abandonment (once only).
    run_script(s, embedded_seed_script("staffordshire_2019_story.sql"));
    return {};
  });
}

}  // namespace incommon::db
