#include <nlohmann/json.hpp>

#include "persistence/decision_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "decisions.id::text, decisions.version, decisions.created_at, decisions.updated_at, "
    "decisions.reference, decisions.title, decisions.summary, decisions.rationale, decisions.meeting_id::text, "
    "decisions.agenda_item_id::text, decisions.decided_on::text, decisions.status, decisions.supersedes_id::text, "
    "decisions.superseded_by_id::text, decisions.outcomes::text, array_to_string(decisions.organisation_ids, ','), "
    "decisions.overall, decisions.ratified_at, decisions.rescinded_reason";
constexpr std::string_view kFields =
    "title, summary, rationale, meeting_id, agenda_item_id, decided_on, status, supersedes_id, superseded_by_id, "
    "outcomes, organisation_ids, overall, rescinded_reason";

// Outcomes are kept as JSON on the decision itself, so that its audit trail shows them.
std::string outcomes_json(const std::vector<Outcome>& outcomes) {
  json list = json::array();
  for (const auto& o : outcomes) {
    auto n = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
    list.push_back({{"organisation_id", o.organisation_id},
                    {"outcome", to_string(o.outcome)},
                    {"votes_for", n(o.votes_for)},
                    {"votes_against", n(o.votes_against)},
                    {"votes_abstained", n(o.votes_abstained)}});
  }
  return list.dump();
}

std::vector<Outcome> outcomes_from(const std::string& text) {
  std::vector<Outcome> out;
  auto list = json::parse(text, nullptr, false);
  if (!list.is_array()) return out;
  auto n = [](const json& v) { return v.is_number_integer() ? std::optional<std::int64_t>(v.get<std::int64_t>()) : std::nullopt; };
  for (const auto& o : list)
    out.push_back({o.value("organisation_id", ""), parse_enum<BodyOutcome>(o.value("outcome", "")).value_or(BodyOutcome::deferred),
                   n(o.value("votes_for", json())), n(o.value("votes_against", json())), n(o.value("votes_abstained", json()))});
  return out;
}

Decision from_row(const Row& r) {
  Decision d;
  d.meta = record_meta(r);
  d.reference = r.text(4);
  d.title = r.text(5);
  d.summary = r.at(6);
  d.rationale = r.at(7);
  d.meeting_id = r.at(8);
  d.agenda_item_id = r.at(9);
  d.decided_on = r.date(10).value_or(Date());
  d.status = parse_enum<DecisionStatus>(r.text(11)).value_or(DecisionStatus::draft);
  d.supersedes_id = r.at(12);
  d.superseded_by_id = r.at(13);
  d.outcomes = outcomes_from(r.text(14));
  d.organisation_ids = split_list(r.text(15));
  d.overall = parse_enum<Overall>(r.text(16)).value_or(Overall::pending);
  d.ratified_at = r.at(17);
  d.rescinded_reason = r.at(18);
  return d;
}

std::string bind_fields(Query& q, const Decision& d) {
  return q.bind_list(d.title, d.summary, d.rationale, d.meeting_id, d.agenda_item_id, std::optional<Date>(d.decided_on),
                     to_string(d.status), d.supersedes_id, d.superseded_by_id, outcomes_json(d.outcomes),
                     id_array(d.organisation_ids), to_string(d.overall), d.rescinded_reason);
}

}  // namespace

Result<Decision> SqlDecisionRepository::insert(const Decision& d) {
  // The year's counter row is locked until commit: references are consecutive and gap-free.
  Query next("INSERT INTO decision_reference_counters (year, last) VALUES (CAST(");
  next.sql(next.bind(static_cast<std::int64_t>(d.decided_on.year())))
      .sql(" AS int), 1) ON CONFLICT (year) DO UPDATE SET last = decision_reference_counters.last + 1, "
           "updated_at = now() RETURNING last");
  const auto number = next.fetch_one(s_)->int64(0).value_or(0);
  char reference[32];
  std::snprintf(reference, sizeof reference, "DEC-%04d-%04lld", d.decided_on.year(), static_cast<long long>(number));
  Query q("INSERT INTO decisions (reference, ");
  q.sql(kFields).sql(") VALUES (").sql(q.bind(std::string(reference))).sql(", ").sql(bind_fields(q, d));
  q.sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Decision> SqlDecisionRepository::find(const std::string& id) {
  return find_by_id(s_, "decisions", kColumns, id, false, from_row);
}
std::optional<Decision> SqlDecisionRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "decisions", kColumns, id, true, from_row);
}

Page<Decision> SqlDecisionRepository::list(const DecisionFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns);
  // A new placeholder at every use: SOCI numbers each occurrence as its own parameter.
  auto rank = [&] { return "ts_rank(decisions.search, websearch_to_tsquery('english', " + q.bind(*f.text) + "))"; };
  if (f.text) q.sql(", CAST(").sql(rank()).sql(" AS text)");
  q.sql(" FROM decisions WHERE true");
  if (f.text) q.sql(" AND decisions.search @@ websearch_to_tsquery('english', ").sql(q.bind(*f.text)).sql(")");
  if (f.organisation_id)
    q.sql(" AND decisions.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (f.meeting_id) q.sql(" AND decisions.meeting_id = CAST(").sql(q.bind(*f.meeting_id)).sql(" AS uuid)");
  if (f.status) q.sql(" AND decisions.status = ").sql(q.bind(to_string(*f.status)));
  if (f.overall) q.sql(" AND decisions.overall = ").sql(q.bind(to_string(*f.overall)));
  if (f.decided_from) q.sql(" AND decisions.decided_on >= CAST(").sql(q.bind(f.decided_from)).sql(" AS date)");
  if (f.decided_to) q.sql(" AND decisions.decided_on <= CAST(").sql(q.bind(f.decided_to)).sql(" AS date)");
  // Ranked by relevance when searching; otherwise newest reference first.
  if (f.text) {
    if (page.after) {
      q.sql(" AND (").sql(rank()).sql(", decisions.reference) < (CAST(").sql(q.bind(page.after->at(0)));
      q.sql(" AS real), ").sql(q.bind(page.after->at(1))).sql(")");
    }
    q.sql(" ORDER BY ").sql(rank()).sql(" DESC, decisions.reference DESC");
  } else {
    if (page.after) q.sql(" AND decisions.reference < ").sql(q.bind(page.after->at(1)));
    q.sql(" ORDER BY decisions.reference DESC");
  }
  q.sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Decision> items;
  std::vector<std::string> ranks;
  for (const auto& r : q.fetch(s_)) {
    items.push_back(from_row(r));
    ranks.push_back(f.text ? r.text(19) : "");
  }
  auto result = make_page(std::move(items), page.limit, [](const Decision& d) { return std::vector<std::string>{"", d.reference}; });
  if (result.next && f.text) result.next->at(0) = ranks.at(static_cast<std::size_t>(page.limit) - 1);
  return result;
}

Result<Decision> SqlDecisionRepository::save(const Decision& d) {
  Query q("UPDATE decisions SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, d)).sql(") WHERE id = CAST(").sql(q.bind(d.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

Result<Decision> SqlDecisionRepository::save_as(const Decision& d, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(d); });
}

std::string_view decision_columns() { return kColumns; }
Decision decision_from_row(const Row& r) { return from_row(r); }

}  // namespace incommon::db
