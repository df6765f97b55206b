#pragma once
// SqlVoteRepository: the PostgreSQL side of vote.hpp. Internal to persistence.
#include "domain/votes/vote.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlVoteRepository final : public VoteRepository {
 public:
  explicit SqlVoteRepository(soci::session& s) : s_(s) {}
  Result<Vote> insert(const Vote& v) override;
  std::optional<Vote> find(const std::string& id) override;
  std::optional<Vote> find_for_update(const std::string& id) override;
  Page<Vote> list(const VoteFilter& filter, const PageRequest& page) override;
  Result<Vote> save(const Vote& v) override;
  Result<Vote> save_as(const Vote& v, std::string_view action) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;
  std::optional<Position> position_of(const std::string& vote_id, const std::string& organisation_id) override;
  std::optional<Position> find_position(const std::string& id) override;
  Result<Position> insert_position(const Position& p) override;
  Result<Position> save_position(const Position& p) override;
  std::vector<Position> positions_of(const std::string& vote_id, const std::optional<Date>& stated_by) override;
  Page<Position> position_page(const std::string& vote_id, const Date& stated_by, const PageRequest& page) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
