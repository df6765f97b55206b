#include <nlohmann/json.hpp>

#include "persistence/decision_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

using nlohmann::json;

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
  auto n = [](const json& v) {
    return v.is_number_integer() ? std::optional<std::int64_t>(v.get<std::int64_t>()) : std::nullopt;
  };
  for (const auto& o : list)
    out.push_back({o.value("organisation_id", ""),
                   parse_enum<BodyOutcome>(o.value("outcome", "")).value_or(BodyOutcome::deferred),
                   n(o.value("votes_for", json())), n(o.value("votes_against", json())),
                   n(o.value("votes_abstained", json()))});
  return out;
}

const Table<Decision> kDecisions(
    "decisions", {
                     stored("reference", &Decision::reference),
                     field("title", &Decision::title),
                     field("summary", &Decision::summary),
                     field("rationale", &Decision::rationale),
                     field("meeting_id", &Decision::meeting_id),
                     field("agenda_item_id", &Decision::agenda_item_id),
                     field("decided_on", &Decision::decided_on),
                     field("status", &Decision::status),
                     field("supersedes_id", &Decision::supersedes_id),
                     field("superseded_by_id", &Decision::superseded_by_id),
                     custom<Decision>(
                         "outcomes", [](Decision& d, const Value& v) { d.outcomes = outcomes_from(v.value_or("")); },
                         [](const Decision& d) { return Value(outcomes_json(d.outcomes)); }),
                     field("organisation_ids", &Decision::organisation_ids),
                     field("overall", &Decision::overall),
                     stored("ratified_at", &Decision::ratified_at),
                     field("rescinded_reason", &Decision::rescinded_reason),
                 });

}  // namespace

Result<Decision> SqlDecisionRepository::insert(const Decision& d) {
  // The year's counter row is locked until commit: references are consecutive and gap-free.
  Query next("INSERT INTO decision_reference_counters (year, last) VALUES (CAST(");
  next.sql(next.bind(static_cast<std::int64_t>(d.decided_on.year())))
      .sql(
          " AS int), 1) ON CONFLICT (year) DO UPDATE SET last = decision_reference_counters.last + 1, "
          "updated_at = now() RETURNING last");
  const auto number = next.fetch_one(s_)->int64(0).value_or(0);
  char reference[32];
  std::snprintf(reference, sizeof reference, "DEC-%04d-%04lld", d.decided_on.year(), static_cast<long long>(number));
  Query q("INSERT INTO decisions (reference, ");
  q.sql(kDecisions.fields())
      .sql(") VALUES (")
      .sql(q.bind(std::string(reference)))
      .sql(", ")
      .sql(kDecisions.bind_fields(q, d));
  q.sql(") RETURNING ").sql(kDecisions.columns());
  return kDecisions.from_row(*q.fetch_one(s_));
}

std::optional<Decision> SqlDecisionRepository::find(const std::string& id) {
  return kDecisions.find(s_, id, false);
}
std::optional<Decision> SqlDecisionRepository::find_for_update(const std::string& id) {
  return kDecisions.find(s_, id, true);
}

Page<Decision> SqlDecisionRepository::list(const DecisionFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kDecisions.columns());
  // The search text is one parameter, used wherever the query names it.
  const std::string text = f.text ? q.bind(*f.text) : "";
  const std::string rank = "ts_rank(decisions.search, websearch_to_tsquery('english', " + text + "))";
  if (f.text) q.sql(", CAST(").sql(rank).sql(" AS text)");
  q.sql(" FROM decisions WHERE true");
  if (f.text) q.sql(" AND decisions.search @@ websearch_to_tsquery('english', ").sql(text).sql(")");
  if (f.organisation_id)
    q.sql(" AND decisions.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (f.meeting_id) q.sql(" AND decisions.meeting_id = CAST(").sql(q.bind(*f.meeting_id)).sql(" AS uuid)");
  if (!f.ids.empty()) q.and_in("decisions.id", f.ids, "uuid");
  if (f.programme_id) q.sql(" AND decisions.organisation_ids && ").sql(programme_bodies(q, *f.programme_id));
  if (f.as_of) {
    // Taken by then, and its status then (decision_as_of): an ended decision changes no more,
    // so its updated_at is when it ended.
    const std::string day = "CAST(" + q.bind(f.as_of) + " AS date)";
    q.sql(" AND decisions.decided_on <= ").sql(day);
    q.and_any_of(
        "(CASE WHEN decisions.status IN ('superseded', 'rescinded') AND CAST(decisions.updated_at AT TIME "
        "ZONE 'UTC' AS date) <= " +
            day + " THEN decisions.status WHEN CAST(decisions.ratified_at AT TIME ZONE 'UTC' AS date) <= " + day +
            " THEN 'ratified' ELSE 'draft' END)",
        f.status);
  } else {
    q.and_any_of("decisions.status", f.status);
  }
  q.and_any_of("decisions.overall", f.overall);
  if (f.decided_from) q.sql(" AND decisions.decided_on >= CAST(").sql(q.bind(f.decided_from)).sql(" AS date)");
  if (f.decided_to) q.sql(" AND decisions.decided_on <= CAST(").sql(q.bind(f.decided_to)).sql(" AS date)");
  // Ranked by relevance when searching; otherwise newest reference first.
  if (f.text) {
    if (page.after) {
      q.sql(" AND (").sql(rank).sql(", decisions.reference) < (CAST(").sql(q.bind(page.after->at(0)));
      q.sql(" AS real), ").sql(q.bind(page.after->at(1))).sql(")");
    }
    q.sql(" ORDER BY ").sql(rank).sql(" DESC, decisions.reference DESC");
  } else {
    if (page.after) q.sql(" AND decisions.reference < ").sql(q.bind(page.after->at(1)));
    q.sql(" ORDER BY decisions.reference DESC");
  }
  q.sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  const auto rows = q.fetch(s_);
  auto result = kDecisions.page_of(rows, page.limit, [](const Decision& d) {
    return std::vector<std::string>{"", d.reference};
  });
  // The next page starts after the last item's rank, the column after the record's.
  if (result.next && f.text)
    result.next->at(0) = rows.at(static_cast<std::size_t>(page.limit) - 1).text(kDecisions.width());
  return result;
}

Result<Decision> SqlDecisionRepository::save(const Decision& d) {
  return kDecisions.save(s_, d, "decision");
}

Result<Decision> SqlDecisionRepository::save_as(const Decision& d, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(d); });
}

const Table<Decision>& decisions_table() {
  return kDecisions;
}

}  // namespace incommon::db
