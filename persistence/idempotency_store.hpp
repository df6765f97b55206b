#pragma once
// Stored first responses of creates that carried an Idempotency-Key.
#include <optional>
#include <string>

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

}  // namespace incommon::db
