#include "persistence/organisation_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Organisation> kOrganisations("organisations", {
                                                              field("name", &Organisation::name),
                                                              field("code", &Organisation::code),
                                                              field("type", &Organisation::type),
                                                              field("sub_region", &Organisation::sub_region),
                                                              field("population", &Organisation::population),
                                                              field("status", &Organisation::status),
                                                              field("parent_id", &Organisation::parent_id),
                                                              field("successor_id", &Organisation::successor_id),
                                                              field("established_on", &Organisation::established_on),
                                                              field("dissolved_on", &Organisation::dissolved_on),
                                                          });

}  // namespace

Result<Organisation> SqlOrganisationRepository::insert(const Organisation& o) {
  return kOrganisations.add(s_, o);
}

std::optional<Organisation> SqlOrganisationRepository::find(const std::string& id, bool lock) {
  return kOrganisations.find(s_, id, lock);
}

std::optional<Organisation> SqlOrganisationRepository::find(const std::string& id) {
  return find(id, false);
}
std::optional<Organisation> SqlOrganisationRepository::find_for_update(const std::string& id) {
  return find(id, true);
}

Page<Organisation> SqlOrganisationRepository::list(const OrganisationFilter& f, const PageRequest& page) {
  Query q = kOrganisations.select();
  q.sql(" WHERE true");
  q.and_any_of("organisations.type", f.type);
  q.and_any_of("organisations.status", f.status);
  if (!f.ids.empty()) q.and_in("organisations.id", f.ids, "uuid");
  if (f.sub_region) q.sql(" AND organisations.sub_region = ").sql(q.bind(*f.sub_region));
  if (f.parent_id) q.sql(" AND organisations.parent_id = CAST(").sql(q.bind(*f.parent_id)).sql(" AS uuid)");
  if (f.name_contains)
    q.sql(" AND organisations.name ILIKE '%' || ").sql(q.bind(escape_like(*f.name_contains))).sql(" || '%'");
  if (page.after) append_after(q, "organisations.name, organisations.id", *page.after, "text,uuid");
  q.sql(" ORDER BY organisations.name, organisations.id");
  return kOrganisations.page(s_, std::move(q), page, [](const Organisation& o) {
    return std::vector<std::string>{o.name, o.meta.id};
  });
}

Result<Organisation> SqlOrganisationRepository::save(const Organisation& o) {
  return kOrganisations.save(s_, o, "organisation");
}

void SqlOrganisationRepository::lock_hierarchy() {
  Query("SELECT 1 FROM pg_advisory_xact_lock(hashtext('organisations.parent_id'))").fetch(s_);
}

std::vector<std::string> SqlOrganisationRepository::ancestors(const std::string& id) {
  Query q(
      "WITH RECURSIVE chain(id, parent_id, depth) AS ("
      " SELECT id, parent_id, 0 FROM organisations WHERE id = CAST(");
  q.sql(q.bind(id))
      .sql(
          " AS uuid) UNION ALL SELECT o.id, o.parent_id, c.depth + 1 FROM organisations o JOIN chain c ON o.id = "
          "c.parent_id"
          " WHERE c.depth < 1000) SELECT parent_id::text FROM chain WHERE parent_id IS NOT NULL ORDER BY depth");
  return fetch_all(s_, q, [](const Row& r) { return r.text(0); });
}

}  // namespace incommon::db
