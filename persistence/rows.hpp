#pragma once
// The column lists, row readers and statements of some repositories, for queries that read
// their records from elsewhere (the dashboard, a milestone's caveats). Internal to persistence.
#include <string_view>

#include "domain/decisions/decision.hpp"
#include "domain/finance/financial_position.hpp"
#include "domain/programmes/risk.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

std::string_view decision_columns();
Decision decision_from_row(const Row& r);
std::string_view vote_columns();
Vote vote_from_row(const Row& r);
std::string_view caveat_columns();
Caveat caveat_from_row(const Row& r);
// The caveat list's statement (up to page.limit + 1 rows) and the page its rows make.
Query caveat_list_query(const CaveatFilter& f, const PageRequest& page);
Page<Caveat> caveat_page(const std::vector<Row>& rows, int limit);
std::string_view risk_columns();
Risk risk_from_row(const Row& r);
std::string_view financial_position_columns();
FinancialPosition financial_position_from_row(const Row& r);

}  // namespace incommon::db
