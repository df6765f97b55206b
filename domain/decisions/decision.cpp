#include "domain/decisions/decision.hpp"

#include <algorithm>
#include <set>

#include "domain/core/text.hpp"

namespace incommon {

Overall overall_of(const std::vector<std::string>& participating, const std::vector<Outcome>& outcomes) {
  if (participating.empty()) return Overall::pending;
  std::set<BodyOutcome> seen;
  for (const auto& body : participating) {
    auto o =
        std::find_if(outcomes.begin(), outcomes.end(), [&](const Outcome& x) { return x.organisation_id == body; });
    if (o == outcomes.end()) return Overall::pending;
    seen.insert(o->outcome);
  }
  if (seen.size() == 1) {
    switch (*seen.begin()) {
      case BodyOutcome::approved:
        return Overall::approved_in_common;
      case BodyOutcome::rejected:
        return Overall::rejected;
      case BodyOutcome::deferred:
        return Overall::deferred;
      case BodyOutcome::abstained:
        return Overall::split;
    }
  }
  return Overall::split;
}

Status validate(const Decision& d) {
  Violations v;
  check_text(v, "title", d.title, 300);
  if (d.summary) check_length(v, "summary", *d.summary, 10000);
  if (d.rationale) check_length(v, "rationale", *d.rationale, 20000);
  if (d.agenda_item_id && !d.meeting_id) v.add("agenda_item_id", "agenda_item_id needs meeting_id");
  std::set<std::string> bodies;
  for (std::size_t i = 0; i < d.outcomes.size(); ++i) {
    const auto& o = d.outcomes[i];
    const std::string at = "outcomes[" + std::to_string(i) + "]";
    if (!bodies.insert(o.organisation_id).second) v.add(at + ".organisation_id", "at most one outcome per body");
    for (auto [name, n] : {std::pair{"votes_for", o.votes_for}, std::pair{"votes_against", o.votes_against},
                           std::pair{"votes_abstained", o.votes_abstained}})
      if (n && (*n < 0 || *n > 1'000'000)) v.add(at + "." + name, std::string(name) + " must be from 0 to 1000000");
  }
  return v.result();
}

namespace {

// The rules that need the meeting: who participates, which bodies may record outcomes, and
// that a body which was not quorate (for this agenda item) cannot approve.
Status check_against_meeting(MeetingRepository& meetings, Decision& d) {
  if (auto ok = validate(d); !ok) return ok;
  if (!d.meeting_id) {
    d.organisation_ids.clear();
    for (const auto& o : d.outcomes) d.organisation_ids.push_back(o.organisation_id);
    std::sort(d.organisation_ids.begin(), d.organisation_ids.end());
    auto missing = meetings.missing_organisations(d.organisation_ids);
    if (!missing.empty())
      return fail(Error::rule("outcomes", "outcomes: " + missing.front() + " names no organisation"));
    d.overall = overall_of(d.organisation_ids, d.outcomes);
    return {};
  }
  auto meeting = meetings.find(*d.meeting_id);
  if (!meeting) return fail(Error::rule("meeting_id", "meeting_id names no meeting"));
  d.organisation_ids = meeting->organisation_ids;
  if (d.agenda_item_id) {
    auto item = meetings.find_item(*d.agenda_item_id, false);
    if (!item || item->meeting_id != *d.meeting_id)
      return fail(Error::rule("agenda_item_id", "agenda_item_id must be an item of the decision's meeting"));
  }
  const auto quorum = compute_quorum(*meeting, meetings.attendance_of(*d.meeting_id, kWholeMeeting).items,
                                     meetings.declarations_of(*d.meeting_id, kWholeMeeting).items, d.agenda_item_id);
  Violations v;
  for (std::size_t i = 0; i < d.outcomes.size(); ++i) {
    const auto& o = d.outcomes[i];
    const std::string at = "outcomes[" + std::to_string(i) + "].organisation_id";
    auto q = std::find_if(quorum.begin(), quorum.end(),
                          [&](const BodyQuorum& b) { return b.organisation_id == o.organisation_id; });
    if (q == quorum.end()) {
      v.add(at, o.organisation_id + " did not take part in the meeting");
      continue;
    }
    if (o.outcome == BodyOutcome::approved && !q->quorate)
      v.add(at, meetings.organisation_name(o.organisation_id) + " (" + o.organisation_id + ") was not quorate (" +
                    std::to_string(q->present_voting) + " of " + std::to_string(q->quorum) + " voting members present" +
                    (d.agenda_item_id ? " for this item" : "") + ") and cannot approve");
  }
  if (auto ok = v.result(); !ok) return ok;
  d.overall = overall_of(d.organisation_ids, d.outcomes);
  return {};
}

// The UTC date of an RFC 3339 instant the server wrote.
std::optional<Date> day_of(const std::optional<std::string>& instant) {
  if (!instant || instant->size() < 10) return std::nullopt;
  return Date::parse(std::string_view(*instant).substr(0, 10));
}

Error not_draft(const Decision& d, const std::string& what) {
  return Error::conflict(
             "Decision " + d.reference + " is " + std::string(to_string(d.status)) + " and cannot " + what + ".",
             d.meta.id)
      .as(ProblemType::decision_final);
}

}  // namespace

Decision decision_as_of(const Decision& d, const Date& as_of) {
  Decision then = d;
  const bool ended = d.status == DecisionStatus::superseded || d.status == DecisionStatus::rescinded;
  if (ended && as_of < day_of(d.meta.updated_at).value_or(as_of)) {
    then.status = DecisionStatus::ratified;
    then.superseded_by_id.reset();
    then.rescinded_reason.reset();
  }
  if (then.status == DecisionStatus::ratified) {
    const auto ratified = day_of(d.ratified_at);
    if (!ratified || as_of < *ratified) {
      then.status = DecisionStatus::draft;
      then.ratified_at.reset();
    }
  }
  return then;
}

Result<Decision> record_decision(DecisionRepository& decisions, MeetingRepository& meetings, Decision d) {
  d.status = DecisionStatus::draft;
  if (auto ok = check_against_meeting(meetings, d); !ok) return fail(ok.error());
  std::optional<Decision> old;
  if (d.supersedes_id) {
    old = decisions.find_for_update(*d.supersedes_id);
    if (!old) return fail(Error::rule("supersedes_id", "supersedes_id names no decision"));
    if (old->status == DecisionStatus::superseded || old->status == DecisionStatus::rescinded)
      return fail(Error::conflict("Decision " + old->reference + " is already " + std::string(to_string(old->status)) +
                                      " and cannot be superseded.",
                                  old->meta.id, "supersedes_id")
                      .as(ProblemType::already_superseded));
  }
  auto created = decisions.insert(d);
  if (!created || !old) return created;
  // The old decision is marked superseded in the same transaction.
  old->status = DecisionStatus::superseded;
  old->superseded_by_id = created->meta.id;
  if (auto saved = decisions.save_as(*old, "supersede"); !saved) return fail(saved.error());
  return created;
}

Result<Decision> change_decision(DecisionRepository& decisions, MeetingRepository& meetings, const std::string& id,
                                 std::optional<std::int64_t> expected_version, const Change<Decision>& change) {
  // Immutability is answered before the version check: a ratified decision is a 409, stale or not.
  auto current = decisions.find_for_update(id);
  if (current && current->status != DecisionStatus::draft) return fail(not_draft(*current, "be changed"));
  return change_loaded<Decision>(decisions, "decision", id, std::move(current), expected_version, change,
                                 [&](const Decision& before, Decision& next) -> Status {
                                   Violations fixed;
                                   if (next.reference != before.reference)
                                     fixed.add("reference", "reference is made by the server");
                                   if (next.status != before.status)
                                     fixed.add("status", "status changes by POST /decisions/{id}/ratify or /rescind");
                                   if (next.supersedes_id != before.supersedes_id)
                                     fixed.add("supersedes_id", "supersedes_id is set when a decision is created");
                                   if (auto ok = fixed.result(); !ok) return ok;
                                   next.superseded_by_id = before.superseded_by_id;
                                   next.ratified_at = before.ratified_at;
                                   next.rescinded_reason = before.rescinded_reason;
                                   return check_against_meeting(meetings, next);
                                 });
}

Result<Decision> ratify_decision(DecisionRepository& decisions, MeetingRepository& meetings, const std::string& id,
                                 std::optional<std::int64_t> expected_version, const Date& today) {
  auto d = decisions.find_for_update(id);
  if (!d) return fail(Error::not_found("No decision has id " + id + "."));
  if (auto ok = check_version(*d, expected_version); !ok) return fail(ok.error());
  if (d->status != DecisionStatus::draft) return fail(not_draft(*d, "be ratified"));
  if (d->overall == Overall::pending)
    return fail(Error::rule("outcomes", "every participating body needs an outcome before ratification"));
  if (d->decided_on > today)
    return fail(Error::rule("decided_on", "decided_on " + d->decided_on.to_string() + " is after today (" +
                                              today.to_string() + "): a decision is ratified once it has been taken"));
  if (d->meeting_id)
    if (auto meeting = meetings.find(*d->meeting_id); meeting && meeting->status != MeetingStatus::held)
      return fail(Error::conflict("Decision " + d->reference + " was taken at a meeting that is " +
                                      std::string(to_string(meeting->status)) +
                                      ", not held: record the meeting as held (PATCH its status) before ratifying.",
                                  meeting->meta.id)
                      .as(ProblemType::meeting_not_held));
  d->status = DecisionStatus::ratified;
  return decisions.save_as(*d, "ratify");
}

Result<Decision> rescind_decision(DecisionRepository& decisions, const std::string& id,
                                  std::optional<std::int64_t> expected_version, const std::string& reason) {
  auto d = decisions.find_for_update(id);
  if (!d) return fail(Error::not_found("No decision has id " + id + "."));
  if (auto ok = check_version(*d, expected_version); !ok) return fail(ok.error());
  if (d->status == DecisionStatus::superseded || d->status == DecisionStatus::rescinded)
    return fail(not_draft(*d, "be rescinded"));
  Violations v;
  check_text(v, "reason", reason, 2000);
  if (auto ok = v.result(); !ok) return fail(ok.error());
  d->status = DecisionStatus::rescinded;
  d->rescinded_reason = reason;
  return decisions.save_as(*d, "rescind");
}

}  // namespace incommon
