#pragma once
// Reading request bodies: JSON objects only, strictly typed, every problem named.
#include <cstdint>
#include <expected>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "server/http/message.hpp"

namespace incommon::http {

// Content-Type must be JSON (or merge-patch+json when `merge_patch`): 415 otherwise.
// Malformed JSON, a non-object, NUL characters or nesting deeper than 32: 400.
Result<json> parse_json_object(const HttpRequest& request, bool merge_patch = false);

// RFC 7396 JSON merge patch.
json merge_patch(json target, const json& patch);

// Reads typed fields out of a JSON object. Type errors (400) and rule errors (422) are
// collected; finish() reports unknown fields and returns the verdict.
class FieldReader {
 public:
  // `server_owned` fields are never accepted from a client.
  explicit FieldReader(const json& object,
                       std::set<std::string> server_owned = {"id", "version", "created_at", "updated_at"},
                       bool skip_server_owned = false);

  std::string text(const std::string& key);  // required
  std::optional<std::string> optional_text(const std::string& key);
  std::optional<std::int64_t> optional_integer(const std::string& key);
  std::optional<Date> optional_date(const std::string& key);
  std::optional<std::string> optional_uuid(const std::string& key);
  std::optional<bool> optional_boolean(const std::string& key);
  std::optional<std::vector<std::string>> optional_uuid_list(const std::string& key);
  std::optional<Instant> optional_instant(const std::string& key);  // RFC 3339, any offset
  std::optional<Instant> required_instant(const std::string& key);
  // The same, adding "is required" when absent or null.
  std::optional<Date> required_date(const std::string& key);
  std::optional<std::string> required_uuid(const std::string& key);
  std::optional<std::vector<std::string>> required_uuid_list(const std::string& key);

  template <class E>
  std::optional<E> optional_enum(const std::string& key) {
    auto t = optional_text(key);
    if (!t) return std::nullopt;
    auto v = parse_enum<E>(*t);
    if (!v) rule(key, key + " must be one of " + enum_choices<E>());
    return v;
  }
  template <class E>
  E required_enum(const std::string& key, E fallback) {
    if (!require(key)) return fallback;
    return optional_enum<E>(key).value_or(fallback);
  }

  // A server-owned field of a stored record with a patch applied, for the rules to compare with
  // what is stored: its text, "" when absent, and for any other JSON value its JSON text (which
  // never equals a stored text, so the rule refuses the change). Never fails.
  std::string owned_text(const std::string& key);

  // The raw value for a nested structure the caller reads itself (marks the key as read).
  const json* take(const std::string& key) { return get(key); }
  void malformed(const std::string& key, const std::string& message) { malformed_.push_back({key, message}); }

  bool present(const std::string& key) const;
  // Records `key` as required-and-missing when absent; true when present.
  bool require(const std::string& key);
  void rule(const std::string& key, const std::string& message) { rules_.push_back({key, message}); }
  Status finish();

 private:
  const json* get(const std::string& key);
  void wrong_type(const std::string& key, const char* expected);

  const json& object_;
  std::set<std::string> server_owned_;
  bool skip_server_owned_;
  std::set<std::string> read_;
  std::vector<FieldError> malformed_;
  std::vector<FieldError> rules_;
};

}  // namespace incommon::http
