#pragma once
// The tables of some repositories, for queries that read their records from elsewhere (the
// dashboard, a milestone's caveats). Internal to persistence.
#include "domain/decisions/decision.hpp"
#include "domain/finance/financial_position.hpp"
#include "domain/programmes/risk.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

const Table<Decision>& decisions_table();
const Table<Vote>& votes_table();
const Table<Caveat>& caveats_table();
const Table<Risk>& risks_table();
const Table<FinancialPosition>& financial_positions_table();
// The caveat list's statement (up to page.limit + 1 rows) and the page its rows make: sent on
// its own, or in one round trip with a milestone (find_in_context).
Query caveat_list_query(const CaveatFilter& f, const PageRequest& page);
Page<Caveat> caveat_page(const std::vector<Row>& rows, int limit, CaveatOrder order = CaveatOrder::added_on);

}  // namespace incommon::db
