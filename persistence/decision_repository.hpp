#pragma once
// SqlDecisionRepository: the PostgreSQL side of decision.hpp. Internal to persistence.
#include "domain/decisions/decision.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlDecisionRepository final : public DecisionRepository {
 public:
  explicit SqlDecisionRepository(soci::session& s) : s_(s) {}
  Result<Decision> insert(const Decision& d) override;
  std::optional<Decision> find(const std::string& id) override;
  std::optional<Decision> find_for_update(const std::string& id) override;
  Page<Decision> list(const DecisionFilter& filter, const PageRequest& page) override;
  Result<Decision> save(const Decision& d) override;
  Result<Decision> save_as(const Decision& d, std::string_view action) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
