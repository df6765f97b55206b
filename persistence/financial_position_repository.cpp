#include "persistence/financial_position_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<FinancialPosition> kPositions("financial_positions",
                                          {
                                              field("organisation_id", &FinancialPosition::organisation_id),
                                              field("financial_year", &FinancialPosition::financial_year),
                                              field("in_year_surplus_pence", &FinancialPosition::in_year_surplus_pence),
                                              field("cumulative_position_pence",
                                                    &FinancialPosition::cumulative_position_pence),
                                              field("source", &FinancialPosition::source),
                                              field("programme_id", &FinancialPosition::programme_id),
                                              field("label", &FinancialPosition::label),
                                          });

}  // namespace

Result<FinancialPosition> SqlFinancialPositionRepository::insert(const FinancialPosition& p) {
  return kPositions.add(s_, p);
}

std::optional<FinancialPosition> SqlFinancialPositionRepository::find(const std::string& id, bool lock) {
  return kPositions.find(s_, id, lock);
}
std::optional<FinancialPosition> SqlFinancialPositionRepository::find(const std::string& id) {
  return find(id, false);
}
std::optional<FinancialPosition> SqlFinancialPositionRepository::find_for_update(const std::string& id) {
  return find(id, true);
}

namespace {

// One owner's positions in `sort` order (financial_year for an organisation, label for a programme).
Page<FinancialPosition> positions_of(soci::session& s, std::string_view owner_column, const std::string& owner_id,
                                     std::string_view sort, const PageRequest& page) {
  Query q = kPositions.select();
  q.sql(" WHERE financial_positions.").sql(owner_column).sql(" = CAST(").sql(q.bind(owner_id)).sql(" AS uuid)");
  const std::string keys = "financial_positions." + std::string(sort) + ", financial_positions.id";
  if (page.after) append_after(q, keys, *page.after, "text,uuid");
  q.sql(" ORDER BY ").sql(keys);
  return kPositions.page(s, std::move(q), page, [](const FinancialPosition& p) {
    return std::vector<std::string>{p.financial_year.value_or(p.label.value_or("")), p.meta.id};
  });
}

}  // namespace

Page<FinancialPosition> SqlFinancialPositionRepository::list_for(const std::string& organisation_id,
                                                                 const PageRequest& page) {
  return positions_of(s_, "organisation_id", organisation_id, "financial_year", page);
}

Page<FinancialPosition> SqlFinancialPositionRepository::list_for_programme(const std::string& programme_id,
                                                                           const PageRequest& page) {
  return positions_of(s_, "programme_id", programme_id, "label", page);
}

Result<FinancialPosition> SqlFinancialPositionRepository::save(const FinancialPosition& p) {
  return kPositions.save(s_, p, "financial position");
}

bool SqlFinancialPositionRepository::organisation_exists(const std::string& id) {
  return exists(s_, "organisations", id);
}
bool SqlFinancialPositionRepository::programme_exists(const std::string& id) {
  return exists(s_, "programmes", id);
}

PositionSummary SqlFinancialPositionRepository::summarise(const std::vector<std::string>& organisation_ids,
                                                          const std::string& year) {
  // sum() of bigint is numeric: it never overflows, and the cast back to bigint raises rather
  // than wraps if a total ever left 64 bits (each amount is bounded to 10^13, so it would take
  // close to a million positions). GROUPING SETS gives each sub-region and the total at once.
  Query q(
      "SELECT GROUPING(o.sub_region), COALESCE(o.sub_region, ''), count(*), "
      "sum(f.in_year_surplus_pence)::bigint::text, "
      "sum(f.cumulative_position_pence)::bigint::text FROM financial_positions f JOIN organisations o ON o.id = "
      "f.organisation_id WHERE f.financial_year = ");
  q.sql(q.bind(year));
  if (!organisation_ids.empty())
    q.sql(" AND f.organisation_id = ANY(CAST(").sql(q.bind(id_array(organisation_ids))).sql(" AS uuid[]))");
  q.sql(" GROUP BY GROUPING SETS ((o.sub_region), ())");
  PositionSummary summary;
  summary.financial_year = year;
  for (const auto& r : q.fetch(s_)) {
    PositionTotals t{r.int64(2).value_or(0), r.int64(3), r.int64(4)};
    if (r.int64(0).value_or(0) == 1)
      summary.total = t;
    else
      summary.by_sub_region[r.text(1)] = t;
  }
  return summary;
}

const Table<FinancialPosition>& financial_positions_table() {
  return kPositions;
}

}  // namespace incommon::db
