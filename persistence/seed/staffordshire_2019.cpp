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

// Every write from here on in the transaction is recorded at `instant` (the owner's seeds
// only: migrations 0015 and 0016); the story script moves the clock on from there.
void record_at(soci::session& s, const char* instant) {
  Query q("SELECT set_config('incommon.recorded_at', ");
  q.sql(q.bind(instant)).sql(", true)");
  q.fetch_one(s);
}

// created_at and updated_at at the story's clock.
constexpr const char* kNow = "CAST(current_setting('incommon.recorded_at') AS timestamptz)";

void appoint(soci::session& s, const std::string& person, const std::string& role,
             const std::vector<std::string>& organisation_names) {
  Query q(
      "INSERT INTO appointments (person_id, role, organisation_ids, starts_on, created_at, updated_at) SELECT p.id, ");
  q.sql(q.bind(role)).sql(", ARRAY(SELECT id FROM organisations WHERE name = ANY(CAST(");
  std::string names = "{";
  for (std::size_t i = 0; i < organisation_names.size(); ++i)
    names += (i ? ",\"" : "\"") + organisation_names[i] + "\"";
  q.sql(q.bind(names + "}")).sql(" AS text[])) ORDER BY id), CAST(").sql(q.bind(kIllustrativeStart));
  q.sql(" AS date), ").sql(kNow).sql(", ").sql(kNow).sql(" FROM people p WHERE p.full_name = ").sql(q.bind(person));
  q.sql(" AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id AND a.role = ")
      .sql(q.bind(role))
      .sql(")");
  q.execute(s);
}

}  // namespace

Status seed_staffordshire_2019(Database& db) {
  return db.with_transaction(Actor{"", "seed staffordshire-2019", "", {}}, [](soci::session& s) -> Status {
    record_at(s, "2018-12-03T09:00:00Z");
    for (const auto& o : kOrganisations) {
      Query q("INSERT INTO organisations (name, type, sub_region, status, created_at, updated_at) VALUES (");
      q.sql(q.bind(o.name)).sql(", ").sql(q.bind(o.type)).sql(", ");
      q.sql(q.bind(o.sub_region ? Value(o.sub_region) : Value())).sql(", ").sql(q.bind(o.status));
      q.sql(", ").sql(kNow).sql(", ").sql(kNow).sql(") ON CONFLICT ((lower(name))) DO NOTHING");
      q.execute(s);
    }
    Query("INSERT INTO people (title, full_name, created_at, updated_at) SELECT 'Dr', 'Ruth Chambers', " +
          std::string(kNow) + ", " + kNow +
          " WHERE NOT EXISTS (SELECT 1 FROM people WHERE full_name = 'Ruth Chambers')")
        .execute(s);
    Query("INSERT INTO people (full_name, created_at, updated_at) SELECT '" + std::string(kOfficerName) + "', " + kNow +
          ", " + kNow + " WHERE NOT EXISTS (SELECT 1 FROM people WHERE full_name = '" + std::string(kOfficerName) +
          "')")
        .execute(s);
    // One appointment covering all six CCGs; one covering the two northern CCGs.
    record_at(s, "2019-04-01T09:00:00+01:00");
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
