#pragma once
// What changed in a programme's record between two instants (transaction time): for the board
// "since the last meeting". Milestones are compared as incommon held them at each instant
// (their views, RAG and reasons included); everything else comes from the audit events between
// the two, and from dates that fell between them (a caveat falling due, an appointment
// starting or ending).
#include <optional>
#include <string>
#include <vector>

#include "domain/core/record.hpp"
#include "domain/programmes/milestone.hpp"

namespace incommon {

struct FieldChange {
  std::string field;  // forecast_date, status, percent_complete, baseline_date, rag, score, outcome, ...
  std::optional<std::string> from, to;
  std::optional<std::int64_t> moved_days;           // forecast_date and baseline_date: to - from
  std::vector<RagReason> from_reasons, to_reasons;  // rag
};

struct ChangeEntry {
  std::string at;     // RFC 3339, UTC: when it was recorded (or when the date fell)
  std::string kind;   // milestone, milestone_update, decision, vote, caveat, risk, financial_position, appointment
  std::string event;  // added, changed, comment, taken, ratified, superseded, rescinded, opened, closed, withdrawn,
                      // status_changed, became_overdue, rescored, started, ended
  std::string record_id;
  std::string title;
  std::vector<FieldChange> changes;
  std::optional<std::string> comment;
  // Who recorded it; none for a date that fell.
  bool recorded = true;
  std::optional<std::string> token_id;
  std::string by;
  std::optional<Identity> person;
};

// An audit event of one of the programme's records, with the facts the entries need.
struct RecordEvent {
  std::string at;
  std::string collection;  // the audit trail's entity_type
  std::string id;
  std::string action;  // create, update, ratify, close, ...
  std::string title;
  std::optional<std::string> parent_id;  // a milestone update's milestone
  std::optional<std::string> before_status, after_status;
  std::optional<std::string> outcome;                     // a vote's
  std::optional<std::int64_t> before_score, after_score;  // a risk's
  std::optional<std::string> comment;                     // a milestone update's
  std::optional<std::string> token_id;
  std::string by;
  std::optional<Identity> person;
};

// A date that fell between the two instants.
struct DatedFact {
  std::string at;     // the start of the day it took effect
  std::string kind;   // caveat, appointment
  std::string event;  // became_overdue, started, ended
  std::string record_id;
  std::string title;
};

// The entries, oldest first (ties by kind, record and event): each milestone whose view moved
// between `then` (as held at the first instant; absent: added since) and `now` (as held at the
// second, recorded at `now_at`), and one entry per event and fact.
std::vector<ChangeEntry> programme_changes(const std::vector<MilestoneWithView>& then,
                                           const std::vector<MilestoneWithView>& now, const std::string& now_at,
                                           const std::vector<RecordEvent>& events, const std::vector<DatedFact>& facts);

class ChangeRepository {
 public:
  virtual ~ChangeRepository() = default;
  // The audit events in (from, to] of the programme's milestones' updates, decisions, votes,
  // caveats, risks and financial positions (the dashboard's definitions of "the programme's").
  virtual std::vector<RecordEvent> events(const std::string& programme_id, const std::string& from,
                                          const std::string& to) = 0;
  // Caveats that fell overdue and appointments at the merging bodies that started or ended on
  // a day in (from's date, to's date], as the record stands in this read.
  virtual std::vector<DatedFact> dated(const std::string& programme_id, const Date& from, const Date& to) = 0;
};

}  // namespace incommon
