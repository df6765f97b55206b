#pragma once
// The RAID log of a programme: risks, assumptions, issues and dependencies, scored by
// likelihood times impact.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"

namespace incommon {

enum class RiskKind { risk, assumption, issue, dependency };
enum class RiskStatus { open, mitigating, closed };

template <>
struct EnumNames<RiskKind> {
  static constexpr std::array<std::pair<RiskKind, std::string_view>, 4> table{{{RiskKind::risk, "risk"},
                                                                               {RiskKind::assumption, "assumption"},
                                                                               {RiskKind::issue, "issue"},
                                                                               {RiskKind::dependency, "dependency"}}};
};
template <>
struct EnumNames<RiskStatus> {
  static constexpr std::array<std::pair<RiskStatus, std::string_view>, 3> table{
      {{RiskStatus::open, "open"}, {RiskStatus::mitigating, "mitigating"}, {RiskStatus::closed, "closed"}}};
};

struct Risk {
  RecordMeta meta;
  std::string programme_id;
  RiskKind kind = RiskKind::risk;
  std::string title;
  std::optional<std::string> description;
  int likelihood = 1;  // 1-5
  int impact = 1;      // 1-5
  std::optional<std::string> owner;
  std::optional<std::string> mitigation;
  RiskStatus status = RiskStatus::open;
  std::vector<std::string> milestone_ids;  // of the same programme
  std::optional<Date> review_on;
  Date raised_on;                 // when it was raised (default: the day it is logged)
  std::optional<Date> closed_on;  // the day it was closed: set exactly while it is closed
};

inline int score_of(const Risk& r) {
  return r.likelihood * r.impact;
}

Status validate(const Risk& r);

// The entry as it stood on `as_of`: none if raised later; one closed later was open then.
std::optional<Risk> risk_as_of(const Risk& r, const Date& as_of);

struct RiskFilter {
  OneOf<RiskKind> kind;
  OneOf<RiskStatus> status;   // as of as_of, when given
  std::optional<Date> as_of;  // raised by then
  std::optional<int> min_score;
};

class RiskRepository {
 public:
  virtual ~RiskRepository() = default;
  virtual Result<Risk> insert(const Risk& r) = 0;
  virtual std::optional<Risk> find(const std::string& id) = 0;
  virtual std::optional<Risk> find_for_update(const std::string& id) = 0;
  // Highest score first.
  virtual Page<Risk> list(const std::string& programme_id, const RiskFilter& filter, const PageRequest& page) = 0;
  virtual Result<Risk> save(const Risk& r) = 0;
};

// Both set closed_on to `today` when a risk is closed without one, clear it when it is reopened,
// and refuse dates after today or a closing before the raising (422).
Result<Risk> log_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones, Risk r,
                      const Date& today);
Result<Risk> change_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones,
                         const std::string& id, std::optional<std::int64_t> expected_version,
                         const Change<Risk>& change, const Date& today);

}  // namespace incommon
