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

// What a problem is, closed: each type has one URI (/problems/<name>), one status and one
// explanation (server/http/problem_types.cpp). A client tells failures apart by type, never by
// detail text. Every kind has a default type; a rule that a client may want to react to names its
// own with Error::as.
enum class ProblemType {
  invalid_request,          // 400
  unauthenticated,          // 401: no bearer token
  invalid_token,            // 401: a bearer token that is unknown, revoked or expired
  forbidden,                // 403
  not_found,                // 404
  method_not_allowed,       // 405
  request_timeout,          // 408
  conflict,                 // 409: any other clash with stored state
  duplicate,                // 409: a value that must be unique is taken
  office_held,              // 409: another appointment holds the office on one of those days
  event_full,               // 409
  too_few_places,           // 409: fewer places left than the party
  event_not_bookable,       // 409: the event is cancelled or held
  booking_exists,           // 409: this email already has an active booking for the event
  booking_cancelled,        // 409
  capacity_below_bookings,  // 409
  decision_final,           // 409: only drafts change or are ratified; ended ones are not rescinded
  already_superseded,       // 409
  meeting_not_held,         // 409: ratifying a decision of a meeting not yet held
  vote_not_open,            // 409: the vote is closed or withdrawn
  programme_closed,         // 409: the programme is complete or abandoned
  sum_too_large,            // 409: money that adds up beyond 64 bits
  stale_version,            // 412
  body_too_large,           // 413
  uri_too_long,             // 414
  unsupported_media_type,   // 415
  rule_broken,              // 422: errors[] names each field and rule
  cycle,                    // 422: a parent or dependency that would make a cycle
  version_required,         // 428
  rate_limited,             // 429
  headers_too_large,        // 431
  internal_error,           // 500
  unavailable,              // 503
};

// The kind (and so the status) a type belongs to.
constexpr ErrorKind kind_of(ProblemType t) {
  switch (t) {
    case ProblemType::invalid_request:
      return ErrorKind::malformed;
    case ProblemType::unauthenticated:
    case ProblemType::invalid_token:
      return ErrorKind::unauthenticated;
    case ProblemType::forbidden:
      return ErrorKind::forbidden;
    case ProblemType::not_found:
      return ErrorKind::not_found;
    case ProblemType::method_not_allowed:
      return ErrorKind::method_not_allowed;
    case ProblemType::request_timeout:
      return ErrorKind::timeout;
    case ProblemType::conflict:
    case ProblemType::duplicate:
    case ProblemType::office_held:
    case ProblemType::event_full:
    case ProblemType::too_few_places:
    case ProblemType::event_not_bookable:
    case ProblemType::booking_exists:
    case ProblemType::booking_cancelled:
    case ProblemType::capacity_below_bookings:
    case ProblemType::decision_final:
    case ProblemType::already_superseded:
    case ProblemType::meeting_not_held:
    case ProblemType::vote_not_open:
    case ProblemType::programme_closed:
    case ProblemType::sum_too_large:
      return ErrorKind::conflict;
    case ProblemType::stale_version:
      return ErrorKind::precondition_failed;
    case ProblemType::body_too_large:
      return ErrorKind::too_large;
    case ProblemType::uri_too_long:
      return ErrorKind::uri_too_long;
    case ProblemType::unsupported_media_type:
      return ErrorKind::unsupported_media;
    case ProblemType::rule_broken:
    case ProblemType::cycle:
      return ErrorKind::rule_broken;
    case ProblemType::version_required:
      return ErrorKind::precondition_required;
    case ProblemType::rate_limited:
      return ErrorKind::too_many_requests;
    case ProblemType::headers_too_large:
      return ErrorKind::headers_too_large;
    case ProblemType::internal_error:
      return ErrorKind::internal;
    case ProblemType::unavailable:
      return ErrorKind::unavailable;
  }
  return ErrorKind::internal;
}

// The type of an error that names none of its own.
constexpr ProblemType default_type(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed:
      return ProblemType::invalid_request;
    case ErrorKind::rule_broken:
      return ProblemType::rule_broken;
    case ErrorKind::not_found:
      return ProblemType::not_found;
    case ErrorKind::conflict:
      return ProblemType::conflict;
    case ErrorKind::precondition_failed:
      return ProblemType::stale_version;
    case ErrorKind::precondition_required:
      return ProblemType::version_required;
    case ErrorKind::unauthenticated:
      return ProblemType::unauthenticated;
    case ErrorKind::forbidden:
      return ProblemType::forbidden;
    case ErrorKind::method_not_allowed:
      return ProblemType::method_not_allowed;
    case ErrorKind::timeout:
      return ProblemType::request_timeout;
    case ErrorKind::too_large:
      return ProblemType::body_too_large;
    case ErrorKind::uri_too_long:
      return ProblemType::uri_too_long;
    case ErrorKind::headers_too_large:
      return ProblemType::headers_too_large;
    case ErrorKind::unsupported_media:
      return ProblemType::unsupported_media_type;
    case ErrorKind::too_many_requests:
      return ProblemType::rate_limited;
    case ErrorKind::unavailable:
      return ProblemType::unavailable;
    case ErrorKind::internal:
      return ProblemType::internal_error;
  }
  return ProblemType::internal_error;
}

// Where a bad value was: a field of the JSON body (named "a.b" or "a[2].b"; the problem says
// it as the JSON Pointer /a/2/b), a query parameter or a header.
enum class FieldIn { body, query, header };

struct FieldError {
  std::string field;
  std::string message;
  FieldIn in = FieldIn::body;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  ProblemType type = ProblemType::internal_error;
  std::string detail;
  std::vector<FieldError> errors;
  std::optional<std::int64_t> current_version;  // for 412: the version the client should use
  std::optional<std::string> conflicting_id;    // for 409: the record that clashes
  std::optional<int> retry_after_seconds;       // for 429 and 503: when to try again

  static Error of(ErrorKind kind, std::string detail, std::vector<FieldError> errors = {}) {
    Error e;
    e.kind = kind;
    e.type = default_type(kind);
    e.detail = std::move(detail);
    e.errors = std::move(errors);
    return e;
  }
  // The same error, said to be of a narrower type (which belongs to the same kind).
  Error as(ProblemType t) && {
    type = t;
    kind = kind_of(t);
    return std::move(*this);
  }
  static Error malformed(std::string detail, std::vector<FieldError> errors = {}) {
    return of(ErrorKind::malformed, std::move(detail), std::move(errors));
  }
  // One bad field of the request's shape: the detail is its message.
  static Error malformed_field(std::string field, std::string message) {
    std::string detail = message;
    return of(ErrorKind::malformed, std::move(detail), {{std::move(field), std::move(message)}});
  }
  // One bad query parameter or header.
  static Error malformed_parameter(std::string name, std::string message, FieldIn in = FieldIn::query) {
    std::string detail = message;
    return of(ErrorKind::malformed, std::move(detail), {{std::move(name), std::move(message), in}});
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
