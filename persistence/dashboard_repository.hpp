#pragma once
// SqlDashboardRepository: the PostgreSQL side of dashboard.hpp. Internal to persistence.
#include "domain/programmes/dashboard.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlDashboardRepository final : public DashboardRepository {
 public:
  explicit SqlDashboardRepository(soci::session& s) : s_(s) {}
  std::map<std::string, std::int64_t> decisions_by_overall(const std::vector<std::string>& bodies,
                                                           const Date& as_of) override;
  std::vector<Decision> latest_decisions(const std::vector<std::string>& bodies, const Date& as_of, int n) override;
  std::vector<Vote> votes_about(const std::vector<std::string>& bodies, const Date& as_of) override;
  std::vector<Caveat> caveats_for(const std::string& programme_id, const std::vector<std::string>& bodies,
                                  const Date& as_of) override;
  std::map<std::string, std::int64_t> responses_by_position(const std::string& programme_id,
                                                            const Date& as_of) override;
  std::vector<Risk> risks_of(const std::string& programme_id) override;
  std::vector<FinancialPosition> positions_of(const std::string& programme_id) override;
  std::vector<BodyOnDate> bodies_on(const std::vector<std::string>& bodies, const Date& as_of) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
