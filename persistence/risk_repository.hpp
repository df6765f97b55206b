#pragma once
// SqlRiskRepository: the PostgreSQL side of risk.hpp. Internal to persistence.
#include "domain/programmes/risk.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlRiskRepository final : public RiskRepository {
 public:
  explicit SqlRiskRepository(soci::session& s) : s_(s) {}
  Result<Risk> insert(const Risk& r) override;
  std::optional<Risk> find(const std::string& id) override;
  std::optional<Risk> find_for_update(const std::string& id) override;
  Page<Risk> list(const std::string& programme_id, const RiskFilter& filter, const PageRequest& page) override;
  Result<Risk> save(const Risk& r) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
