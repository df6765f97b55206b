#pragma once
// A merger programme: the bodies merging, the successor, the target date, and its own
// financial positions, milestones and RAID log.
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

enum class ProgrammeStatus { planning, active, complete, abandoned };

template <>
struct EnumNames<ProgrammeStatus> {
  static constexpr std::array<std::pair<ProgrammeStatus, std::string_view>, 4> table{
      {{ProgrammeStatus::planning, "planning"},
       {ProgrammeStatus::active, "active"},
       {ProgrammeStatus::complete, "complete"},
       {ProgrammeStatus::abandoned, "abandoned"}}};
};

struct Programme {
  RecordMeta meta;
  std::string name;
  std::optional<std::string> description;
  Date target_date;
  ProgrammeStatus status = ProgrammeStatus::planning;
  std::optional<Date> starts_on;              // when the programme began; nothing of it is done before
  std::optional<Date> closed_on;              // required once complete or abandoned
  std::vector<std::string> organisation_ids;  // the merging bodies
  std::optional<std::string> successor_id;
};

Status validate(const Programme& p);

// A complete or abandoned programme is closed: its milestones, risks and financial positions
// cannot change (409 naming its status) until it is reopened (status active, closed_on null).
Status check_programme_open(ProgrammeStatus status, const std::optional<Date>& closed_on);
inline Status check_programme_open(const Programme& p) {
  return check_programme_open(p.status, p.closed_on);
}

// A date of something done in the programme: not after today, not before the programme began.
Status check_done_on(const std::string& field, const Date& done_on, const std::optional<Date>& programme_starts_on,
                     const Date& today);

// A programme closed after `as_of` was still active then.
ProgrammeStatus programme_status_as_of(const Programme& p, const Date& as_of);

struct ProgrammeFilter {
  OneOf<ProgrammeStatus> status;  // as of as_of, when given
  std::optional<Date> as_of;
  std::optional<std::string> organisation_id;
};

class ProgrammeRepository {
 public:
  virtual ~ProgrammeRepository() = default;
  virtual Result<Programme> insert(const Programme& p) = 0;
  virtual std::optional<Programme> find(const std::string& id) = 0;
  virtual std::optional<Programme> find_for_update(const std::string& id) = 0;
  virtual Page<Programme> list(const ProgrammeFilter& filter, const PageRequest& page) = 0;
  virtual Result<Programme> save(const Programme& p) = 0;
  // The ids among these that name no organisation.
  virtual std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) = 0;
};

Result<Programme> create_programme(ProgrammeRepository& repo, Programme p);
Result<Programme> change_programme(ProgrammeRepository& repo, const std::string& id,
                                   std::optional<std::int64_t> expected_version, const Change<Programme>& change);

}  // namespace incommon
