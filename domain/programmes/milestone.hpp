#pragma once
#include <memory>
// Milestones of a merger programme: the plan (baseline fixed at creation), the forecast and
// actual dates, dependencies within the programme, the running update log, and what they
// look like as of a date (status, slippage, RAG with reasons, overdue).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "domain/core/record.hpp"
#include "domain/programmes/programme.hpp"
#include "domain/programmes/schedule.hpp"
#include "domain/votes/caveat.hpp"

namespace incommon {

enum class Workstream {
  governance,
  engagement,
  finance,
  legal,
  workforce,
  clinical,
  digital,
  estates,
  communications,
  other
};

template <>
struct EnumNames<Workstream> {
  static constexpr std::array<std::pair<Workstream, std::string_view>, 10> table{
      {{Workstream::governance, "governance"},
       {Workstream::engagement, "engagement"},
       {Workstream::finance, "finance"},
       {Workstream::legal, "legal"},
       {Workstream::workforce, "workforce"},
       {Workstream::clinical, "clinical"},
       {Workstream::digital, "digital"},
       {Workstream::estates, "estates"},
       {Workstream::communications, "communications"},
       {Workstream::other, "other"}}};
};

struct Milestone {
  RecordMeta meta;
  std::string programme_id;
  std::string key;  // unique in the programme, e.g. "M07"
  std::string title;
  std::optional<std::string> description;
  Workstream workstream = Workstream::other;
  std::optional<std::string> owner;
  Date baseline_date;                          // moves only by rebaseline
  std::optional<std::string> baseline_reason;  // why it last moved
  Date forecast_date;
  std::optional<Date> actual_date;  // exactly when complete
  MilestoneStatus status = MilestoneStatus::not_started;
  int percent_complete = 0;
  std::vector<std::string> depends_on;  // milestone ids of the same programme
};

ScheduleFacts facts_of(const Milestone& m);

// Rules of the record alone.
Status validate(const Milestone& m);

// A milestone as it stood on a date.
struct MilestoneAsOf {
  Date as_of;
  MilestoneStatus status = MilestoneStatus::not_started;
  std::int64_t slippage_days = 0;
  RagAssessment rag;
  bool overdue = false;  // forecast passed, not complete or cancelled
};

struct MilestoneWithView {
  Milestone milestone;
  MilestoneAsOf view;
  // On the writes that change a milestone: it as it was before, viewed as of the same date
  // (what changed, and whether its RAG moved, are announced to webhooks).
  std::shared_ptr<const MilestoneWithView> before;
};

// Milestones by id, to view many at once: each looks up only its own dependencies. The
// milestones indexed must outlive the index.
using MilestoneIndex = std::unordered_map<std::string_view, const Milestone*>;
MilestoneIndex index_by_id(const std::vector<Milestone>& milestones);

// The one way a stored milestone becomes its view as of a date, on every route that shows one
// (get, list, create, patch, rebaseline, progress, the dashboard, the critical path): `known`
// holds at least the milestones `m` depends on (others are ignored); the programme gives the
// target.
MilestoneWithView view_of(const Milestone& m, const MilestoneIndex& known, const std::optional<Date>& programme_target,
                          const Date& as_of);

// The orders a milestone list comes in: by key (the plan's own numbering), or by forecast date
// (what is due next), ties by id.
enum class MilestoneOrder { key, forecast_date };
template <>
struct EnumNames<MilestoneOrder> {
  static constexpr std::array<std::pair<MilestoneOrder, std::string_view>, 2> table{
      {{MilestoneOrder::key, "key"}, {MilestoneOrder::forecast_date, "forecast_date"}}};
};

// Filters the database applies; `rag` is applied to what it returns.
struct MilestoneFilter {
  Date as_of;
  OneOf<MilestoneStatus> status;  // as of the date
  OneOf<Rag> rag;
  OneOf<Workstream> workstream;
  std::optional<std::string> owner;  // exact, any case
  std::optional<Date> due_before;    // forecast before
  std::optional<bool> overdue;
  std::vector<std::string> ids;  // any of these (empty: no filter)
  MilestoneOrder sort = MilestoneOrder::key;
};

// Where a milestone stands in `order`: the keyset a page resumes after ({key}, or
// {forecast_date, id}).
std::vector<std::string> sort_key(const Milestone& m, MilestoneOrder order);

// One entry of the running log: the narrative, what it changed, who wrote it.
struct MilestoneUpdate {
  RecordMeta meta;
  std::string milestone_id;
  std::string comment;
  std::optional<MilestoneStatus> status;
  std::optional<Date> forecast_date;
  std::optional<int> percent_complete;
  std::optional<Date> actual_date;
  std::string author;                   // the token's name or the person's display name
  std::optional<std::string> token_id;  // written with an API token
  std::optional<Identity> person;       // written by a person signed in through their provider
  std::int64_t milestone_version = 0;   // the milestone's version after this update
};

// A milestone with all its view needs: the milestones it depends on and its programme's target
// (and, when asked for, the caveats it delivers).
struct MilestoneInContext {
  Milestone milestone;
  // What a view needs of each milestone it depends on: id, programme, key and schedule facts
  // (status, baseline, forecast, actual); their other fields are left empty.
  std::vector<Milestone> dependencies;
  std::optional<Date> programme_target;
  std::optional<ProgrammeStatus> programme_status;
  std::optional<Date> programme_starts_on;
  std::optional<Date> programme_closed_on;
  std::vector<Caveat> caveats;
};

// One move of a milestone's forecast as the audit trail recorded it; the first is the forecast
// it was created with. Milestone trend analysis plots these.
struct ForecastChange {
  std::string recorded_at;  // RFC 3339, UTC: when incommon recorded it
  Date forecast_date;
  std::optional<Date> previous;  // the forecast before (none for the first)
  Date baseline_date;            // the baseline then
  std::int64_t milestone_version = 0;
  std::optional<std::string> token_id;  // who: an API token, or a person, by name
  std::string by;
  std::optional<Identity> person;
  std::optional<std::string> comment;  // the update's narrative, when an update moved it
};

// One recorded state of a milestone: what an audit after-image held.
struct RecordedState {
  Instant recorded_at;
  Date forecast_date;
  Date baseline_date;
  MilestoneStatus status = MilestoneStatus::not_started;
};

struct MilestoneTrack {
  std::string id, key, title;
  std::vector<RecordedState> states;  // oldest first
};

class MilestoneRepository {
 public:
  virtual ~MilestoneRepository() = default;
  virtual Result<Milestone> insert(const Milestone& m) = 0;
  virtual std::optional<Milestone> find(const std::string& id) = 0;
  virtual std::optional<Milestone> find_for_update(const std::string& id) = 0;
  // In one read; with `caveats_as_of`, also the caveats this milestone delivers that were added
  // by that date (up to 200, oldest first).
  virtual std::optional<MilestoneInContext> find_in_context(const std::string& id,
                                                            const std::optional<Date>& caveats_as_of) = 0;
  // The same, without caveats, after locking the milestone until the transaction ends.
  virtual std::optional<MilestoneInContext> find_in_context_for_update(const std::string& id) = 0;
  virtual Result<Milestone> save(const Milestone& m) = 0;
  // The same, recorded in the audit log under `action` ("rebaseline", "progress").
  virtual Result<Milestone> save_as(const Milestone& m, std::string_view action) = 0;
  // Up to `limit` milestones of a programme in the filter's order after `after` (a sort_key),
  // filtered by all but `rag`.
  virtual std::vector<Milestone> list(const std::string& programme_id, const MilestoneFilter& filter,
                                      const std::optional<std::vector<std::string>>& after, int limit) = 0;
  virtual std::vector<Milestone> find_many(const std::vector<std::string>& ids) = 0;
  virtual std::vector<Milestone> of_programme(const std::string& programme_id) = 0;
  // Serialises changes of a programme's dependency graph until the transaction ends.
  virtual void lock_schedule(const std::string& programme_id) = 0;
  // The ids among these that are not milestones of the programme.
  virtual std::vector<std::string> outside_programme(const std::string& programme_id,
                                                     const std::vector<std::string>& ids) = 0;
  // Progress: `m` saved (recorded in the audit log as "progress") and the entry `u` appended,
  // naming the version `m` was saved at (u.milestone_version is not read).
  virtual Result<std::pair<Milestone, MilestoneUpdate>> save_progress(const Milestone& m, const MilestoneUpdate& u) = 0;
  // Newest first.
  virtual Page<MilestoneUpdate> updates_of(const std::string& milestone_id, const PageRequest& page) = 0;
  // Every forecast it has had, oldest first.
  virtual std::vector<ForecastChange> forecast_history(const std::string& milestone_id) = 0;
  // The programme's milestones (by key), each with the states recorded up to `until` that set
  // its forecast, baseline or status, oldest first.
  virtual std::vector<MilestoneTrack> tracks_of(const std::string& programme_id, const Instant& until) = 0;
};

// The same for a milestone read with its context.
MilestoneWithView view_of(const MilestoneInContext& context, const Date& as_of);

// The writes answer with the milestone as saved, viewed as of `as_of` (today on the routes).
Result<MilestoneWithView> add_milestone(MilestoneRepository& milestones, ProgrammeRepository& programmes, Milestone m,
                                        const Date& as_of);
Result<MilestoneWithView> change_milestone(MilestoneRepository& milestones, ProgrammeRepository& programmes,
                                           const std::string& id, std::optional<std::int64_t> expected_version,
                                           const Change<Milestone>& change, const Date& as_of);
Result<MilestoneWithView> rebaseline_milestone(MilestoneRepository& milestones, const std::string& id,
                                               std::optional<std::int64_t> expected_version, const Date& baseline_date,
                                               const std::string& reason, const Date& as_of);

// What one POST to the update log asks for.
struct Progress {
  std::string comment;
  std::optional<MilestoneStatus> status;
  std::optional<Date> forecast_date;
  std::optional<int> percent_complete;
  std::optional<Date> actual_date;
};

struct RecordedProgress {
  MilestoneUpdate update;
  MilestoneWithView milestone;  // as it now stands, with its view as of `as_of`
};

// Applies the changes and appends the entry in one transaction, under the same version
// check as a change. A milestone leaving `complete` loses its actual_date.
Result<RecordedProgress> record_progress(MilestoneRepository& milestones, const std::string& id,
                                         std::optional<std::int64_t> expected_version, const Progress& progress,
                                         const Actor& author, const Date& as_of);

Result<Page<MilestoneWithView>> list_milestones(MilestoneRepository& milestones, const Programme& programme,
                                                const MilestoneFilter& filter, const PageRequest& page);

struct ProgrammeCriticalPath {
  Date as_of;
  std::optional<Date> target_date;
  std::vector<MilestoneWithView> chain;  // earliest first
  std::optional<Date> finish_date;
  std::optional<std::int64_t> slack_days;  // target minus finish; negative: late
};

ProgrammeCriticalPath critical_path_of(MilestoneRepository& milestones, const Programme& programme, const Date& as_of);
// The same over the programme's milestones already read.
ProgrammeCriticalPath critical_path_of(const Programme& programme, const Date& as_of,
                                       const std::vector<Milestone>& all);

}  // namespace incommon
