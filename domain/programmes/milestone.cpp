#include "domain/programmes/milestone.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "domain/core/text.hpp"

namespace incommon {

ScheduleFacts facts_of(const Milestone& m) {
  return {m.status, m.baseline_date, m.forecast_date, m.actual_date};
}

namespace {

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 20) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

}  // namespace

Status validate(const Milestone& m) {
  Violations v;
  if (!valid_key(m.key)) v.add("key", "key must be 1 to 20 letters, digits, '.', '_' or '-' (e.g. M07)");
  check_text(v, "title", m.title, 300);
  if (m.description) check_length(v, "description", *m.description, 20000);
  if (m.owner) check_length(v, "owner", *m.owner, 200);
  if (m.percent_complete < 0 || m.percent_complete > 100)
    v.add("percent_complete", "percent_complete must be from 0 to 100");
  if (m.status == MilestoneStatus::complete && !m.actual_date)
    v.add("actual_date", "actual_date is required when a milestone is complete");
  if (m.status != MilestoneStatus::complete && m.actual_date)
    v.add("actual_date", "actual_date is only for a complete milestone");
  if (std::set<std::string>(m.depends_on.begin(), m.depends_on.end()).size() != m.depends_on.size())
    v.add("depends_on", "depends_on lists a milestone twice");
  if (!m.meta.id.empty() && std::find(m.depends_on.begin(), m.depends_on.end(), m.meta.id) != m.depends_on.end())
    v.add("depends_on", "a milestone cannot depend on itself");
  if (m.depends_on.size() > 200) v.add("depends_on", "at most 200 dependencies");
  return v.result();
}

namespace {

MilestoneAsOf assess(const Milestone& m, const std::vector<std::pair<std::string, ScheduleFacts>>& deps,
                     const std::optional<Date>& programme_target, const Date& as_of) {
  const auto facts = facts_of(m);
  MilestoneAsOf view;
  view.as_of = as_of;
  view.status = status_as_of(facts, as_of);
  view.slippage_days = slippage_days(facts);
  view.rag = assess_rag(facts, deps, programme_target, as_of);
  view.overdue = view.status != MilestoneStatus::complete && view.status != MilestoneStatus::cancelled &&
                 forecast_of(facts) < as_of;
  return view;
}

}  // namespace

MilestoneIndex index_by_id(const std::vector<Milestone>& milestones) {
  MilestoneIndex out;
  out.reserve(milestones.size());
  for (const auto& m : milestones) out.emplace(m.meta.id, &m);
  return out;
}

MilestoneWithView view_of(const Milestone& m, const MilestoneIndex& known, const std::optional<Date>& programme_target,
                          const Date& as_of) {
  std::vector<std::pair<std::string, ScheduleFacts>> deps;
  deps.reserve(m.depends_on.size());
  for (const auto& id : m.depends_on)
    if (auto it = known.find(id); it != known.end()) deps.emplace_back(it->second->key, facts_of(*it->second));
  return {m, assess(m, deps, programme_target, as_of), nullptr};
}

MilestoneWithView view_of(const MilestoneInContext& context, const Date& as_of) {
  return view_of(context.milestone, index_by_id(context.dependencies), context.programme_target, as_of);
}

namespace {

// A milestone just written, viewed: its dependencies read back (none for most).
MilestoneWithView viewed(MilestoneRepository& milestones, const Milestone& saved, const std::optional<Date>& target,
                         const Date& as_of) {
  const auto dependencies = milestones.find_many(saved.depends_on);
  return view_of(saved, index_by_id(dependencies), target, as_of);
}

}  // namespace

namespace {

// depends_on must name milestones of the same programme, and never close a loop; the loop is
// named by key. Runs under the programme's schedule lock.
Status check_dependencies(MilestoneRepository& repo, const Milestone& m, bool graph_may_loop) {
  if (m.depends_on.empty()) return {};
  auto outside = repo.outside_programme(m.programme_id, m.depends_on);
  if (!outside.empty())
    return fail(Error::rule("depends_on", "depends_on: " + outside.front() + " is not a milestone of this programme"));
  if (!graph_may_loop) return {};
  std::map<std::string, std::vector<std::string>> graph;
  std::map<std::string, std::string> keys;
  for (const auto& other : repo.of_programme(m.programme_id)) {
    graph[other.meta.id] = other.depends_on;
    keys[other.meta.id] = other.key;
  }
  graph[m.meta.id] = m.depends_on;
  keys[m.meta.id] = m.key;
  auto loop = find_dependency_cycle(graph);
  if (!loop) return {};
  std::string named;
  for (const auto& id : *loop) named += (named.empty() ? "" : " -> ") + keys[id];
  return fail(Error::rule("depends_on", "depends_on would make a cycle: " + named).as(ProblemType::cycle));
}

}  // namespace

Result<MilestoneWithView> add_milestone(MilestoneRepository& milestones, ProgrammeRepository& programmes, Milestone m,
                                        const Date& as_of) {
  auto programme = programmes.find(m.programme_id);
  if (!programme) return fail(Error::not_found("No programme has id " + m.programme_id + "."));
  if (auto ok = check_programme_open(*programme); !ok) return fail(ok.error());
  if (auto ok = validate(m); !ok) return fail(ok.error());
  if (m.actual_date)
    if (auto ok = check_done_on("actual_date", *m.actual_date, programme->starts_on, Date::today_utc()); !ok)
      return fail(ok.error());
  // A new milestone has no dependants yet, so it cannot close a loop.
  if (auto ok = check_dependencies(milestones, m, false); !ok) return fail(ok.error());
  auto saved = milestones.insert(m);
  if (!saved) return fail(saved.error());
  return viewed(milestones, *saved, programme->target_date, as_of);
}

Result<MilestoneWithView> change_milestone(MilestoneRepository& milestones, ProgrammeRepository& programmes,
                                           const std::string& id, std::optional<std::int64_t> expected_version,
                                           const Change<Milestone>& change, const Date& as_of) {
  // The programme's schedule lock comes before the row lock: a new dependency edge waits on the
  // row it points to, and two opposite edges locking rows first would deadlock.
  std::optional<Programme> programme;
  if (auto peek = milestones.find(id)) {
    milestones.lock_schedule(peek->programme_id);
    programme = programmes.find(peek->programme_id);
    if (programme)
      if (auto ok = check_programme_open(*programme); !ok) return fail(ok.error());
  }
  std::optional<Milestone> previous;
  auto changed = change_record<Milestone>(
      milestones, "milestone", id, expected_version, change, [&](const Milestone& before, Milestone& next) -> Status {
        previous = before;
        Violations fixed;
        if (next.baseline_date != before.baseline_date)
          fixed.add("baseline_date",
                    "baseline_date is fixed at creation; move it with POST /milestones/{id}/rebaseline");
        if (auto ok = fixed.result(); !ok) return ok;
        next.programme_id = before.programme_id;
        next.baseline_reason = before.baseline_reason;
        if (auto ok = validate(next); !ok) return ok;
        if (next.actual_date && next.actual_date != before.actual_date)
          if (auto ok = check_done_on("actual_date", *next.actual_date, programme ? programme->starts_on : std::nullopt,
                                      Date::today_utc());
              !ok)
            return ok;
        return check_dependencies(milestones, next, next.depends_on != before.depends_on);
      });
  if (!changed) return fail(changed.error());
  const auto target = programme ? std::optional(programme->target_date) : std::nullopt;
  // One read of the dependencies of both, which are the same unless depends_on changed.
  std::vector<std::string> ids = changed->depends_on;
  if (previous)
    for (const auto& d : previous->depends_on)
      if (std::find(ids.begin(), ids.end(), d) == ids.end()) ids.push_back(d);
  const auto dependencies = milestones.find_many(ids);
  const auto known = index_by_id(dependencies);
  auto out = view_of(*changed, known, target, as_of);
  if (previous) out.before = std::make_shared<const MilestoneWithView>(view_of(*previous, known, target, as_of));
  return out;
}

Result<MilestoneWithView> rebaseline_milestone(MilestoneRepository& milestones, const std::string& id,
                                               std::optional<std::int64_t> expected_version, const Date& baseline_date,
                                               const std::string& reason, const Date& as_of) {
  Violations v;
  check_text(v, "reason", reason, 2000);
  if (auto ok = v.result(); !ok) return fail(ok.error());
  // Locked with what its view needs: a new baseline changes neither dependencies nor target.
  auto context = milestones.find_in_context_for_update(id);
  if (!context) return fail(Error::not_found("No milestone has id " + id + "."));
  if (context->programme_status)
    if (auto ok = check_programme_open(*context->programme_status, context->programme_closed_on); !ok)
      return fail(ok.error());
  Milestone& m = context->milestone;
  if (expected_version && m.meta.version != *expected_version) return fail(Error::stale(m.meta.version));
  if (m.baseline_date == baseline_date)
    return fail(Error::rule("baseline_date", "baseline_date is already " + baseline_date.to_string()));
  auto before = std::make_shared<const MilestoneWithView>(view_of(*context, as_of));
  m.baseline_date = baseline_date;
  m.baseline_reason = reason;
  auto saved = milestones.save_as(m, "rebaseline");
  if (!saved) return fail(saved.error());
  m = std::move(*saved);
  auto out = view_of(*context, as_of);
  out.before = std::move(before);
  return out;
}

Result<RecordedProgress> record_progress(MilestoneRepository& milestones, const std::string& id,
                                         std::optional<std::int64_t> expected_version, const Progress& p,
                                         const Actor& author, const Date& as_of) {
  Violations v;
  check_text(v, "comment", p.comment, 10000);
  if (auto ok = v.result(); !ok) return fail(ok.error());
  // Locked with what its view needs: progress changes neither its dependencies nor the target.
  auto context = milestones.find_in_context_for_update(id);
  if (!context) return fail(Error::not_found("No milestone has id " + id + "."));
  const Milestone& m = context->milestone;
  if (context->programme_status)
    if (auto ok = check_programme_open(*context->programme_status, context->programme_closed_on); !ok)
      return fail(ok.error());
  if (expected_version && m.meta.version != *expected_version) return fail(Error::stale(m.meta.version));
  Milestone next = m;
  if (p.status) {
    next.status = *p.status;
    if (next.status != MilestoneStatus::complete) next.actual_date.reset();
  }
  if (p.forecast_date) next.forecast_date = *p.forecast_date;
  if (p.percent_complete) next.percent_complete = *p.percent_complete;
  if (p.actual_date) next.actual_date = *p.actual_date;
  if (auto ok = validate(next); !ok) return fail(ok.error());
  if (next.actual_date && next.actual_date != m.actual_date)
    if (auto ok = check_done_on("actual_date", *next.actual_date, context->programme_starts_on, as_of); !ok)
      return fail(ok.error());
  // Every entry, a comment alone too, moves the milestone to a new version: of two people
  // writing from the same version, one wins and the other is told.
  MilestoneUpdate u;
  u.milestone_id = id;
  u.comment = p.comment;
  u.status = p.status;
  u.forecast_date = p.forecast_date;
  u.percent_complete = p.percent_complete;
  u.actual_date = p.actual_date;
  u.author = author.name;
  if (!author.token_id.empty()) u.token_id = author.token_id;
  u.person = author.person;
  auto saved = milestones.save_progress(next, u);
  if (!saved) return fail(saved.error());
  auto before = std::make_shared<const MilestoneWithView>(view_of(*context, as_of));
  auto& [milestone, entry] = *saved;
  context->milestone = std::move(milestone);
  auto now = view_of(*context, as_of);
  now.before = std::move(before);
  return RecordedProgress{std::move(entry), std::move(now)};
}

std::vector<std::string> sort_key(const Milestone& m, MilestoneOrder order) {
  if (order == MilestoneOrder::forecast_date) return {m.forecast_date.to_string(), m.meta.id};
  return {m.key};
}

Result<Page<MilestoneWithView>> list_milestones(MilestoneRepository& milestones, const Programme& programme,
                                                const MilestoneFilter& filter, const PageRequest& page) {
  // RAG depends on other milestones, so it is filtered here, over as many batches as it takes.
  const int want = page.limit + 1;
  const int batch_size = filter.rag ? std::max(want, 200) : want;
  std::optional<std::vector<std::string>> after = page.after;
  std::vector<MilestoneWithView> found;
  while (static_cast<int>(found.size()) < want) {
    auto batch = milestones.list(programme.meta.id, filter, after, batch_size);
    std::set<std::string> in_batch, needed;
    for (const auto& m : batch) in_batch.insert(m.meta.id);
    for (const auto& m : batch)
      for (const auto& d : m.depends_on)
        if (!in_batch.count(d)) needed.insert(d);
    const auto outside = milestones.find_many({needed.begin(), needed.end()});
    auto by_id = index_by_id(batch);
    for (const auto& d : outside) by_id.emplace(d.meta.id, &d);
    for (const auto& m : batch) {
      auto viewed = view_of(m, by_id, programme.target_date, filter.as_of);
      if (filter.rag && !(viewed.view.rag.rag && filter.rag.matches(*viewed.view.rag.rag))) continue;
      found.push_back(std::move(viewed));
      if (static_cast<int>(found.size()) == want) break;
    }
    if (static_cast<int>(batch.size()) < batch_size) break;
    after = sort_key(batch.back(), filter.sort);
  }
  Page<MilestoneWithView> out;
  if (static_cast<int>(found.size()) > page.limit) {
    found.resize(static_cast<std::size_t>(page.limit));
    out.next = sort_key(found.back().milestone, filter.sort);
  }
  out.items = std::move(found);
  return out;
}

ProgrammeCriticalPath critical_path_of(MilestoneRepository& milestones, const Programme& programme, const Date& as_of) {
  return critical_path_of(programme, as_of, milestones.of_programme(programme.meta.id));
}

ProgrammeCriticalPath critical_path_of(const Programme& programme, const Date& as_of,
                                       const std::vector<Milestone>& all) {
  std::map<std::string, ScheduleFacts> facts;
  std::map<std::string, std::vector<std::string>> graph;
  for (const auto& m : all) {
    facts.emplace(m.meta.id, facts_of(m));
    if (!m.depends_on.empty()) graph.emplace(m.meta.id, m.depends_on);
  }
  ProgrammeCriticalPath result;
  result.as_of = as_of;
  result.target_date = programme.target_date;
  auto path = critical_path(facts, graph, as_of);
  if (!path) return result;
  const auto index = index_by_id(all);
  result.chain.reserve(path->chain.size());
  for (const auto& id : path->chain)
    result.chain.push_back(view_of(*index.at(id), index, programme.target_date, as_of));
  result.finish_date = path->finish;
  result.slack_days = programme.target_date - path->finish;
  return result;
}

}  // namespace incommon
