#include "server/handlers/programme_json.hpp"

#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

json programme_json(const Programme& p) {
  return with_meta(p.meta, {{"name", p.name},
                            {"description", opt(p.description)},
                            {"target_date", p.target_date.to_string()},
                            {"status", to_string(p.status)},
                            {"starts_on", opt(p.starts_on)},
                            {"closed_on", opt(p.closed_on)},
                            {"organisation_ids", p.organisation_ids},
                            {"successor_id", opt(p.successor_id)}});
}

json milestone_stored_json(const Milestone& m) {
  return with_meta(m.meta, {{"programme_id", m.programme_id},
                            {"key", m.key},
                            {"title", m.title},
                            {"description", opt(m.description)},
                            {"workstream", to_string(m.workstream)},
                            {"owner", opt(m.owner)},
                            {"baseline_date", m.baseline_date.to_string()},
                            {"baseline_reason", opt(m.baseline_reason)},
                            {"forecast_date", m.forecast_date.to_string()},
                            {"actual_date", opt(m.actual_date)},
                            {"status", to_string(m.status)},
                            {"percent_complete", m.percent_complete},
                            {"depends_on", m.depends_on}});
}

json milestone_json(const MilestoneWithView& m) {
  json out = milestone_stored_json(m.milestone);
  const auto& v = m.view;
  out["status"] = to_string(v.status);
  // Completed after the date: not yet complete then.
  if (v.status != MilestoneStatus::complete) out["actual_date"] = nullptr;
  json reasons = json::array();
  for (const auto& r : v.rag.reasons) reasons.push_back({{"code", r.code}, {"text", r.text}});
  out["as_of"] = v.as_of.to_string();
  out["slippage_days"] = v.slippage_days;
  out["rag"] = v.rag.rag ? json(to_string(*v.rag.rag)) : json(nullptr);
  out["rag_reasons"] = std::move(reasons);
  out["overdue"] = v.overdue;
  return out;
}

json milestone_update_json(const MilestoneUpdate& u) {
  return with_meta(u.meta, {{"milestone_id", u.milestone_id},
                            {"comment", u.comment},
                            {"status", u.status ? json(to_string(*u.status)) : json(nullptr)},
                            {"forecast_date", opt(u.forecast_date)},
                            {"percent_complete", opt(u.percent_complete)},
                            {"actual_date", opt(u.actual_date)},
                            {"author", u.author},
                            {"written_by", actor_json(u.token_id, u.author, u.person)},
                            {"milestone_version", u.milestone_version}});
}

json risk_json(const Risk& r) {
  return with_meta(r.meta, {{"programme_id", r.programme_id},
                            {"kind", to_string(r.kind)},
                            {"title", r.title},
                            {"description", opt(r.description)},
                            {"likelihood", r.likelihood},
                            {"impact", r.impact},
                            {"score", score_of(r)},
                            {"owner", opt(r.owner)},
                            {"mitigation", opt(r.mitigation)},
                            {"status", to_string(r.status)},
                            {"milestone_ids", r.milestone_ids},
                            {"review_on", opt(r.review_on)},
                            {"raised_on", r.raised_on.to_string()},
                            {"closed_on", opt(r.closed_on)}});
}

}  // namespace incommon::http
