#include "persistence/financial_position_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "id::text, version, created_at, updated_at, organisation_id::text, financial_year, "
    "in_year_surplus_pence, cumulative_position_pence, source, programme_id::text, label";

FinancialPosition from_row(const Row& r) {
  FinancialPosition p;
  p.meta = record_meta(r);
  p.organisation_id = r.at(4);
  p.financial_year = r.at(5);
  p.in_year_surplus_pence = r.int64(6);
  p.cumulative_position_pence = r.int64(7);
  p.source = r.at(8);
  p.programme_id = r.at(9);
  p.label = r.at(10);
  return p;
}

std::string bind_fields(Query& q, const FinancialPosition& p) {
  return q.bind_list(p.organisation_id, p.financial_year, p.in_year_surplus_pence, p.cumulative_position_pence, p.source,
                     p.programme_id, p.label);
}

constexpr std::string_view kFields =
    "organisation_id, financial_year, in_year_surplus_pence, cumulative_position_pence, source, programme_id, label";

}  // namespace

Result<FinancialPosition> SqlFinancialPositionRepository::insert(const FinancialPosition& p) {
  Query q("INSERT INTO financial_positions (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, p)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<FinancialPosition> SqlFinancialPositionRepository::find(const std::string& id, bool lock) {
  return find_by_id(s_, "financial_positions", kColumns, id, lock, from_row);
}
std::optional<FinancialPosition> SqlFinancialPositionRepository::find(const std::string& id) { return find(id, false); }
std::optional<FinancialPosition> SqlFinancialPositionRepository::find_for_update(const std::string& id) {
  return find(id, true);
}

namespace {

// One owner's positions in `sort` order (financial_year for an organisation, label for a programme).
Page<FinancialPosition> positions_of(soci::session& s, std::string_view owner_column, const std::string& owner_id,
                                     std::string_view sort, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM financial_positions WHERE ").sql(owner_column).sql(" = CAST(").sql(q.bind(owner_id)).sql(" AS uuid)");
  const std::string keys = "financial_positions." + std::string(sort) + ", financial_positions.id";
  if (page.after) append_after(q, keys, *page.after, "text,uuid");
  q.sql(" ORDER BY ").sql(keys).sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<FinancialPosition> items;
  for (const auto& r : q.fetch(s)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit, [](const FinancialPosition& p) {
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
  Query q("UPDATE financial_positions SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, p)).sql(") WHERE id = CAST(").sql(q.bind(p.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

bool SqlFinancialPositionRepository::organisation_exists(const std::string& id) {
  return exists(s_, "organisations", id);
}
bool SqlFinancialPositionRepository::programme_exists(const std::string& id) { return exists(s_, "programmes", id); }

PositionSummary SqlFinancialPositionRepository::summarise(const std::vector<std::string>& organisation_ids,
                                                          const std::string& year) {
  // sum() of bigint is numeric: it never overflows, and the cast back to bigint raises rather
  // than wraps if a total ever left 64 bits (each amount is bounded to 10^13, so it would take
  // close to a million positions). GROUPING SETS gives each sub-region and the total at once.
  Query q("SELECT GROUPING(o.sub_region), COALESCE(o.sub_region, ''), count(*), sum(f.in_year_surplus_pence)::bigint::text, "
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

std::string_view financial_position_columns() { return kColumns; }
FinancialPosition financial_position_from_row(const Row& r) { return from_row(r); }

}  // namespace incommon::db
