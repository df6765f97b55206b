#pragma once
// SqlChangeRepository: the PostgreSQL side of changes.hpp. Internal to persistence.
#include "domain/programmes/changes.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlChangeRepository final : public ChangeRepository {
 public:
  explicit SqlChangeRepository(soci::session& s) : s_(s) {}
  std::vector<RecordEvent> events(const std::string& programme_id, const std::string& from,
                                  const std::string& to) override;
  std::vector<DatedFact> dated(const std::string& programme_id, const Date& from, const Date& to) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
