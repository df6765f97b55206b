#pragma once
// SqlResponseRepository, SqlRateLimitStore: the PostgreSQL side of database.hpp, response.hpp. Internal to persistence.
#include "domain/consultation/response.hpp"
#include "persistence/database.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlResponseRepository final : public ResponseRepository {
 public:
  explicit SqlResponseRepository(soci::session& s) : s_(s) {}
  Result<ConsultationResponse> insert(const ConsultationResponse& r) override;
  std::optional<ConsultationResponse> find(const std::string& id) override;
  std::optional<ConsultationResponse> find_for_update(const std::string& id) override;
  Page<ConsultationResponse> list(const std::string& consultation_id, const ResponseFilter& filter,
                                  const PageRequest& page) override;
  Page<ConsultationResponse> comments(const std::string& consultation_id, const PageRequest& page) override;
  Result<ConsultationResponse> save_as(const ConsultationResponse& r, std::string_view action) override;
  int add_report(const ConsultationResponse& r, const Reporter& reporter, const std::string& reason) override;
  std::vector<std::pair<std::vector<std::string>, std::int64_t>> counts(const std::string& consultation_id,
                                                                        const Date& as_of) override;

 private:
  soci::session& s_;
};

class SqlRateLimitStore final : public RateLimitStore {
 public:
  explicit SqlRateLimitStore(soci::session& s) : s_(s) {}
  std::optional<RateWindow> hit(const std::string& client_key, int limit) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
