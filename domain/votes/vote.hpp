#pragma once
// Votes of LMCs, CCG memberships and governing bodies: thresholds, declared outcomes when the
// tallies are lost to history, turnout, the vote that prompted this one, and other bodies'
// stated positions on it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class VoteKind { no_confidence, endorsement, approval, other };
enum class VoteStatus { open, closed, withdrawn };
enum class Threshold { simple_majority, two_thirds };
enum class VoteOutcome { pending, carried, defeated, withdrawn };
enum class Stance { support, oppose, neutral };

template <>
struct EnumNames<VoteKind> {
  static constexpr std::array<std::pair<VoteKind, std::string_view>, 4> table{
      {{VoteKind::no_confidence, "no_confidence"},
       {VoteKind::endorsement, "endorsement"},
       {VoteKind::approval, "approval"},
       {VoteKind::other, "other"}}};
};
template <>
struct EnumNames<VoteStatus> {
  static constexpr std::array<std::pair<VoteStatus, std::string_view>, 3> table{
      {{VoteStatus::open, "open"}, {VoteStatus::closed, "closed"}, {VoteStatus::withdrawn, "withdrawn"}}};
};
template <>
struct EnumNames<Threshold> {
  static constexpr std::array<std::pair<Threshold, std::string_view>, 2> table{
      {{Threshold::simple_majority, "simple_majority"}, {Threshold::two_thirds, "two_thirds"}}};
};
template <>
struct EnumNames<VoteOutcome> {
  static constexpr std::array<std::pair<VoteOutcome, std::string_view>, 4> table{
      {{VoteOutcome::pending, "pending"},
       {VoteOutcome::carried, "carried"},
       {VoteOutcome::defeated, "defeated"},
       {VoteOutcome::withdrawn, "withdrawn"}}};
};
template <>
struct EnumNames<Stance> {
  static constexpr std::array<std::pair<Stance, std::string_view>, 3> table{
      {{Stance::support, "support"}, {Stance::oppose, "oppose"}, {Stance::neutral, "neutral"}}};
};

struct Tallies {
  std::optional<std::int64_t> votes_for;
  std::optional<std::int64_t> votes_against;
  std::optional<std::int64_t> votes_abstained;
};

struct Vote {
  RecordMeta meta;
  std::string body_id;  // who votes
  std::string motion;
  VoteKind kind = VoteKind::other;
  std::vector<std::string> subject_organisation_ids;
  std::optional<std::string> prompted_by_id;
  Date opened_on;
  std::optional<Date> closed_on;  // when it closed or was withdrawn
  VoteStatus status = VoteStatus::open;
  Threshold threshold = Threshold::simple_majority;
  Tallies tallies;
  std::optional<std::int64_t> eligible;
  std::optional<VoteOutcome> declared_outcome;  // as recorded when the tallies are not
  VoteOutcome outcome = VoteOutcome::pending;   // derived
  std::optional<std::string> withdrawn_reason;
};

// Met when votes_for exceeds the threshold's share of the votes cast for and against
// (abstentions are not cast): exactly two thirds does not exceed two thirds.
bool threshold_met(Threshold t, std::int64_t votes_for, std::int64_t votes_against);

// Votes cast (for, against, abstained) over the electorate, when both are known.
std::optional<double> turnout(const Vote& v);

// The outcome the record supports: from the tallies when for and against are known, else
// the declared outcome; a declared outcome the tallies contradict is a 422.
Result<VoteOutcome> settle_outcome(const Vote& v);

// The vote as it stood on a date: closed (or withdrawn) later means still open then.
Vote vote_as_of(const Vote& v, const Date& as_of);

Status validate(const Vote& v);

struct VoteFilter {
  std::optional<std::string> body_id;
  std::optional<std::string> subject_organisation_id;
  OneOf<VoteKind> kind;
  OneOf<VoteStatus> status;
  OneOf<VoteOutcome> outcome;
  std::vector<std::string> ids;  // any of these (empty: no filter)
  // As the votes stood on the date: opened by then; status and outcome filter as of it.
  std::optional<Date> as_of;
  // Votes of or about any of the programme's merging bodies (as the dashboard counts them).
  std::optional<std::string> programme_id;
};

// Another body's stated stance on a vote: one current position per body.
struct Position {
  RecordMeta meta;
  std::string vote_id;
  std::string organisation_id;
  Stance position = Stance::neutral;
  Date stated_on;
  std::optional<std::string> note;
};

class VoteRepository {
 public:
  virtual ~VoteRepository() = default;
  virtual Result<Vote> insert(const Vote& v) = 0;
  virtual std::optional<Vote> find(const std::string& id) = 0;
  virtual std::optional<Vote> find_for_update(const std::string& id) = 0;
  virtual Page<Vote> list(const VoteFilter& filter, const PageRequest& page) = 0;
  virtual Result<Vote> save(const Vote& v) = 0;
  virtual Result<Vote> save_as(const Vote& v, std::string_view action) = 0;
  virtual std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) = 0;
  // Locks the vote's current position of that body, if any.
  virtual std::optional<Position> position_of(const std::string& vote_id, const std::string& organisation_id) = 0;
  virtual std::optional<Position> find_position(const std::string& id) = 0;
  virtual Result<Position> insert_position(const Position& p) = 0;
  virtual Result<Position> save_position(const Position& p) = 0;
  // Current positions, by organisation; `stated_by` leaves out those stated after it.
  virtual std::vector<Position> positions_of(const std::string& vote_id, const std::optional<Date>& stated_by) = 0;
  // The same a page at a time, in the order stated.
  virtual Page<Position> position_page(const std::string& vote_id, const Date& stated_by, const PageRequest& page) = 0;
};

Result<Vote> open_vote(VoteRepository& votes, Vote v);
Result<Vote> change_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                         const Change<Vote>& change);

struct Closing {
  Date closed_on;
  Tallies tallies;
  std::optional<VoteOutcome> declared_outcome;
};
// Both check the client's version (If-Match; nullopt: any) on the locked vote.
Result<Vote> close_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                        const Closing& closing);
Result<Vote> withdraw_vote(VoteRepository& votes, const std::string& id, std::optional<std::int64_t> expected_version,
                           const Date& on, const std::string& reason);

// Records a body's stance; a later statement replaces the current one (kept in its history).
// `replaced` tells whether there was one.
Result<Position> state_position(VoteRepository& votes, Position p, bool& replaced);

}  // namespace incommon
