#include "persistence/risk_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Risk> kRisks("risks", {
                                      field("programme_id", &Risk::programme_id),
                                      field("kind", &Risk::kind),
                                      field("title", &Risk::title),
                                      field("description", &Risk::description),
                                      field("likelihood", &Risk::likelihood),
                                      field("impact", &Risk::impact),
                                      field("owner", &Risk::owner),
                                      field("mitigation", &Risk::mitigation),
                                      field("status", &Risk::status),
                                      field("milestone_ids", &Risk::milestone_ids),
                                      field("review_on", &Risk::review_on),
                                      field("raised_on", &Risk::raised_on),
                                      field("closed_on", &Risk::closed_on),
                                      read_only<Risk>("score"),
                                  });

}  // namespace

Result<Risk> SqlRiskRepository::insert(const Risk& k) {
  return kRisks.add(s_, k);
}

std::optional<Risk> SqlRiskRepository::find(const std::string& id) {
  return kRisks.find(s_, id, false);
}
std::optional<Risk> SqlRiskRepository::find_for_update(const std::string& id) {
  return kRisks.find(s_, id, true);
}

Page<Risk> SqlRiskRepository::list(const std::string& programme_id, const RiskFilter& f, const PageRequest& page) {
  Query q = kRisks.select();
  q.sql(" WHERE risks.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)");
  q.and_any_of("risks.kind", f.kind);
  if (f.as_of) {  // raised by then; one closed later was open then (risk_as_of)
    const std::string day = "CAST(" + q.bind(f.as_of) + " AS date)";
    q.sql(" AND risks.raised_on <= ").sql(day);
    q.and_any_of("(CASE WHEN risks.closed_on > " + day + " THEN 'open' ELSE risks.status END)", f.status);
  } else {
    q.and_any_of("risks.status", f.status);
  }
  if (f.min_score)
    q.sql(" AND risks.score >= CAST(").sql(q.bind(static_cast<std::int64_t>(*f.min_score))).sql(" AS int)");
  // Highest score first, then by id (as the index risks_score_idx keeps them).
  if (page.after) {
    q.sql(" AND (risks.score < CAST(").sql(q.bind(page.after->at(0))).sql(" AS int) OR (risks.score = CAST(");
    q.sql(q.bind(page.after->at(0)))
        .sql(" AS int) AND risks.id > CAST(")
        .sql(q.bind(page.after->at(1)))
        .sql(" AS uuid)))");
  }
  q.sql(" ORDER BY risks.score DESC, risks.id");
  return kRisks.page(s_, std::move(q), page, [](const Risk& k) {
    return std::vector<std::string>{std::to_string(score_of(k)), k.meta.id};
  });
}

Result<Risk> SqlRiskRepository::save(const Risk& k) {
  return kRisks.save(s_, k, "risk");
}

const Table<Risk>& risks_table() {
  return kRisks;
}

}  // namespace incommon::db
