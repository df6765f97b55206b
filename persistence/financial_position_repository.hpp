#pragma once
// SqlFinancialPositionRepository: the PostgreSQL side of financial_position.hpp. Internal to persistence.
#include "domain/finance/financial_position.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlFinancialPositionRepository final : public FinancialPositionRepository {
 public:
  explicit SqlFinancialPositionRepository(soci::session& s) : s_(s) {}
  Result<FinancialPosition> insert(const FinancialPosition& p) override;
  std::optional<FinancialPosition> find(const std::string& id) override;
  std::optional<FinancialPosition> find_for_update(const std::string& id) override;
  Page<FinancialPosition> list_for(const std::string& organisation_id, const PageRequest& page) override;
  Page<FinancialPosition> list_for_programme(const std::string& programme_id, const PageRequest& page) override;
  Result<FinancialPosition> save(const FinancialPosition& p) override;
  bool organisation_exists(const std::string& id) override;
  bool programme_exists(const std::string& id) override;
  PositionSummary summarise(const std::vector<std::string>& organisation_ids, const std::string& year) override;

 private:
  std::optional<FinancialPosition> find(const std::string& id, bool lock);
  soci::session& s_;
};

}  // namespace incommon::db
