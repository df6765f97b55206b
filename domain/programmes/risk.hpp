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
};

inline int score_of(const Risk& r) {
  return r.likelihood * r.impact;
}

Status validate(const Risk& r);

struct RiskFilter {
  OneOf<RiskKind> kind;
  OneOf<RiskStatus> status;
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

Result<Risk> log_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones,
                      const Risk& r);
Result<Risk> change_risk(RiskRepository& risks, ProgrammeRepository& programmes, MilestoneRepository& milestones,
                         const std::string& id, std::optional<std::int64_t> expected_version,
                         const Change<Risk>& change);

}  // namespace incommon
