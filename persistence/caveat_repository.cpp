#include "persistence/caveat_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "caveats.id::text, caveats.version, caveats.created_at, caveats.updated_at, caveats.vote_id::text, "
    "caveats.text, caveats.added_on::text, caveats.status, caveats.owner_organisation_id::text, caveats.due_on::text, "
    "array_to_string(caveats.milestone_ids, ','), caveats.evidence";
constexpr std::string_view kFields = "vote_id, text, added_on, status, owner_organisation_id, due_on, milestone_ids, evidence";

Caveat from_row(const Row& r) {
  Caveat c;
  c.meta = record_meta(r);
  c.vote_id = r.text(4);
  c.text = r.text(5);
  c.added_on = r.date(6).value_or(Date());
  c.status = parse_enum<CaveatStatus>(r.text(7)).value_or(CaveatStatus::proposed);
  c.owner_organisation_id = r.at(8);
  c.due_on = r.date(9);
  c.milestone_ids = split_list(r.text(10));
  c.evidence = r.at(11);
  return c;
}

std::string bind_fields(Query& q, const Caveat& c) {
  return q.bind_list(c.vote_id, c.text, std::optional<Date>(c.added_on), to_string(c.status), c.owner_organisation_id,
                     c.due_on, id_array(c.milestone_ids), c.evidence);
}

}  // namespace

Result<Caveat> SqlCaveatRepository::insert(const Caveat& c) {
  Query q("INSERT INTO caveats (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, c)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Caveat> SqlCaveatRepository::find(const std::string& id) {
  return find_by_id(s_, "caveats", kColumns, id, false, from_row);
}
std::optional<Caveat> SqlCaveatRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "caveats", kColumns, id, true, from_row);
}

Query caveat_list_query(const CaveatFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM caveats WHERE caveats.added_on <= CAST(").sql(q.bind(std::optional<Date>(f.as_of))).sql(" AS date)");
  if (f.vote_id) q.sql(" AND caveats.vote_id = CAST(").sql(q.bind(*f.vote_id)).sql(" AS uuid)");
  if (f.status) q.sql(" AND caveats.status = ").sql(q.bind(to_string(*f.status)));
  if (f.owner_organisation_id)
    q.sql(" AND caveats.owner_organisation_id = CAST(").sql(q.bind(*f.owner_organisation_id)).sql(" AS uuid)");
  if (f.milestone_id)  // through the link table: a b-tree, so one plan serves every milestone
    q.sql(" AND caveats.id IN (SELECT caveat_id FROM caveat_milestones WHERE milestone_id = CAST(").sql(q.bind(*f.milestone_id)).sql(" AS uuid))");
  if (f.overdue) {
    q.sql(*f.overdue ? " AND " : " AND NOT ").sql("(caveats.due_on IS NOT NULL AND caveats.due_on < CAST(");
    q.sql(q.bind(std::optional<Date>(f.as_of))).sql(" AS date) AND caveats.status NOT IN ('met', 'withdrawn'))");
  }
  if (page.after) append_after(q, "caveats.added_on, caveats.id", *page.after, "date,uuid");
  q.sql(" ORDER BY caveats.added_on, caveats.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  return q;
}

Page<Caveat> caveat_page(const std::vector<Row>& rows, int limit) {
  std::vector<Caveat> items;
  for (const auto& r : rows) items.push_back(from_row(r));
  return make_page(std::move(items), limit,
                   [](const Caveat& c) { return std::vector<std::string>{c.added_on.to_string(), c.meta.id}; });
}

Page<Caveat> SqlCaveatRepository::list(const CaveatFilter& f, const PageRequest& page) {
  return caveat_page(caveat_list_query(f, page).fetch(s_), page.limit);
}

Result<Caveat> SqlCaveatRepository::save(const Caveat& c) {
  Query q("UPDATE caveats SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, c)).sql(") WHERE id = CAST(").sql(q.bind(c.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::vector<std::string> SqlCaveatRepository::missing_milestones(const std::vector<std::string>& ids) {
  return missing_ids(s_, "milestones", ids);
}

std::vector<std::string> SqlCaveatRepository::incomplete_milestones(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  Query q("SELECT m.key FROM milestones m WHERE m.id = ANY(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[])) AND m.status <> 'complete' ORDER BY m.key");
  std::vector<std::string> out;
  for (const auto& r : q.fetch(s_)) out.push_back(r.text(0));
  return out;
}

std::vector<std::string> SqlCaveatRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

std::string_view caveat_columns() { return kColumns; }
Caveat caveat_from_row(const Row& r) { return from_row(r); }

}  // namespace incommon::db
