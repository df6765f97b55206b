#include "persistence/milestone_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "milestones.id::text, milestones.version, milestones.created_at, milestones.updated_at, "
    "milestones.programme_id::text, milestones.key, milestones.title, milestones.description, milestones.workstream, "
    "milestones.owner, milestones.baseline_date::text, milestones.baseline_reason, milestones.forecast_date::text, "
    "milestones.actual_date::text, milestones.status, milestones.percent_complete, "
    "array_to_string(milestones.depends_on, ',')";
constexpr std::string_view kFields =
    "programme_id, key, title, description, workstream, owner, baseline_date, baseline_reason, forecast_date, "
    "actual_date, status, percent_complete, depends_on";

constexpr std::string_view kUpdateColumns =
    "milestone_updates.id::text, milestone_updates.version, milestone_updates.created_at, "
    "milestone_updates.updated_at, milestone_updates.milestone_id::text, milestone_updates.comment, "
    "milestone_updates.status, milestone_updates.forecast_date::text, milestone_updates.percent_complete, "
    "milestone_updates.actual_date::text, milestone_updates.author, milestone_updates.token_id::text, "
    "milestone_updates.milestone_version";

Milestone from_row(const Row& r) {
  Milestone m;
  m.meta = record_meta(r);
  m.programme_id = r.text(4);
  m.key = r.text(5);
  m.title = r.text(6);
  m.description = r.at(7);
  m.workstream = parse_enum<Workstream>(r.text(8)).value_or(Workstream::other);
  m.owner = r.at(9);
  m.baseline_date = r.date(10).value_or(Date());
  m.baseline_reason = r.at(11);
  m.forecast_date = r.date(12).value_or(m.baseline_date);
  m.actual_date = r.date(13);
  m.status = parse_enum<MilestoneStatus>(r.text(14)).value_or(MilestoneStatus::not_started);
  m.percent_complete = static_cast<int>(r.int64(15).value_or(0));
  m.depends_on = split_list(r.text(16));
  return m;
}

MilestoneUpdate update_from(const Row& r) {
  MilestoneUpdate u;
  u.meta = record_meta(r);
  u.milestone_id = r.text(4);
  u.comment = r.text(5);
  if (r.at(6)) u.status = parse_enum<MilestoneStatus>(r.text(6));
  u.forecast_date = r.date(7);
  if (auto p = r.int64(8)) u.percent_complete = static_cast<int>(*p);
  u.actual_date = r.date(9);
  u.author = r.text(10);
  u.token_id = r.at(11);
  u.milestone_version = r.int64(12).value_or(0);
  return u;
}

std::string bind_fields(Query& q, const Milestone& m) {
  return q.bind_list(m.programme_id, m.key, m.title, m.description, to_string(m.workstream), m.owner,
                     std::optional<Date>(m.baseline_date), m.baseline_reason, std::optional<Date>(m.forecast_date),
                     m.actual_date, to_string(m.status), static_cast<std::int64_t>(m.percent_complete),
                     id_array(m.depends_on));
}

// The status a milestone had on the date bound here: one completed later was in progress.
std::string status_as_of(Query& q, const Date& as_of) {
  return "(CASE WHEN milestones.status = 'complete' AND milestones.actual_date > CAST(" +
         q.bind(std::optional<Date>(as_of)) + " AS date) THEN 'in_progress' ELSE milestones.status END)";
}

// The milestone's fields written over its row, which comes back.
Query save_query(const Milestone& m) {
  Query q("UPDATE milestones SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, m)).sql(") WHERE id = CAST(").sql(q.bind(m.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return q;
}

}  // namespace

Result<Milestone> SqlMilestoneRepository::insert(const Milestone& m) {
  Query q("INSERT INTO milestones (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, m)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Milestone> SqlMilestoneRepository::find(const std::string& id) {
  return find_by_id(s_, "milestones", kColumns, id, false, from_row);
}
std::optional<Milestone> SqlMilestoneRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "milestones", kColumns, id, true, from_row);
}

Result<Milestone> SqlMilestoneRepository::save(const Milestone& m) { return from_row(*save_query(m).fetch_one(s_)); }

Result<Milestone> SqlMilestoneRepository::save_as(const Milestone& m, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(m); });
}

std::vector<Milestone> SqlMilestoneRepository::list(const std::string& programme_id, const MilestoneFilter& f,
                                                    const std::optional<std::string>& after_key, int limit) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM milestones WHERE milestones.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)");
  if (f.status) q.sql(" AND ").sql(status_as_of(q, f.as_of)).sql(" = ").sql(q.bind(to_string(*f.status)));
  if (f.workstream) q.sql(" AND milestones.workstream = ").sql(q.bind(to_string(*f.workstream)));
  if (f.owner) q.sql(" AND lower(milestones.owner) = lower(").sql(q.bind(*f.owner)).sql(")");
  if (f.due_before) q.sql(" AND milestones.forecast_date < CAST(").sql(q.bind(f.due_before)).sql(" AS date)");
  if (f.overdue) {
    q.sql(*f.overdue ? " AND " : " AND NOT ").sql("(milestones.forecast_date < CAST(").sql(q.bind(std::optional<Date>(f.as_of)));
    q.sql(" AS date) AND ").sql(status_as_of(q, f.as_of)).sql(" NOT IN ('complete', 'cancelled'))");
  }
  if (after_key) q.sql(" AND milestones.key > ").sql(q.bind(*after_key));
  q.sql(" ORDER BY milestones.key LIMIT ").sql(q.bind(static_cast<std::int64_t>(limit)));
  std::vector<Milestone> out;
  for (const auto& r : q.fetch(s_)) out.push_back(from_row(r));
  return out;
}

namespace {

// The milestone (with its programme's target) and its dependencies, told apart by the last column.
Query context_query(const std::string& id) {
  Query q("SELECT ");
  q.sql(kColumns).sql(", programmes.target_date::text, programmes.status, programmes.starts_on::text, ");
  q.sql("programmes.closed_on::text, 'milestone' FROM milestones JOIN programmes ON programmes.id = ");
  q.sql("milestones.programme_id WHERE milestones.id = CAST(").sql(q.bind(id)).sql(" AS uuid) UNION ALL SELECT ");
  q.sql(kColumns).sql(", NULL, NULL, NULL, NULL, 'dependency' FROM milestones WHERE milestones.id = ANY(ARRAY(SELECT unnest(m.depends_on) ");
  q.sql("FROM milestones m WHERE m.id = CAST(").sql(q.bind(id)).sql(" AS uuid)))");
  return q;
}

std::optional<MilestoneInContext> context_from(const std::vector<Row>& rows) {
  std::optional<MilestoneInContext> out;
  std::vector<Milestone> dependencies;
  for (const auto& r : rows) {
    if (r.text(21) == "milestone") {
      out.emplace();
      out->milestone = from_row(r);
      out->programme_target = r.date(17);
      out->programme_status = parse_enum<ProgrammeStatus>(r.text(18));
      out->programme_starts_on = r.date(19);
      out->programme_closed_on = r.date(20);
    } else {
      dependencies.push_back(from_row(r));
    }
  }
  if (out) out->dependencies = std::move(dependencies);
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
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM milestones WHERE milestones.id = ANY(CAST(").sql(q.bind(id_array(ids))).sql(" AS uuid[]))");
  std::vector<Milestone> out;
  for (const auto& r : q.fetch(s_)) out.push_back(from_row(r));
  return out;
}

std::vector<Milestone> SqlMilestoneRepository::of_programme(const std::string& programme_id) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM milestones WHERE milestones.programme_id = CAST(").sql(q.bind(programme_id));
  q.sql(" AS uuid) ORDER BY milestones.key");
  std::vector<Milestone> out;
  for (const auto& r : q.fetch(s_)) out.push_back(from_row(r));
  return out;
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
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[])) WITH ORDINALITY AS u(x, n) WHERE NOT EXISTS (SELECT 1 FROM milestones m ");
  q.sql("WHERE m.id = u.x AND m.programme_id = CAST(").sql(q.bind(programme_id)).sql(" AS uuid)) ORDER BY u.n");
  std::vector<std::string> out;
  for (const auto& r : q.fetch(s_)) out.push_back(r.text(0));
  return out;
}

Result<std::pair<Milestone, MilestoneUpdate>> SqlMilestoneRepository::save_progress(const Milestone& m,
                                                                                   const MilestoneUpdate& u) {
  // In one round trip: the action named, the save, the action cleared, the entry (which reads
  // the version the save left, in the same transaction).
  const Query named = audit_action_query("progress");
  const Query save = save_query(m);
  const Query cleared = audit_action_query("");
  Query entry("INSERT INTO milestone_updates (milestone_id, comment, status, forecast_date, percent_complete, actual_date, "
              "author, token_id, milestone_version) VALUES (");
  std::optional<std::string> status;
  if (u.status) status = std::string(to_string(*u.status));
  std::optional<std::int64_t> percent;
  if (u.percent_complete) percent = *u.percent_complete;
  entry.sql(entry.bind_list(u.milestone_id, u.comment, status, u.forecast_date, percent, u.actual_date, u.author, u.token_id));
  entry.sql(", (SELECT version FROM milestones WHERE id = CAST(").sql(entry.bind(m.meta.id)).sql(" AS uuid))) RETURNING ");
  entry.sql(kUpdateColumns);
  auto results = fetch_together(s_, {&named, &save, &cleared, &entry});
  if (results[1].empty() || results[3].empty()) return fail(Error::not_found("No milestone has id " + m.meta.id + "."));
  return std::pair{from_row(results[1].front()), update_from(results[3].front())};
}

Page<MilestoneUpdate> SqlMilestoneRepository::updates_of(const std::string& milestone_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kUpdateColumns).sql(" FROM milestone_updates WHERE milestone_updates.milestone_id = CAST(");
  q.sql(q.bind(milestone_id)).sql(" AS uuid)");
  if (page.after) {
    q.sql(" AND (milestone_updates.created_at, milestone_updates.id) < (CAST(").sql(q.bind(page.after->at(0)));
    q.sql(" AS timestamptz), CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid))");
  }
  q.sql(" ORDER BY milestone_updates.created_at DESC, milestone_updates.id DESC LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<MilestoneUpdate> items;
  for (const auto& r : q.fetch(s_)) items.push_back(update_from(r));
  return make_page(std::move(items), page.limit,
                   [](const MilestoneUpdate& u) { return std::vector<std::string>{u.meta.created_at, u.meta.id}; });
}

}  // namespace incommon::db
