#pragma once
// Errors travel as values. One place in the server maps ErrorKind to an HTTP status.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace incommon {

enum class ErrorKind {
  malformed,              // the request is not of the contract's shape (400)
  rule_broken,            // well-formed but breaks a rule (422)
  not_found,              // 404
  conflict,               // conflicts with existing state (409)
  precondition_failed,    // stale If-Match (412)
  precondition_required,  // missing If-Match (428)
  unauthenticated,        // 401
  forbidden,              // 403
  method_not_allowed,     // the path exists but not with this method (405)
  timeout,                // the request did not arrive in time (408)
  too_large,              // the body is over the limit (413)
  uri_too_long,           // the request target is over the limit (414)
  headers_too_large,      // the header section is over the limit (431)
  unsupported_media,      // the body is not of a type the route reads (415)
  too_many_requests,      // over a rate limit; retry_after says when to come back (429)
  unavailable,            // the database is away (503)
  internal,               // anything else (500)
};

struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string detail;
  std::vector<FieldError> errors;
  std::optional<std::int64_t> current_version;  // for 412: the version the client should use
  std::optional<std::string> conflicting_id;    // for 409: the record that clashes
  std::optional<int> retry_after_seconds;       // for 429 and 503: when to try again

  static Error of(ErrorKind kind, std::string detail, std::vector<FieldError> errors = {}) {
    Error e;
    e.kind = kind;
    e.detail = std::move(detail);
    e.errors = std::move(errors);
    return e;
  }
  static Error malformed(std::string detail, std::vector<FieldError> errors = {}) {
    return of(ErrorKind::malformed, std::move(detail), std::move(errors));
  }
  // One bad field of the request's shape: the detail is its message.
  static Error malformed_field(std::string field, std::string message) {
    std::string detail = message;
    return of(ErrorKind::malformed, std::move(detail), {{std::move(field), std::move(message)}});
  }
  static Error rule(std::string field, std::string message) {
    std::string detail = message;
    return of(ErrorKind::rule_broken, std::move(detail), {{std::move(field), std::move(message)}});
  }
  static Error rules(std::vector<FieldError> errors) {
    std::string detail =
        errors.size() == 1 ? errors.front().message : "The request breaks " + std::to_string(errors.size()) + " rules.";
    return of(ErrorKind::rule_broken, std::move(detail), std::move(errors));
  }
  static Error not_found(std::string detail) { return of(ErrorKind::not_found, std::move(detail)); }
  static Error conflict(std::string detail, std::optional<std::string> with = {}, std::string field = {}) {
    Error e = of(ErrorKind::conflict, std::move(detail));
    e.conflicting_id = std::move(with);
    if (!field.empty()) e.errors.push_back({std::move(field), e.detail});
    return e;
  }
  static Error stale(std::int64_t current) {
    Error e = of(ErrorKind::precondition_failed,
                 "The record has changed since you read it: current version is " + std::to_string(current) + ".");
    e.current_version = current;
    return e;
  }
  static Error precondition_required(std::string detail) {
    return of(ErrorKind::precondition_required, std::move(detail));
  }
  static Error unauthenticated(std::string detail) { return of(ErrorKind::unauthenticated, std::move(detail)); }
  static Error forbidden(std::string detail, std::vector<FieldError> errors = {}) {
    return of(ErrorKind::forbidden, std::move(detail), std::move(errors));
  }
  static Error method_not_allowed(std::string detail) { return of(ErrorKind::method_not_allowed, std::move(detail)); }
  static Error timeout(std::string detail) { return of(ErrorKind::timeout, std::move(detail)); }
  static Error too_large(std::string detail) { return of(ErrorKind::too_large, std::move(detail)); }
  static Error uri_too_long(std::string detail) { return of(ErrorKind::uri_too_long, std::move(detail)); }
  static Error headers_too_large(std::string detail) { return of(ErrorKind::headers_too_large, std::move(detail)); }
  static Error unsupported_media(std::string detail) { return of(ErrorKind::unsupported_media, std::move(detail)); }
  static Error too_many_requests(std::string detail, int retry_after) {
    Error e = of(ErrorKind::too_many_requests, std::move(detail));
    e.retry_after_seconds = retry_after;
    return e;
  }
  static Error unavailable(std::string detail) { return of(ErrorKind::unavailable, std::move(detail)); }
  static Error internal(std::string detail) { return of(ErrorKind::internal, std::move(detail)); }
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e) {
  return std::unexpected<Error>(std::move(e));
}

// The value mapped by `f`, or the error passed on (std::expected::transform arrives with GCC 13).
template <class T, class F>
auto map(const Result<T>& r, F&& f) -> Result<std::invoke_result_t<F, const T&>> {
  if (!r) return fail(r.error());
  return f(*r);
}

// Collects rule violations so that a client is told all of them at once.
class Violations {
 public:
  void add(std::string field, std::string message) { list_.push_back({std::move(field), std::move(message)}); }
  bool empty() const { return list_.empty(); }
  Status result() const {
    if (list_.empty()) return {};
    return fail(Error::rules(list_));
  }

 private:
  std::vector<FieldError> list_;
};

}  // namespace incommon
