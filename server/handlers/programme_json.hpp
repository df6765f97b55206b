#pragma once
// JSON of programmes, milestones (stored, and as of a date), the update log and the RAID log:
// shared by their handlers, the critical path and the dashboard.
#include <nlohmann/json.hpp>

#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "domain/programmes/risk.hpp"

namespace incommon::http {

using json = nlohmann::json;

json programme_json(const Programme& p);
// The record as stored: what a merge patch applies to.
json milestone_stored_json(const Milestone& m);
// The record as it stood on view.as_of: status (and actual_date) as of then, with slippage,
// RAG and its reasons, and whether it was overdue.
json milestone_json(const MilestoneWithView& m);
json milestone_update_json(const MilestoneUpdate& u);
json risk_json(const Risk& r);

}  // namespace incommon::http
