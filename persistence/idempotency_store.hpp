#pragma once
// Stored first responses of creates that carried an Idempotency-Key, and their PostgreSQL store.
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace incommon::db {

struct StoredResponse {
  std::string request_hash;
  int status = 0;
  std::string body;
  std::string headers_json = "[]";  // [[name, value], ...]
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // Serialises requests that share scope and key until the end of the transaction.
  virtual void lock(const std::string& scope, const std::string& key) = 0;
  virtual std::optional<StoredResponse> find(const std::string& scope, const std::string& key) = 0;
  virtual void save(const std::string& scope, const std::string& key, const StoredResponse& response) = 0;
};

class SqlIdempotencyStore final : public IdempotencyStore {
 public:
  explicit SqlIdempotencyStore(soci::session& s) : s_(s) {}
  void lock(const std::string& scope, const std::string& key) override;
  std::optional<StoredResponse> find(const std::string& scope, const std::string& key) override;
  void save(const std::string& scope, const std::string& key, const StoredResponse& response) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
