#include "server/http/problem.hpp"

namespace incommon::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed: return 400;
    case ErrorKind::rule_broken: return 422;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::precondition_failed: return 412;
    case ErrorKind::precondition_required: return 428;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

namespace {
const char* title_of(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}
}  // namespace

namespace {
json problem_body(int status, std::string detail, const std::vector<FieldError>& errors) {
  json body = {{"type", "about:blank"}, {"title", title_of(status)}, {"status", status}, {"detail", std::move(detail)}};
  if (!errors.empty()) {
    json list = json::array();
    for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(list);
  }
  return body;
}

HttpResponse problem_response(int status, const json& body) {
  auto r = json_response(status, body);
  r.content_type = "application/problem+json";
  if (status == 503) r.header("Retry-After", "5");
  return r;
}
}  // namespace

HttpResponse problem(int status, std::string detail, const std::vector<FieldError>& errors) {
  return problem_response(status, problem_body(status, std::move(detail), errors));
}

HttpResponse problem(const Error& e) {
  const int status = status_of(e.kind);
  if (status == 500) return problem(500, "An internal error occurred; it has been logged with the request id.");
  auto body = problem_body(status, e.detail, e.errors);
  if (e.current_version) body["current_version"] = *e.current_version;
  if (e.conflicting_id) body["conflicting_id"] = *e.conflicting_id;
  auto r = problem_response(status, body);
  if (status == 401) r.header("WWW-Authenticate", "Bearer realm=\"incommon\"");
  return r;
}

}  // namespace incommon::http
