#pragma once
// SqlTokenRepository: the PostgreSQL side of role.hpp. Internal to persistence.
#include "domain/auth/role.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlTokenRepository final : public TokenRepository {
 public:
  explicit SqlTokenRepository(soci::session& s) : s_(s) {}
  Result<Token> insert(const Token& token, const std::string& secret_hash) override;
  std::optional<Token> find(const std::string& id) override;
  std::optional<Principal> authenticate(const std::string& secret_hash) override;
  Page<Token> list(const PageRequest& page) override;
  Result<Token> revoke(const std::string& id) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
