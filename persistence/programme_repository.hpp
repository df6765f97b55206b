#pragma once
// SqlProgrammeRepository: the PostgreSQL side of programme.hpp. Internal to persistence.
#include "domain/programmes/programme.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlProgrammeRepository final : public ProgrammeRepository {
 public:
  explicit SqlProgrammeRepository(soci::session& s) : s_(s) {}
  Result<Programme> insert(const Programme& p) override;
  std::optional<Programme> find(const std::string& id) override;
  std::optional<Programme> find_for_update(const std::string& id) override;
  Page<Programme> list(const ProgrammeFilter& filter, const PageRequest& page) override;
  Result<Programme> save(const Programme& p) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
