#pragma once
// The decision register. A decision taken "in common" carries one outcome per participating
// body; each body decides for itself, and the overall outcome is derived from theirs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"
#include "domain/meetings/meeting.hpp"

namespace incommon {

enum class DecisionStatus { draft, ratified, superseded, rescinded };
enum class BodyOutcome { approved, rejected, deferred, abstained };
enum class Overall { pending, approved_in_common, rejected, deferred, split };

template <>
struct EnumNames<DecisionStatus> {
  static constexpr std::array<std::pair<DecisionStatus, std::string_view>, 4> table{
      {{DecisionStatus::draft, "draft"},
       {DecisionStatus::ratified, "ratified"},
       {DecisionStatus::superseded, "superseded"},
       {DecisionStatus::rescinded, "rescinded"}}};
};
template <>
struct EnumNames<BodyOutcome> {
  static constexpr std::array<std::pair<BodyOutcome, std::string_view>, 4> table{
      {{BodyOutcome::approved, "approved"},
       {BodyOutcome::rejected, "rejected"},
       {BodyOutcome::deferred, "deferred"},
       {BodyOutcome::abstained, "abstained"}}};
};
template <>
struct EnumNames<Overall> {
  static constexpr std::array<std::pair<Overall, std::string_view>, 5> table{
      {{Overall::pending, "pending"},
       {Overall::approved_in_common, "approved_in_common"},
       {Overall::rejected, "rejected"},
       {Overall::deferred, "deferred"},
       {Overall::split, "split"}}};
};

struct Outcome {
  std::string organisation_id;
  BodyOutcome outcome = BodyOutcome::deferred;
  std::optional<std::int64_t> votes_for;
  std::optional<std::int64_t> votes_against;
  std::optional<std::int64_t> votes_abstained;
};

struct Decision {
  RecordMeta meta;
  std::string reference;  // DEC-YYYY-NNNN, made by the server
  std::string title;
  std::optional<std::string> summary;
  std::optional<std::string> rationale;
  std::optional<std::string> meeting_id;
  std::optional<std::string> agenda_item_id;
  Date decided_on;
  DecisionStatus status = DecisionStatus::draft;
  std::optional<std::string> supersedes_id;
  std::optional<std::string> superseded_by_id;
  std::vector<Outcome> outcomes;
  // Derived when written: the participating bodies (the meeting's, or those with outcomes).
  std::vector<std::string> organisation_ids;
  Overall overall = Overall::pending;
  std::optional<std::string> ratified_at;
  std::optional<std::string> rescinded_reason;
};

// pending while a participating body has no outcome; approved_in_common if all approved,
// rejected if all rejected, deferred if all deferred; otherwise split.
Overall overall_of(const std::vector<std::string>& participating, const std::vector<Outcome>& outcomes);

// The decision as it stood at the end of `as_of`: ratified only if ratified by then; superseded
// or rescinded only if that happened by then. A superseded or rescinded decision changes no
// more, so its updated_at is when that happened.
Decision decision_as_of(const Decision& d, const Date& as_of);

// Record-only rules (lengths, vote counts, one outcome per body).
Status validate(const Decision& decision);

struct DecisionFilter {
  std::optional<std::string> organisation_id;
  std::optional<std::string> meeting_id;
  OneOf<DecisionStatus> status;
  OneOf<Overall> overall;
  std::optional<Date> decided_from;
  std::optional<Date> decided_to;
  std::optional<std::string> text;  // full-text search, ranked
  std::vector<std::string> ids;     // any of these (empty: no filter)
  // Decisions taken by then, `status` filtering their status then (decision_as_of).
  std::optional<Date> as_of;
  // Decisions of any of the programme's merging bodies (as the dashboard counts them).
  std::optional<std::string> programme_id;
};

class DecisionRepository {
 public:
  virtual ~DecisionRepository() = default;
  // Assigns the next reference of the decision's year, gap-free, in the caller's transaction.
  virtual Result<Decision> insert(const Decision& d) = 0;
  virtual std::optional<Decision> find(const std::string& id) = 0;
  virtual std::optional<Decision> find_for_update(const std::string& id) = 0;
  virtual Page<Decision> list(const DecisionFilter& filter, const PageRequest& page) = 0;
  virtual Result<Decision> save(const Decision& d) = 0;
  // The same, recorded in the audit log under `action` ("ratify", "supersede", ...).
  virtual Result<Decision> save_as(const Decision& d, std::string_view action) = 0;
};

Result<Decision> record_decision(DecisionRepository& decisions, MeetingRepository& meetings, Decision d);
Result<Decision> change_decision(DecisionRepository& decisions, MeetingRepository& meetings, const std::string& id,
                                 std::optional<std::int64_t> expected_version, const Change<Decision>& change);
// Only a draft whose every body has an outcome, taken by today, at a meeting that was held.
Result<Decision> ratify_decision(DecisionRepository& decisions, MeetingRepository& meetings, const std::string& id,
                                 std::optional<std::int64_t> expected_version, const Date& today);
Result<Decision> rescind_decision(DecisionRepository& decisions, const std::string& id,
                                  std::optional<std::int64_t> expected_version, const std::string& reason);

}  // namespace incommon
