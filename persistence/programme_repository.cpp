#include "persistence/programme_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "programmes.id::text, programmes.version, programmes.created_at, programmes.updated_at, "
    "programmes.name, programmes.description, programmes.target_date::text, programmes.status, "
    "programmes.closed_on::text, array_to_string(programmes.organisation_ids, ','), programmes.successor_id::text, "
    "programmes.starts_on::text";
constexpr std::string_view kFields =
    "name, description, target_date, status, closed_on, organisation_ids, successor_id, starts_on";

Programme from_row(const Row& r) {
  Programme p;
  p.meta = record_meta(r);
  p.name = r.text(4);
  p.description = r.at(5);
  p.target_date = r.date(6).value_or(Date());
  p.status = parse_enum<ProgrammeStatus>(r.text(7)).value_or(ProgrammeStatus::planning);
  p.closed_on = r.date(8);
  p.organisation_ids = split_list(r.text(9));
  p.successor_id = r.at(10);
  p.starts_on = r.date(11);
  return p;
}

std::string bind_fields(Query& q, const Programme& p) {
  return q.bind_list(p.name, p.description, std::optional<Date>(p.target_date), to_string(p.status), p.closed_on,
                     id_array(p.organisation_ids), p.successor_id, p.starts_on);
}

}  // namespace

Result<Programme> SqlProgrammeRepository::insert(const Programme& p) {
  Query q("INSERT INTO programmes (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, p)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Programme> SqlProgrammeRepository::find(const std::string& id) {
  return find_by_id(s_, "programmes", kColumns, id, false, from_row);
}
std::optional<Programme> SqlProgrammeRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "programmes", kColumns, id, true, from_row);
}

Page<Programme> SqlProgrammeRepository::list(const ProgrammeFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM programmes WHERE true");
  if (f.status) q.sql(" AND programmes.status = ").sql(q.bind(to_string(*f.status)));
  if (f.organisation_id)
    q.sql(" AND programmes.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (page.after) append_after(q, "programmes.name, programmes.id", *page.after, "text,uuid");
  q.sql(" ORDER BY programmes.name, programmes.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Programme> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit, [](const Programme& p) { return std::vector<std::string>{p.name, p.meta.id}; });
}

Result<Programme> SqlProgrammeRepository::save(const Programme& p) {
  Query q("UPDATE programmes SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, p)).sql(") WHERE id = CAST(").sql(q.bind(p.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::vector<std::string> SqlProgrammeRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

}  // namespace incommon::db
