#pragma once
// Caveats attached to a vote ("protection of each CCG's budget"), tracked to delivery by the
// programme's milestones or by evidence.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"
#include "domain/votes/vote.hpp"

namespace incommon {

enum class CaveatStatus { proposed, attached, accepted, met, breached, withdrawn };

template <>
struct EnumNames<CaveatStatus> {
  static constexpr std::array<std::pair<CaveatStatus, std::string_view>, 6> table{
      {{CaveatStatus::proposed, "proposed"},
       {CaveatStatus::attached, "attached"},
       {CaveatStatus::accepted, "accepted"},
       {CaveatStatus::met, "met"},
       {CaveatStatus::breached, "breached"},
       {CaveatStatus::withdrawn, "withdrawn"}}};
};

struct Caveat {
  RecordMeta meta;
  std::string vote_id;
  std::string text;
  Date added_on;
  CaveatStatus status = CaveatStatus::proposed;
  std::optional<std::string> owner_organisation_id;
  std::optional<Date> due_on;
  std::vector<std::string> milestone_ids;  // the milestones that deliver it
  std::optional<std::string> evidence;
};

// Past its due date on `as_of` and neither met nor withdrawn.
bool caveat_overdue(const Caveat& c, const Date& as_of);

Status validate(const Caveat& c);

// The orders a caveat list comes in: as added, or by due date (soonest first, none last).
enum class CaveatOrder { added_on, due_on };
template <>
struct EnumNames<CaveatOrder> {
  static constexpr std::array<std::pair<CaveatOrder, std::string_view>, 2> table{
      {{CaveatOrder::added_on, "added_on"}, {CaveatOrder::due_on, "due_on"}}};
};

struct CaveatFilter {
  Date as_of;  // caveats added after it are left out
  std::optional<std::string> vote_id;
  OneOf<CaveatStatus> status;
  std::optional<std::string> owner_organisation_id;
  std::optional<bool> overdue;
  std::optional<std::string> milestone_id;  // delivered by this milestone
  // Caveats on the programme's votes or linked to its milestones (as the dashboard counts them).
  std::optional<std::string> programme_id;
  CaveatOrder sort = CaveatOrder::added_on;
};

class CaveatRepository {
 public:
  virtual ~CaveatRepository() = default;
  virtual Result<Caveat> insert(const Caveat& c) = 0;
  virtual std::optional<Caveat> find(const std::string& id) = 0;
  virtual std::optional<Caveat> find_for_update(const std::string& id) = 0;
  virtual Page<Caveat> list(const CaveatFilter& filter, const PageRequest& page) = 0;
  virtual Result<Caveat> save(const Caveat& c) = 0;
  virtual std::vector<std::string> missing_milestones(const std::vector<std::string>& ids) = 0;
  // Keys (or ids) of the linked milestones that are not complete.
  virtual std::vector<std::string> incomplete_milestones(const std::vector<std::string>& ids) = 0;
  virtual std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) = 0;
};

Result<Caveat> add_caveat(CaveatRepository& caveats, VoteRepository& votes, Caveat c);
Result<Caveat> change_caveat(CaveatRepository& caveats, const std::string& id,
                             std::optional<std::int64_t> expected_version, const Change<Caveat>& change);

}  // namespace incommon
