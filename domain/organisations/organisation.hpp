#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class OrganisationType {
  ccg,
  strategic_commissioning_organisation,
  integrated_care_board,
  lmc,
  nhs_england,
  gp_practice,
  local_authority,
  provider,
  voluntary_group,
  other
};
enum class OrganisationStatus { planned, active, merging, merged, dissolved };

template <>
struct EnumNames<OrganisationType> {
  static constexpr std::array<std::pair<OrganisationType, std::string_view>, 10> table{{
      {OrganisationType::ccg, "ccg"},
      {OrganisationType::strategic_commissioning_organisation, "strategic_commissioning_organisation"},
      {OrganisationType::integrated_care_board, "integrated_care_board"},
      {OrganisationType::lmc, "lmc"},
      {OrganisationType::nhs_england, "nhs_england"},
      {OrganisationType::gp_practice, "gp_practice"},
      {OrganisationType::local_authority, "local_authority"},
      {OrganisationType::provider, "provider"},
      {OrganisationType::voluntary_group, "voluntary_group"},
      {OrganisationType::other, "other"},
  }};
};
template <>
struct EnumNames<OrganisationStatus> {
  static constexpr std::array<std::pair<OrganisationStatus, std::string_view>, 5> table{{
      {OrganisationStatus::planned, "planned"},
      {OrganisationStatus::active, "active"},
      {OrganisationStatus::merging, "merging"},
      {OrganisationStatus::merged, "merged"},
      {OrganisationStatus::dissolved, "dissolved"},
  }};
};

struct Organisation {
  RecordMeta meta;
  std::string name;
  std::optional<std::string> code;  // ODS code
  OrganisationType type = OrganisationType::other;
  std::optional<std::string> sub_region;
  std::optional<std::int64_t> population;
  OrganisationStatus status = OrganisationStatus::active;
  std::optional<std::string> parent_id;
  std::optional<std::string> successor_id;
  std::optional<Date> established_on;
  std::optional<Date> dissolved_on;
};

struct OrganisationFilter {
  OneOf<OrganisationType> type;
  OneOf<OrganisationStatus> status;
  std::optional<std::string> sub_region;
  std::optional<std::string> parent_id;
  std::optional<std::string> name_contains;
  std::vector<std::string> ids;  // any of these (empty: no filter)
};

// The rules that need only the record itself.
Status validate(const Organisation& org);

// A parent chain must never lead back to the organisation. `ancestors_of_parent` is the
// chain upward from the proposed parent (nearest first). Names the loop when it would.
Status check_no_parent_cycle(const std::string& id, const std::optional<std::string>& parent_id,
                             const std::vector<std::string>& ancestors_of_parent);

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;
  virtual Result<Organisation> insert(const Organisation& org) = 0;
  virtual std::optional<Organisation> find(const std::string& id) = 0;
  // Locks the record for the rest of the transaction.
  virtual std::optional<Organisation> find_for_update(const std::string& id) = 0;
  virtual Page<Organisation> list(const OrganisationFilter& filter, const PageRequest& page) = 0;
  virtual Result<Organisation> save(const Organisation& org) = 0;  // bumps version
  // Serialises changes of the parent hierarchy, so two concurrent moves cannot make a loop.
  virtual void lock_hierarchy() = 0;
  virtual std::vector<std::string> ancestors(const std::string& id) = 0;
};

// Use cases: the rules applied around the repository, inside the caller's transaction.
using OrganisationChange = Change<Organisation>;

Result<Organisation> register_organisation(OrganisationRepository& repo, Organisation org);
Result<Organisation> change_organisation(OrganisationRepository& repo, const std::string& id,
                                         std::optional<std::int64_t> expected_version,
                                         const OrganisationChange& change);

}  // namespace incommon
