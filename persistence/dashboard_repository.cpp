// The dashboard's reads: each one statement over indexed columns, never one per milestone.
#include "persistence/dashboard_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

std::map<std::string, std::int64_t> counts_of(soci::session& s, const Query& q) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : q.fetch(s)) out[r.text(0)] = r.int64(1).value_or(0);
  return out;
}

}  // namespace

std::map<std::string, std::int64_t> SqlDashboardRepository::decisions_by_overall(const std::vector<std::string>& bodies,
                                                                                 const Date& as_of) {
  Query q("SELECT overall, count(*) FROM decisions WHERE organisation_ids && CAST(");
  q.sql(q.bind(id_array(bodies))).sql(" AS uuid[]) AND decided_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) GROUP BY overall");
  return counts_of(s_, q);
}

std::vector<Decision> SqlDashboardRepository::latest_decisions(const std::vector<std::string>& bodies,
                                                               const Date& as_of, int n) {
  Query q = decisions_table().select();
  q.sql(" WHERE decisions.organisation_ids && CAST(").sql(q.bind(id_array(bodies)));
  q.sql(" AS uuid[]) AND decisions.decided_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) ORDER BY decisions.decided_on DESC, decisions.reference DESC LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(n)));
  return decisions_table().fetch(s_, q);
}

std::vector<Vote> SqlDashboardRepository::votes_about(const std::vector<std::string>& bodies, const Date& as_of) {
  Query q = votes_table().select();
  q.sql(" WHERE (votes.body_id = ANY(CAST(").sql(q.bind(id_array(bodies)));
  q.sql(" AS uuid[])) OR votes.subject_organisation_ids && CAST(").sql(q.bind(id_array(bodies)));
  q.sql(" AS uuid[])) AND votes.opened_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) ORDER BY votes.opened_on, votes.id LIMIT 200");
  return votes_table().fetch(s_, q);
}

std::vector<Caveat> SqlDashboardRepository::caveats_for(const std::string& programme_id,
                                                        const std::vector<std::string>& bodies, const Date& as_of) {
  // Two index-driven halves (by vote, by the programme's milestones) rather than one OR, which
  // would read every caveat.
  Query q = caveats_table().select();
  q.sql(" WHERE caveats.added_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) AND caveats.id IN (SELECT c.id FROM caveats c WHERE c.vote_id IN (SELECT v.id FROM votes v ");
  q.sql("WHERE v.body_id = ANY(CAST(")
      .sql(q.bind(id_array(bodies)))
      .sql(" AS uuid[])) OR v.subject_organisation_ids && CAST(");
  q.sql(q.bind(id_array(bodies))).sql(" AS uuid[])) UNION SELECT cm.caveat_id FROM caveat_milestones cm ");
  q.sql("WHERE cm.programme_id = CAST(").sql(q.bind(programme_id));
  q.sql(" AS uuid)) ORDER BY caveats.added_on, caveats.id LIMIT 500");
  return caveats_table().fetch(s_, q);
}

std::map<std::string, std::int64_t> SqlDashboardRepository::responses_by_position(const std::string& programme_id,
                                                                                  const Date& as_of) {
  Query q(
      "SELECT r.position, count(*) FROM consultation_responses r JOIN consultations c ON c.id = r.consultation_id "
      "WHERE c.programme_id = CAST(");
  q.sql(q.bind(programme_id)).sql(" AS uuid) AND r.received_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) GROUP BY r.position");
  return counts_of(s_, q);
}

std::vector<Risk> SqlDashboardRepository::risks_of(const std::string& programme_id) {
  Query q = risks_table().select();
  q.sql(" WHERE risks.programme_id = CAST(").sql(q.bind(programme_id));
  q.sql(" AS uuid) ORDER BY risks.score DESC, risks.id");
  return risks_table().fetch(s_, q);
}

std::vector<FinancialPosition> SqlDashboardRepository::positions_of(const std::string& programme_id) {
  Query q = financial_positions_table().select();
  q.sql(" WHERE financial_positions.programme_id = CAST(").sql(q.bind(programme_id));
  q.sql(" AS uuid) ORDER BY financial_positions.label, financial_positions.id");
  return financial_positions_table().fetch(s_, q);
}

std::vector<BodyOnDate> SqlDashboardRepository::bodies_on(const std::vector<std::string>& bodies, const Date& as_of) {
  Query q(
      "SELECT o.id::text, o.name, p.id::text, concat_ws(' ', p.title, p.full_name), a.id::text, "
      "(cardinality(a.organisation_ids) > 1)::text FROM organisations o "
      "LEFT JOIN appointment_offices ao ON ao.organisation_id = o.id AND ao.role = 'accountable_officer' "
      "AND ao.period @> CAST(");
  q.sql(q.bind(std::optional<Date>(as_of))).sql(" AS date) LEFT JOIN appointments a ON a.id = ao.appointment_id ");
  q.sql("LEFT JOIN people p ON p.id = a.person_id WHERE o.id = ANY(CAST(").sql(q.bind(id_array(bodies)));
  q.sql(" AS uuid[])) ORDER BY o.name, o.id");
  return fetch_all(s_, q, [](const Row& r) {
    BodyOnDate b;
    b.organisation_id = r.text(0);
    b.name = r.text(1);
    b.officer_person_id = r.at(2);
    if (r.at(2)) b.officer_name = r.text(3);
    b.appointment_id = r.at(4);
    b.shared = r.boolean(5);
    return b;
  });
}

}  // namespace incommon::db
