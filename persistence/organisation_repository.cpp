#include "persistence/organisation_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "id::text, version, created_at, updated_at, name, code, type, sub_region, population, "
    "status, parent_id::text, successor_id::text, established_on::text, dissolved_on::text";

Organisation from_row(const Row& r) {
  Organisation o;
  o.meta = record_meta(r);
  o.name = r.text(4);
  o.code = r.at(5);
  o.type = parse_enum<OrganisationType>(r.text(6)).value_or(OrganisationType::other);
  o.sub_region = r.at(7);
  o.population = r.int64(8);
  o.status = parse_enum<OrganisationStatus>(r.text(9)).value_or(OrganisationStatus::active);
  o.parent_id = r.at(10);
  o.successor_id = r.at(11);
  o.established_on = r.date(12);
  o.dissolved_on = r.date(13);
  return o;
}

// The writable fields in kFieldList's order; PostgreSQL types them from the target columns.
std::string bind_fields(Query& q, const Organisation& o) {
  return q.bind_list(o.name, o.code, to_string(o.type), o.sub_region, o.population, to_string(o.status), o.parent_id,
                     o.successor_id, o.established_on, o.dissolved_on);
}

constexpr std::string_view kFieldList =
    "name, code, type, sub_region, population, status, parent_id, successor_id, established_on, dissolved_on";

}  // namespace

Result<Organisation> SqlOrganisationRepository::insert(const Organisation& o) {
  Query q("INSERT INTO organisations (");
  q.sql(kFieldList).sql(") VALUES (");
  q.sql(bind_fields(q, o)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Organisation> SqlOrganisationRepository::find(const std::string& id, bool lock) {
  return find_by_id(s_, "organisations", kColumns, id, lock, from_row);
}

std::optional<Organisation> SqlOrganisationRepository::find(const std::string& id) { return find(id, false); }
std::optional<Organisation> SqlOrganisationRepository::find_for_update(const std::string& id) { return find(id, true); }

Page<Organisation> SqlOrganisationRepository::list(const OrganisationFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM organisations WHERE true");
  if (f.type) q.sql(" AND type = ").sql(q.bind(std::string(to_string(*f.type))));
  if (f.status) q.sql(" AND status = ").sql(q.bind(std::string(to_string(*f.status))));
  if (f.sub_region) q.sql(" AND sub_region = ").sql(q.bind(*f.sub_region));
  if (f.parent_id) q.sql(" AND parent_id = CAST(").sql(q.bind(*f.parent_id)).sql(" AS uuid)");
  if (f.name_contains) q.sql(" AND name ILIKE '%' || ").sql(q.bind(escape_like(*f.name_contains))).sql(" || '%'");
  if (page.after) append_after(q, "name, id", *page.after, "text,uuid");
  q.sql(" ORDER BY organisations.name, organisations.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Organisation> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Organisation& o) { return std::vector<std::string>{o.name, o.meta.id}; });
}

Result<Organisation> SqlOrganisationRepository::save(const Organisation& o) {
  Query q("UPDATE organisations SET (");
  q.sql(kFieldList).sql(") = (");
  q.sql(bind_fields(q, o)).sql(") WHERE id = CAST(").sql(q.bind(o.meta.id)).sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

void SqlOrganisationRepository::lock_hierarchy() {
  Query("SELECT 1 FROM pg_advisory_xact_lock(hashtext('organisations.parent_id'))").fetch(s_);
}

std::vector<std::string> SqlOrganisationRepository::ancestors(const std::string& id) {
  Query q(
      "WITH RECURSIVE chain(id, parent_id, depth) AS ("
      " SELECT id, parent_id, 0 FROM organisations WHERE id = CAST(");
  q.sql(q.bind(id)).sql(
      " AS uuid) UNION ALL SELECT o.id, o.parent_id, c.depth + 1 FROM organisations o JOIN chain c ON o.id = c.parent_id"
      " WHERE c.depth < 1000) SELECT parent_id::text FROM chain WHERE parent_id IS NOT NULL ORDER BY depth");
  std::vector<std::string> out;
  for (const auto& r : q.fetch(s_)) out.push_back(r.text(0));
  return out;
}

}  // namespace incommon::db
