#pragma once
// SqlCaveatRepository: the PostgreSQL side of caveat.hpp. Internal to persistence.
#include "domain/votes/caveat.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlCaveatRepository final : public CaveatRepository {
 public:
  explicit SqlCaveatRepository(soci::session& s) : s_(s) {}
  Result<Caveat> insert(const Caveat& c) override;
  std::optional<Caveat> find(const std::string& id) override;
  std::optional<Caveat> find_for_update(const std::string& id) override;
  Page<Caveat> list(const CaveatFilter& filter, const PageRequest& page) override;
  Result<Caveat> save(const Caveat& c) override;
  std::vector<std::string> missing_milestones(const std::vector<std::string>& ids) override;
  std::vector<std::string> incomplete_milestones(const std::vector<std::string>& ids) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
