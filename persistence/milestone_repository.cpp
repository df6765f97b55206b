#include "persistence/milestone_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Milestone> kMilestones("milestones", {
                                                     fixed("programme_id", &Milestone::programme_id),
                                                     field("key", &Milestone::key),
                                                     field("title", &Milestone::title),
                                                     field("description", &Milestone::description),
                                                     field("workstream", &Milestone::workstream),
                                                     field("owner", &Milestone::owner),
                                                     field("baseline_date", &Milestone::baseline_date),
                                                     field("baseline_reason", &Milestone::baseline_reason),
                                                     field("forecast_date", &Milestone::forecast_date),
                                                     field("actual_date", &Milestone::actual_date),
                                                     field("status", &Milestone::status),
                                                     field("percent_complete", &Milestone::percent_complete),
                                                     field("depends_on", &Milestone::depends_on),
                                                 });

// Entries are written once, by save_progress's own statement.
const Table<MilestoneUpdate> kUpdates("milestone_updates",
                                      {
                                          stored("milestone_id", &MilestoneUpdate::milestone_id),
                                          stored("comment", &MilestoneUpdate::comment),
                                          stored("status", &MilestoneUpdate::status),
                                          stored("forecast_date", &MilestoneUpdate::forecast_date),
                                          stored("percent_complete", &MilestoneUpdate::percent_complete),
                                          stored("actual_date", &MilestoneUpdate::actual_date),
                                          stored("author", &MilestoneUpdate::author),
                                          stored("token_id", &MilestoneUpdate::token_id),
                                          custom<MilestoneUpdate>("author_issuer",
                                                                  [](MilestoneUpdate& u, const Value& v) {
                                                                    if (v) u.person.emplace().issuer = *v;
                                                                  },
                                                                  {}),
                                          custom<MilestoneUpdate>("author_subject",
                                                                  [](MilestoneUpdate& u, const Value& v) {
                                                                    if (v && u.person) u.person->subject = *v;
                                                                  },
                                                                  {}),
                                          custom<MilestoneUpdate>("author_email",
                                                                  [](MilestoneUpdate& u, const Value& v) {
                                                                    if (v && u.person) u.person->email = *v;
                                                                  },
                                                                  {}),
                                          stored("milestone_version", &MilestoneUpdate::milestone_version),
                                      });

// The status a milestone had on the date bound here: one completed later was in progress.
std::string status_as_of(Query& q, const Date& as_of) {
  return "(CASE WHEN milestones.status = 'complete' AND milestones.actual_date > CAST(" +
         q.bind(std::optional<Date>(as_of)) + " AS date) THEN 'in_progress' ELSE milestones.status END)";
}

}  // namespace

Result<Milestone> SqlMilestoneRepository::insert(const Milestone& m) {
  return kMilestones.add(s_, m);
}

std::optional<Milestone> SqlMilestoneRepository::find(const std::string& id) {
  return kMilestones.find(s_, id, false);
}
std::optional<Milestone> SqlMilestoneRepository::find_for_update(const std::string& id) {
  return kMilestones.find(s_, id, true);
}

Result<Milestone> SqlMilestoneRepository::save(const Milestone& m) {
  return kMilestones.save(s_, m, "milestone");
}

Result<Milestone> SqlMilestoneRepository::save_as(const Milestone& m, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(m); });
}

std::vector<Milestone> SqlMilestoneRepository::list(const std::string& programme_id, const MilestoneFilter& f,
                                                    const std::optional<std::vector<std::string>>& after, int limit) {
  Query q = kMilestones.select();
  q.sql(" WHERE milestones.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)");
  if (f.status) q.and_any_of(status_as_of(q, f.as_of), f.status);
  q.and_any_of("milestones.workstream", f.workstream);
  if (!f.ids.empty()) q.and_in("milestones.id", f.ids, "uuid");
  if (f.owner) q.sql(" AND lower(milestones.owner) = lower(").sql(q.bind(*f.owner)).sql(")");
  if (f.due_before) q.sql(" AND milestones.forecast_date < CAST(").sql(q.bind(f.due_before)).sql(" AS date)");
  if (f.overdue) {
    q.sql(*f.overdue ? " AND " : " AND NOT ")
        .sql("(milestones.forecast_date < CAST(")
        .sql(q.bind(std::optional<Date>(f.as_of)));
    q.sql(" AS date) AND ").sql(status_as_of(q, f.as_of)).sql(" NOT IN ('complete', 'cancelled'))");
  }
  if (f.sort == MilestoneOrder::forecast_date) {  // milestones_forecast_idx
    if (after) append_after(q, "milestones.forecast_date, milestones.id", *after, "date,uuid");
    q.sql(" ORDER BY milestones.forecast_date, milestones.id");
  } else {
    if (after) q.sql(" AND milestones.key > ").sql(q.bind(after->at(0)));
    q.sql(" ORDER BY milestones.key");
  }
  q.sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(limit)));
  return kMilestones.fetch(s_, q);
}

namespace {

// The milestone (with its programme's target, status, start and close) and, joined to it, what
// a view needs of each milestone it depends on: one row per dependency, one row when it has
// none. The join reads each dependency by its primary key from the milestone's own depends_on:
// no array is rebuilt and no second lookup of the milestone made (bench/README.md, issue 28).
enum ContextColumn : std::size_t {
  target,
  status,
  starts_on,
  closed_on,
  dependency_id,
  dependency_key,
  dependency_status,
  dependency_baseline,
  dependency_forecast,
  dependency_actual,
};

Query context_query(const std::string& id) {
  Query q("SELECT ");
  q.sql(kMilestones.columns()).sql(", programmes.target_date::text, programmes.status, programmes.starts_on::text, ");
  q.sql("programmes.closed_on::text, d.id::text, d.key, d.status, d.baseline_date::text, d.forecast_date::text, ");
  q.sql("d.actual_date::text FROM milestones JOIN programmes ON programmes.id = milestones.programme_id ");
  q.sql("LEFT JOIN milestones d ON d.id = ANY(milestones.depends_on) WHERE milestones.id = CAST(");
  q.sql(q.bind(id)).sql(" AS uuid)");
  return q;
}

std::optional<MilestoneInContext> context_from(const std::vector<Row>& rows) {
  if (rows.empty()) return std::nullopt;
  const auto column = [](ContextColumn c) { return kMilestones.width() + c; };
  const Row& first = rows.front();
  MilestoneInContext out;
  out.milestone = kMilestones.from_row(first);
  out.programme_target = first.date(column(target));
  out.programme_status = parse_enum<ProgrammeStatus>(first.text(column(status)));
  out.programme_starts_on = first.date(column(starts_on));
  out.programme_closed_on = first.date(column(closed_on));
  for (const auto& r : rows) {
    auto id = r.at(column(dependency_id));
    if (!id) continue;  // no dependencies
    Milestone& d = out.dependencies.emplace_back();
    d.meta.id = std::move(*id);
    d.programme_id = out.milestone.programme_id;
    d.key = r.text(column(dependency_key));
    d.status = parse_enum<MilestoneStatus>(r.text(column(dependency_status))).value_or(MilestoneStatus::not_started);
    d.baseline_date = r.date(column(dependency_baseline)).value_or(Date{});
    d.forecast_date = r.date(column(dependency_forecast)).value_or(Date{});
    d.actual_date = r.date(column(dependency_actual));
  }
  return out;
}

}  // namespace

std::optional<MilestoneInContext> SqlMilestoneRepository::find_in_context(const std::string& id,
                                                                          const std::optional<Date>& caveats_as_of) {
  const Query q = context_query(id);
  if (!caveats_as_of) return context_from(q.fetch(s_));
  // Its caveats, as the caveat list filtered by this milestone reads them, sent with the
  // milestone in one round trip.
  CaveatFilter f;
  f.as_of = *caveats_as_of;
  f.milestone_id = id;
  const PageRequest first{200, std::nullopt};
  const Query caveats = caveat_list_query(f, first);
  auto results = fetch_together(s_, {&q, &caveats});
  auto out = context_from(results.front());
  if (out) out->caveats = caveat_page(results.back(), first.limit).items;
  return out;
}

std::optional<MilestoneInContext> SqlMilestoneRepository::find_in_context_for_update(const std::string& id) {
  // The lock, then the read (whose snapshot, taken after the lock, sees the latest version),
  // in one round trip.
  Query lock("SELECT 1 FROM milestones WHERE id = CAST(");
  lock.sql(lock.bind(id)).sql(" AS uuid) FOR UPDATE");
  const Query q = context_query(id);
  return context_from(fetch_together(s_, {&lock, &q}).back());
}

std::vector<Milestone> SqlMilestoneRepository::find_many(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  Query q = kMilestones.select();
  q.sql(" WHERE milestones.id = ANY(CAST(").sql(q.bind(id_array(ids))).sql(" AS uuid[]))");
  return kMilestones.fetch(s_, q);
}

std::vector<Milestone> SqlMilestoneRepository::of_programme(const std::string& programme_id) {
  Query q = kMilestones.select();
  q.sql(" WHERE milestones.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid) ORDER BY milestones.key");
  return kMilestones.fetch(s_, q);
}

void SqlMilestoneRepository::lock_schedule(const std::string& programme_id) {
  Query q("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(");
  q.sql(q.bind("schedule:" + programme_id)).sql(", 0))");
  q.fetch(s_);
}

std::vector<std::string> SqlMilestoneRepository::outside_programme(const std::string& programme_id,
                                                                   const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  Query q("SELECT x::text FROM unnest(CAST(");
  q.sql(q.bind(id_array(ids)))
      .sql(" AS uuid[])) WITH ORDINALITY AS u(x, n) WHERE NOT EXISTS (SELECT 1 FROM milestones m ");
  q.sql("WHERE m.id = u.x AND m.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)) ORDER BY u.n");
  return fetch_all(s_, q, [](const Row& r) { return r.text(0); });
}

Result<std::pair<Milestone, MilestoneUpdate>> SqlMilestoneRepository::save_progress(const Milestone& m,
                                                                                    const MilestoneUpdate& u) {
  // In one round trip: the action named, the save, the action cleared, the entry (which reads
  // the version the save left, in the same transaction).
  const Query named = audit_action_query("progress");
  const Query save = kMilestones.update(m);
  const Query cleared = audit_action_query("");
  Query entry(
      "INSERT INTO milestone_updates (milestone_id, comment, status, forecast_date, percent_complete, actual_date, "
      "author, token_id, author_issuer, author_subject, author_email, milestone_version) VALUES (");
  std::optional<std::string> status;
  if (u.status) status = std::string(to_string(*u.status));
  std::optional<std::int64_t> percent;
  if (u.percent_complete) percent = *u.percent_complete;
  std::optional<std::string> issuer, subject, email;
  if (u.person) {
    issuer = u.person->issuer;
    subject = u.person->subject;
    email = u.person->email;
  }
  entry.sql(entry.bind_list(u.milestone_id, u.comment, status, u.forecast_date, percent, u.actual_date, u.author,
                            u.token_id, issuer, subject, email));
  entry.sql(", (SELECT version FROM milestones WHERE id = CAST(")
      .sql(entry.bind(m.meta.id))
      .sql(" AS uuid))) RETURNING ");
  entry.sql(kUpdates.columns());
  auto results = fetch_together(s_, {&named, &save, &cleared, &entry});
  if (results[1].empty() || results[3].empty()) return fail(Error::not_found("No milestone has id " + m.meta.id + "."));
  return std::pair{kMilestones.from_row(results[1].front()), kUpdates.from_row(results[3].front())};
}

Page<MilestoneUpdate> SqlMilestoneRepository::updates_of(const std::string& milestone_id, const PageRequest& page) {
  Query q = kUpdates.select();
  q.sql(" WHERE milestone_updates.milestone_id = CAST(").sql(q.bind(milestone_id)).sql(" AS uuid)");
  if (page.after) {
    q.sql(" AND (milestone_updates.created_at, milestone_updates.id) < (CAST(").sql(q.bind(page.after->at(0)));
    q.sql(" AS timestamptz), CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid))");
  }
  q.sql(" ORDER BY milestone_updates.created_at DESC, milestone_updates.id DESC");
  return kUpdates.page(s_, std::move(q), page, [](const MilestoneUpdate& u) {
    return std::vector<std::string>{u.meta.created_at, u.meta.id};
  });
}

std::vector<ForecastChange> SqlMilestoneRepository::forecast_history(const std::string& milestone_id) {
  // The milestone's events that set a forecast (its creation, and each change), with the
  // narrative of the update that wrote that version, if one did.
  Query q(
      "SELECT e.at, e.after->>'forecast_date', e.before->>'forecast_date', e.after->>'baseline_date', "
      "e.after->>'version', e.actor_token_id::text, e.actor_name, e.actor_issuer, e.actor_subject, e.actor_email, "
      "u.comment FROM audit_events e LEFT JOIN milestone_updates u ON u.milestone_id = e.entity_id "
      "AND u.milestone_version = (e.after->>'version')::int "
      "WHERE e.entity_type = 'milestones' AND e.entity_id = CAST(");
  q.sql(q.bind(milestone_id)).sql(" AS uuid) AND e.after IS NOT NULL AND (e.before IS NULL OR ");
  q.sql("e.before->'forecast_date' IS DISTINCT FROM e.after->'forecast_date') ORDER BY e.seq");
  std::vector<ForecastChange> out;
  for (const auto& r : q.fetch(s_)) {
    ForecastChange c;
    c.recorded_at = r.text(0);
    c.forecast_date = Date::parse(r.text(1)).value_or(Date{});
    if (auto previous = r.at(2)) c.previous = Date::parse(*previous);
    c.baseline_date = Date::parse(r.text(3)).value_or(Date{});
    c.milestone_version = std::stoll(r.text(4));
    c.token_id = r.at(5);
    c.by = r.text(6);
    if (auto issuer = r.at(7)) c.person = Identity{*issuer, r.text(8), r.at(9)};
    c.comment = r.at(10);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<MilestoneTrack> SqlMilestoneRepository::tracks_of(const std::string& programme_id, const Instant& until) {
  // Only the events that moved what a trend draws; a milestone recorded after `until` has none
  // and is left out.
  Query q(
      "SELECT m.id::text, m.key, m.title, e.at, e.after->>'forecast_date', e.after->>'baseline_date', "
      "e.after->>'status' FROM milestones m JOIN audit_events e ON e.entity_type = 'milestones' "
      "AND e.entity_id = m.id WHERE m.programme_id = CAST(");
  q.sql(q.bind(programme_id)).sql(" AS uuid) AND e.after IS NOT NULL AND e.at <= CAST(");
  q.sql(q.bind(until.to_string())).sql(" AS timestamptz) AND (e.before IS NULL OR ");
  q.sql("e.before->'forecast_date' IS DISTINCT FROM e.after->'forecast_date' OR ");
  q.sql("e.before->'baseline_date' IS DISTINCT FROM e.after->'baseline_date' OR ");
  q.sql("e.before->'status' IS DISTINCT FROM e.after->'status') ORDER BY m.key, m.id, e.seq");
  std::vector<MilestoneTrack> out;
  for (const auto& r : q.fetch(s_)) {
    if (out.empty() || out.back().id != r.text(0)) out.push_back({r.text(0), r.text(1), r.text(2), {}});
    RecordedState state;
    state.recorded_at = Instant::parse(r.text(3)).value_or(Instant());
    state.forecast_date = Date::parse(r.text(4)).value_or(Date{});
    state.baseline_date = Date::parse(r.text(5)).value_or(Date{});
    state.status = parse_enum<MilestoneStatus>(r.text(6)).value_or(MilestoneStatus::not_started);
    out.back().states.push_back(state);
  }
  return out;
}

}  // namespace incommon::db
