#include "domain/programmes/changes.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace incommon {

namespace {

std::string milestone_title(const Milestone& m) {
  return m.key + ": " + m.title;
}

std::optional<std::string> rag_text(const MilestoneWithView& m) {
  if (!m.view.rag.rag) return std::nullopt;
  return std::string(to_string(*m.view.rag.rag));
}

void recorded_by(ChangeEntry& e, const RecordEvent& from) {
  e.token_id = from.token_id;
  e.by = from.by;
  e.person = from.person;
}

ChangeEntry entry_of(const RecordEvent& e, std::string kind, std::string event) {
  ChangeEntry c;
  c.at = e.at;
  c.kind = std::move(kind);
  c.event = std::move(event);
  c.record_id = e.id;
  c.title = e.title;
  recorded_by(c, e);
  return c;
}

}  // namespace

std::vector<ChangeEntry> programme_changes(const std::vector<MilestoneWithView>& then,
                                           const std::vector<MilestoneWithView>& now, const std::string& now_at,
                                           const std::vector<RecordEvent>& events,
                                           const std::vector<DatedFact>& facts) {
  std::vector<ChangeEntry> out;
  std::map<std::string, const MilestoneWithView*> before, after;
  for (const auto& m : then) before[m.milestone.meta.id] = &m;
  for (const auto& m : now) after[m.milestone.meta.id] = &m;
  // A milestone's entry is dated by its last event between the two instants, and signed by it.
  std::map<std::string, const RecordEvent*> last_event;
  for (const auto& e : events)
    if (e.collection == "milestones") last_event[e.id] = &e;

  for (const auto& m : now) {
    const auto& id = m.milestone.meta.id;
    ChangeEntry c;
    c.kind = "milestone";
    c.record_id = id;
    c.title = milestone_title(m.milestone);
    c.at = now_at;
    if (auto last = last_event.find(id); last != last_event.end()) {
      c.at = last->second->at;
      recorded_by(c, *last->second);
    } else {
      c.recorded = false;
    }
    const auto was = before.find(id);
    if (was == before.end()) {
      c.event = "added";
      c.changes.push_back({"forecast_date", std::nullopt, m.milestone.forecast_date.to_string(), std::nullopt, {}, {}});
      c.changes.push_back({"rag", std::nullopt, rag_text(m), std::nullopt, {}, m.view.rag.reasons});
      out.push_back(std::move(c));
      continue;
    }
    const auto& old = *was->second;
    // A date that moved, with how far (positive: later).
    const auto moved = [&](const char* field, const Date& from, const Date& to) {
      if (from != to)
        c.changes.push_back(
            {field, from.to_string(), to.to_string(), to.days_since_epoch() - from.days_since_epoch(), {}, {}});
    };
    moved("forecast_date", old.milestone.forecast_date, m.milestone.forecast_date);
    moved("baseline_date", old.milestone.baseline_date, m.milestone.baseline_date);
    if (old.view.status != m.view.status)
      c.changes.push_back(
          {"status", std::string(to_string(old.view.status)), std::string(to_string(m.view.status)), {}, {}, {}});
    if (old.milestone.percent_complete != m.milestone.percent_complete)
      c.changes.push_back({"percent_complete",
                           std::to_string(old.milestone.percent_complete),
                           std::to_string(m.milestone.percent_complete),
                           {},
                           {},
                           {}});
    if (rag_text(old) != rag_text(m))
      c.changes.push_back({"rag", rag_text(old), rag_text(m), std::nullopt, old.view.rag.reasons, m.view.rag.reasons});
    if (c.changes.empty()) continue;
    c.event = "changed";
    out.push_back(std::move(c));
  }

  for (const auto& e : events) {
    if (e.collection == "milestone_updates") {
      auto c = entry_of(e, "milestone_update", "comment");
      if (e.parent_id)
        if (auto m = after.find(*e.parent_id); m != after.end()) c.title = milestone_title(m->second->milestone);
      c.comment = e.comment;
      out.push_back(std::move(c));
    } else if (e.collection == "decisions") {
      const char* event = e.action == "create"      ? "taken"
                          : e.action == "ratify"    ? "ratified"
                          : e.action == "supersede" ? "superseded"
                          : e.action == "rescind"   ? "rescinded"
                                                    : nullptr;
      if (event) out.push_back(entry_of(e, "decision", event));
    } else if (e.collection == "votes") {
      if (e.action == "create") {
        out.push_back(entry_of(e, "vote", "opened"));
      } else if (e.action == "close" || e.action == "withdraw") {
        auto c = entry_of(e, "vote", e.action == "close" ? "closed" : "withdrawn");
        c.changes.push_back({"outcome", std::nullopt, e.outcome, std::nullopt, {}, {}});
        out.push_back(std::move(c));
      }
    } else if (e.collection == "caveats") {
      if (e.action == "create") {
        out.push_back(entry_of(e, "caveat", "added"));
      } else if (e.before_status != e.after_status) {
        auto c = entry_of(e, "caveat", "status_changed");
        c.changes.push_back({"status", e.before_status, e.after_status, std::nullopt, {}, {}});
        out.push_back(std::move(c));
      }
    } else if (e.collection == "risks") {
      if (e.action == "create") {
        out.push_back(entry_of(e, "risk", "added"));
        continue;
      }
      if (e.after_status == "closed" && e.before_status != "closed") {
        auto c = entry_of(e, "risk", "closed");
        c.changes.push_back({"status", e.before_status, e.after_status, std::nullopt, {}, {}});
        out.push_back(std::move(c));
      }
      if (e.before_score != e.after_score) {
        auto c = entry_of(e, "risk", "rescored");
        const auto text = [](const std::optional<std::int64_t>& n) {
          return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
        };
        c.changes.push_back({"score", text(e.before_score), text(e.after_score), std::nullopt, {}, {}});
        out.push_back(std::move(c));
      }
    } else if (e.collection == "financial_positions" && e.action == "create") {
      out.push_back(entry_of(e, "financial_position", "added"));
    }
  }

  for (const auto& f : facts) {
    ChangeEntry c;
    c.at = f.at;
    c.kind = f.kind;
    c.event = f.event;
    c.record_id = f.record_id;
    c.title = f.title;
    c.recorded = false;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const ChangeEntry& a, const ChangeEntry& b) {
    return std::tie(a.at, a.kind, a.record_id, a.event) < std::tie(b.at, b.kind, b.record_id, b.event);
  });
  return out;
}

}  // namespace incommon
