#include "server/http/problem.hpp"

namespace incommon::http {

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed:
      return 400;
    case ErrorKind::rule_broken:
      return 422;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::precondition_failed:
      return 412;
    case ErrorKind::precondition_required:
      return 428;
    case ErrorKind::unauthenticated:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::method_not_allowed:
      return 405;
    case ErrorKind::timeout:
      return 408;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::uri_too_long:
      return 414;
    case ErrorKind::headers_too_large:
      return 431;
    case ErrorKind::unsupported_media:
      return 415;
    case ErrorKind::too_many_requests:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

namespace {
const char* title_of(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
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

}  // namespace

HttpResponse problem(const Error& e) {
  const int status = status_of(e.kind);
  auto body = status == 500
                  ? problem_body(500, "An internal error occurred; it has been logged with the request id.", {})
                  : problem_body(status, e.detail, e.errors);
  if (e.current_version) body["current_version"] = *e.current_version;
  if (e.conflicting_id) body["conflicting_id"] = *e.conflicting_id;
  auto r = json_response(status, body);
  r.content_type = "application/problem+json";
  if (e.retry_after_seconds)
    r.header("Retry-After", std::to_string(*e.retry_after_seconds));
  else if (status == 503)
    r.header("Retry-After", "5");
  if (status == 401) r.header("WWW-Authenticate", "Bearer realm=\"incommon\"");
  return r;
}

}  // namespace incommon::http
