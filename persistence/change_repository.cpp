#include "persistence/change_repository.hpp"

#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

// The programme's records, by the dashboard's definitions: its milestones (and their updates),
// risks and positions; the decisions and votes of its merging bodies; the caveats of those
// votes and of its milestones. `p` is the bound programme id. Which records belong to the
// programme is read from the tables as they stand, even in a read as recorded (the names are
// qualified, so as_recorded.cpp leaves them be): a record that did not exist yet has no event
// to show, and rebuilding every table from the trail only to find ids costs seconds.
std::string records_of(const std::string& p) {
  const std::string id = "CAST(" + p + " AS uuid)";
  const std::string bodies =
      "CAST((SELECT pr.organisation_ids FROM public.programmes pr WHERE pr.id = " + id + ") AS uuid[])";
  const std::string votes = "SELECT v.id FROM public.votes v WHERE v.body_id = ANY(" + bodies +
                            ") OR v.subject_organisation_ids && " + bodies;
  return "SELECT 'milestones'::text AS t, m.id FROM public.milestones m WHERE m.programme_id = " + id +
         " UNION ALL SELECT 'risks', r.id FROM public.risks r WHERE r.programme_id = " + id +
         " UNION ALL SELECT 'financial_positions', f.id FROM public.financial_positions f WHERE f.programme_id = " +
         id + " UNION ALL SELECT 'decisions', d.id FROM public.decisions d WHERE d.organisation_ids && " + bodies +
         " UNION ALL SELECT 'votes', v.id FROM (" + votes +
         ") v UNION ALL SELECT 'caveats', c.id FROM public.caveats c " + "WHERE c.vote_id IN (" + votes +
         ") OR c.id IN (SELECT cm.caveat_id FROM public.caveat_milestones cm WHERE " + "cm.programme_id = " + id + ")";
}

std::string start_of(const std::string& date) {
  return date + "T00:00:00.000000Z";
}

}  // namespace

std::vector<RecordEvent> SqlChangeRepository::events(const std::string& programme_id, const std::string& from,
                                                     const std::string& to) {
  Query q("SELECT e.at, e.entity_type, e.entity_id::text, e.action, CASE e.entity_type ");
  q.sql("WHEN 'decisions' THEN (e.after->>'reference') || ': ' || (e.after->>'title') ");
  q.sql("WHEN 'milestones' THEN (e.after->>'key') || ': ' || (e.after->>'title') ");
  q.sql("WHEN 'votes' THEN e.after->>'motion' WHEN 'caveats' THEN e.after->>'text' ");
  q.sql("WHEN 'financial_positions' THEN e.after->>'label' ELSE e.after->>'title' END, ");
  q.sql("e.after->>'milestone_id', e.before->>'status', e.after->>'status', e.after->>'outcome', ");
  q.sql("((e.before->>'likelihood')::int * (e.before->>'impact')::int)::text, ");
  q.sql("((e.after->>'likelihood')::int * (e.after->>'impact')::int)::text, e.after->>'comment', ");
  q.sql("e.actor_token_id::text, e.actor_name, e.actor_issuer, e.actor_subject, e.actor_email, e.seq FROM (");
  const std::string p = q.bind(programme_id);
  const std::string from_at = "CAST(" + q.bind(from) + " AS timestamptz)";
  const std::string to_at = "CAST(" + q.bind(to) + " AS timestamptz)";
  q.sql(records_of(p));
  // Each record's own events in the window, through the trail's (entity_type, entity_id, seq)
  // index: bounded by the programme's history. OFFSET 0 keeps it a probe per record; as a plain
  // join, the generic plan of the prepared statement, not knowing the window, scans every event
  // of every programme in it by time (a month of the bench's: 100,000 events, half a second).
  q.sql(") mine CROSS JOIN LATERAL (SELECT * FROM audit_events a WHERE a.entity_type = mine.t AND a.entity_id = ");
  q.sql("mine.id AND a.at > ").sql(from_at).sql(" AND a.at <= ").sql(to_at).sql(" OFFSET 0) e");
  // The progress entries written in the window, shaped as their create events: the log is
  // append-only history of its own, and since migration 0020 an entry has no event (the
  // milestone's 'progress' event is the write's one). Entries come after the events, whose
  // order (seq) says which of a milestone's events is its last.
  q.sql(" UNION ALL SELECT u.created_at, 'milestone_updates', u.id::text, 'create', NULL, u.milestone_id::text, ");
  q.sql("NULL, u.status, NULL, NULL, NULL, u.comment, u.token_id::text, u.author, u.author_issuer, u.author_subject, ");
  q.sql("u.author_email, NULL FROM public.milestone_updates u JOIN public.milestones m ON m.id = u.milestone_id ");
  q.sql("WHERE m.programme_id = CAST(").sql(p).sql(" AS uuid) AND u.created_at > ").sql(from_at);
  q.sql(" AND u.created_at <= ").sql(to_at).sql(" ORDER BY 18 NULLS LAST, 1, 3");
  std::vector<RecordEvent> out;
  for (const auto& r : q.fetch(s_)) {
    RecordEvent e;
    e.at = r.text(0);
    e.collection = r.text(1);
    e.id = r.text(2);
    e.action = r.text(3);
    e.title = r.at(4).value_or("");
    e.parent_id = r.at(5);
    e.before_status = r.at(6);
    e.after_status = r.at(7);
    e.outcome = r.at(8);
    if (auto n = r.at(9)) e.before_score = std::stoll(*n);
    if (auto n = r.at(10)) e.after_score = std::stoll(*n);
    e.comment = r.at(11);
    e.token_id = r.at(12);
    e.by = r.text(13);
    if (auto issuer = r.at(14)) e.person = Identity{*issuer, r.text(15), r.at(16)};
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<DatedFact> SqlChangeRepository::dated(const std::string& programme_id, const Date& from, const Date& to) {
  Query q("SELECT (c.due_on + 1)::text, 'caveat', 'became_overdue', c.id::text, c.text FROM caveats c WHERE c.id IN (");
  const std::string p = q.bind(programme_id);
  const std::string from_date = "CAST(" + q.bind(std::optional<Date>(from)) + " AS date)";
  const std::string to_date = "CAST(" + q.bind(std::optional<Date>(to)) + " AS date)";
  q.sql("SELECT id FROM (").sql(records_of(p)).sql(") mine WHERE mine.t = 'caveats') AND c.due_on >= ").sql(from_date);
  q.sql(" AND c.due_on < ").sql(to_date).sql(" AND c.status NOT IN ('met', 'withdrawn')");
  // Appointments at the merging bodies: a start on a day between, an end (the day after the
  // last) between.
  const std::string at_bodies =
      " FROM appointments a JOIN people pe ON pe.id = a.person_id WHERE a.organisation_ids && CAST((SELECT "
      "pr.organisation_ids FROM programmes pr WHERE pr.id = CAST(" +
      p + " AS uuid)) AS uuid[])";
  q.sql(" UNION ALL SELECT a.starts_on::text, 'appointment', 'started', a.id::text, a.role || ': ' || pe.full_name");
  q.sql(at_bodies).sql(" AND a.starts_on > ").sql(from_date).sql(" AND a.starts_on <= ").sql(to_date);
  q.sql(" UNION ALL SELECT (a.ends_on + 1)::text, 'appointment', 'ended', a.id::text, a.role || ': ' || pe.full_name");
  q.sql(at_bodies).sql(" AND a.ends_on >= ").sql(from_date).sql(" AND a.ends_on < ").sql(to_date);
  std::vector<DatedFact> out;
  for (const auto& r : q.fetch(s_))
    out.push_back({start_of(r.text(0)), r.text(1), r.text(2), r.text(3), r.at(4).value_or("")});
  return out;
}

}  // namespace incommon::db
