#include "persistence/caveat_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Caveat> kCaveats("caveats", {
                                            field("vote_id", &Caveat::vote_id),
                                            field("text", &Caveat::text),
                                            field("added_on", &Caveat::added_on),
                                            field("status", &Caveat::status),
                                            field("owner_organisation_id", &Caveat::owner_organisation_id),
                                            field("due_on", &Caveat::due_on),
                                            field("milestone_ids", &Caveat::milestone_ids),
                                            field("evidence", &Caveat::evidence),
                                        });

}  // namespace

Result<Caveat> SqlCaveatRepository::insert(const Caveat& c) {
  return kCaveats.add(s_, c);
}

std::optional<Caveat> SqlCaveatRepository::find(const std::string& id) {
  return kCaveats.find(s_, id, false);
}
std::optional<Caveat> SqlCaveatRepository::find_for_update(const std::string& id) {
  return kCaveats.find(s_, id, true);
}

Query caveat_list_query(const CaveatFilter& f, const PageRequest& page) {
  Query q = kCaveats.select();
  q.sql(" WHERE caveats.added_on <= CAST(").sql(q.bind(std::optional<Date>(f.as_of))).sql(" AS date)");
  if (f.vote_id) q.sql(" AND caveats.vote_id = CAST(").sql(q.bind(*f.vote_id)).sql(" AS uuid)");
  q.and_any_of("caveats.status", f.status);
  if (f.owner_organisation_id)
    q.sql(" AND caveats.owner_organisation_id = CAST(").sql(q.bind(*f.owner_organisation_id)).sql(" AS uuid)");
  if (f.milestone_id)  // through the link table: a b-tree, so one plan serves every milestone
    q.sql(" AND caveats.id IN (SELECT caveat_id FROM caveat_milestones WHERE milestone_id = CAST(")
        .sql(q.bind(*f.milestone_id))
        .sql(" AS uuid))");
  if (f.programme_id) {
    // The dashboard's two index-driven halves: by the programme's votes, by its milestones.
    const std::string bodies = programme_bodies(q, *f.programme_id);
    q.sql(" AND caveats.id IN (SELECT c.id FROM caveats c WHERE c.vote_id IN (SELECT v.id FROM votes v WHERE ");
    q.sql("v.body_id = ANY(").sql(bodies).sql(") OR v.subject_organisation_ids && ").sql(bodies);
    q.sql(") UNION SELECT cm.caveat_id FROM caveat_milestones cm WHERE cm.programme_id = CAST(");
    q.sql(q.bind(*f.programme_id)).sql(" AS uuid))");
  }
  if (f.overdue) {
    q.sql(*f.overdue ? " AND " : " AND NOT ").sql("(caveats.due_on IS NOT NULL AND caveats.due_on < CAST(");
    q.sql(q.bind(std::optional<Date>(f.as_of))).sql(" AS date) AND caveats.status NOT IN ('met', 'withdrawn'))");
  }
  // No due date sorts last. The cursor of that order carries its name, so that a page of one
  // order cannot be resumed in the other.
  const std::string keys = f.sort == CaveatOrder::due_on
                               ? "COALESCE(caveats.due_on, CAST('9999-12-31' AS date)), caveats.id"
                               : "caveats.added_on, caveats.id";
  if (page.after) append_after(q, keys, {page.after->at(0), page.after->at(1)}, "date,uuid");
  q.sql(" ORDER BY ").sql(keys).sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  return q;  // sent on its own or with others: caveat_page reads its rows
}

Page<Caveat> caveat_page(const std::vector<Row>& rows, int limit, CaveatOrder order) {
  return kCaveats.page_of(rows, limit, [order](const Caveat& c) {
    if (order == CaveatOrder::due_on)
      return std::vector<std::string>{c.due_on ? c.due_on->to_string() : "9999-12-31", c.meta.id, "due_on"};
    return std::vector<std::string>{c.added_on.to_string(), c.meta.id};
  });
}

Page<Caveat> SqlCaveatRepository::list(const CaveatFilter& f, const PageRequest& page) {
  return caveat_page(caveat_list_query(f, page).fetch(s_), page.limit, f.sort);
}

Result<Caveat> SqlCaveatRepository::save(const Caveat& c) {
  return kCaveats.save(s_, c, "caveat");
}

std::vector<std::string> SqlCaveatRepository::missing_milestones(const std::vector<std::string>& ids) {
  return missing_ids(s_, "milestones", ids);
}

std::vector<std::string> SqlCaveatRepository::incomplete_milestones(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  Query q("SELECT m.key FROM milestones m WHERE m.id = ANY(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[])) AND m.status <> 'complete' ORDER BY m.key");
  return fetch_all(s_, q, [](const Row& r) { return r.text(0); });
}

std::vector<std::string> SqlCaveatRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

const Table<Caveat>& caveats_table() {
  return kCaveats;
}

}  // namespace incommon::db
