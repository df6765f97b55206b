#pragma once
// Checks responses against openapi/openapi.yaml: the operation must exist, document the
// status, and the body must match its schema (a validator for the JSON Schema we use).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace incommon::testing {

class Contract {
 public:
  static const Contract& instance();
  explicit Contract(const std::string& yaml_path);

  // Problems found (empty when the response conforms). `path` may carry a query string.
  std::vector<std::string> check(const std::string& method, const std::string& path, int status,
                                 const std::string& content_type, const std::string& body) const;
  // The operation a request reaches (`path` may carry a query string), or nullptr.
  const nlohmann::json* operation(const std::string& method, const std::string& path) const;
  // The path templates of the contract, as "METHOD /path".
  std::vector<std::string> operations() const;
  const nlohmann::json& document() const { return doc_; }
  // The registry of problem types the contract declares (components.schemas.ProblemType).
  std::vector<std::string> problem_types() const;

 private:
  // `strict`: a property the schema does not name is a problem even where the contract leaves the
  // object open to new fields (responses are, so that clients tolerate additions; the server
  // itself must still send only what is documented). Off inside allOf, which checks the union.
  void validate(const nlohmann::json& schema, const nlohmann::json& value, const std::string& where,
                std::vector<std::string>& problems, bool strict = true) const;
  const nlohmann::json& resolve(const nlohmann::json& schema) const;
  nlohmann::json doc_;
};

}  // namespace incommon::testing
