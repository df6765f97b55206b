#include "persistence/risk_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "risks.id::text, risks.version, risks.created_at, risks.updated_at, risks.programme_id::text, "
    "risks.kind, risks.title, risks.description, risks.likelihood, risks.impact, risks.owner, risks.mitigation, "
    "risks.status, array_to_string(risks.milestone_ids, ','), risks.review_on::text, risks.score";
constexpr std::string_view kFields =
    "programme_id, kind, title, description, likelihood, impact, owner, mitigation, status, milestone_ids, review_on";

Risk from_row(const Row& r) {
  Risk k;
  k.meta = record_meta(r);
  k.programme_id = r.text(4);
  k.kind = parse_enum<RiskKind>(r.text(5)).value_or(RiskKind::risk);
  k.title = r.text(6);
  k.description = r.at(7);
  k.likelihood = static_cast<int>(r.int64(8).value_or(1));
  k.impact = static_cast<int>(r.int64(9).value_or(1));
  k.owner = r.at(10);
  k.mitigation = r.at(11);
  k.status = parse_enum<RiskStatus>(r.text(12)).value_or(RiskStatus::open);
  k.milestone_ids = split_list(r.text(13));
  k.review_on = r.date(14);
  return k;
}

std::string bind_fields(Query& q, const Risk& k) {
  return q.bind_list(k.programme_id, to_string(k.kind), k.title, k.description, static_cast<std::int64_t>(k.likelihood),
                     static_cast<std::int64_t>(k.impact), k.owner, k.mitigation, to_string(k.status),
                     id_array(k.milestone_ids), k.review_on);
}

}  // namespace

Result<Risk> SqlRiskRepository::insert(const Risk& k) {
  Query q("INSERT INTO risks (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, k)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Risk> SqlRiskRepository::find(const std::string& id) { return find_by_id(s_, "risks", kColumns, id, false, from_row); }
std::optional<Risk> SqlRiskRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "risks", kColumns, id, true, from_row);
}

Page<Risk> SqlRiskRepository::list(const std::string& programme_id, const RiskFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM risks WHERE risks.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)");
  if (f.kind) q.sql(" AND risks.kind = ").sql(q.bind(to_string(*f.kind)));
  if (f.status) q.sql(" AND risks.status = ").sql(q.bind(to_string(*f.status)));
  if (f.min_score) q.sql(" AND risks.score >= CAST(").sql(q.bind(static_cast<std::int64_t>(*f.min_score))).sql(" AS int)");
  // Highest score first, then by id (as the index risks_score_idx keeps them).
  if (page.after) {
    q.sql(" AND (risks.score < CAST(").sql(q.bind(page.after->at(0))).sql(" AS int) OR (risks.score = CAST(");
    q.sql(q.bind(page.after->at(0))).sql(" AS int) AND risks.id > CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid)))");
  }
  q.sql(" ORDER BY risks.score DESC, risks.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Risk> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Risk& k) { return std::vector<std::string>{std::to_string(score_of(k)), k.meta.id}; });
}

Result<Risk> SqlRiskRepository::save(const Risk& k) {
  Query q("UPDATE risks SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, k)).sql(") WHERE id = CAST(").sql(q.bind(k.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::string_view risk_columns() { return kColumns; }
Risk risk_from_row(const Row& r) { return from_row(r); }

}  // namespace incommon::db
