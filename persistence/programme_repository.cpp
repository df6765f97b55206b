#include "persistence/programme_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Programme> kProgrammes("programmes", {
                                                     field("name", &Programme::name),
                                                     field("description", &Programme::description),
                                                     field("target_date", &Programme::target_date),
                                                     field("status", &Programme::status),
                                                     field("closed_on", &Programme::closed_on),
                                                     field("organisation_ids", &Programme::organisation_ids),
                                                     field("successor_id", &Programme::successor_id),
                                                     field("starts_on", &Programme::starts_on),
                                                 });

}  // namespace

Result<Programme> SqlProgrammeRepository::insert(const Programme& p) {
  return kProgrammes.add(s_, p);
}

std::optional<Programme> SqlProgrammeRepository::find(const std::string& id) {
  return kProgrammes.find(s_, id, false);
}
std::optional<Programme> SqlProgrammeRepository::find_for_update(const std::string& id) {
  return kProgrammes.find(s_, id, true);
}

Page<Programme> SqlProgrammeRepository::list(const ProgrammeFilter& f, const PageRequest& page) {
  Query q = kProgrammes.select();
  q.sql(" WHERE true");
  if (f.as_of)  // a programme closed after the date was active then (programme_status_as_of)
    q.and_any_of("(CASE WHEN programmes.closed_on > CAST(" + q.bind(f.as_of) +
                     " AS date) THEN 'active' ELSE programmes.status END)",
                 f.status);
  else
    q.and_any_of("programmes.status", f.status);
  if (f.organisation_id)
    q.sql(" AND programmes.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (page.after) append_after(q, "programmes.name, programmes.id", *page.after, "text,uuid");
  q.sql(" ORDER BY programmes.name, programmes.id");
  return kProgrammes.page(s_, std::move(q), page, [](const Programme& p) {
    return std::vector<std::string>{p.name, p.meta.id};
  });
}

Result<Programme> SqlProgrammeRepository::save(const Programme& p) {
  return kProgrammes.save(s_, p, "programme");
}

std::vector<std::string> SqlProgrammeRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

}  // namespace incommon::db
