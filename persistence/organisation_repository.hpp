#pragma once
// SqlOrganisationRepository: the PostgreSQL side of organisation.hpp. Internal to persistence.
#include "domain/organisations/organisation.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlOrganisationRepository final : public OrganisationRepository {
 public:
  explicit SqlOrganisationRepository(soci::session& s) : s_(s) {}
  Result<Organisation> insert(const Organisation& org) override;
  std::optional<Organisation> find(const std::string& id) override;
  std::optional<Organisation> find_for_update(const std::string& id) override;
  Page<Organisation> list(const OrganisationFilter& filter, const PageRequest& page) override;
  Result<Organisation> save(const Organisation& org) override;
  void lock_hierarchy() override;
  std::vector<std::string> ancestors(const std::string& id) override;

 private:
  std::optional<Organisation> find(const std::string& id, bool lock);
  soci::session& s_;
};

}  // namespace incommon::db
