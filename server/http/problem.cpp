#include "server/http/problem.hpp"

#include "server/http/problem_types.hpp"

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

// "outcomes[2].outcome" -> "/outcomes/2/outcome" (RFC 6901; "" is the whole body).
std::string json_pointer(const std::string& field) {
  if (field.empty() || field.front() == '/') return field;
  std::string out = "/";
  for (char c : field) {
    if (c == '.' || c == '[') {
      if (out.back() != '/') out += '/';
    } else if (c == ']') {
      continue;
    } else if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

json problem_body(ProblemType type, std::string detail, const std::vector<FieldError>& errors) {
  const auto& info = info_of(type);
  json body = {{"type", type_uri(type)},
               {"title", info.title},
               {"status", status_of(kind_of(type))},
               {"detail", std::move(detail)}};
  if (!errors.empty()) {
    json list = json::array();
    for (const auto& e : errors) {
      if (e.in == FieldIn::body)
        list.push_back({{"field", json_pointer(e.field)}, {"message", e.message}});
      else
        list.push_back(
            {{"parameter", e.field}, {"in", e.in == FieldIn::query ? "query" : "header"}, {"message", e.message}});
    }
    body["errors"] = std::move(list);
  }
  return body;
}

}  // namespace

HttpResponse problem(const Error& e) {
  // The type decides the status; a kind set without its type keeps the kind's default type.
  const ProblemType type = kind_of(e.type) == e.kind ? e.type : default_type(e.kind);
  const int status = status_of(e.kind);
  auto body = status == 500 ? problem_body(ProblemType::internal_error,
                                           "An internal error occurred; it has been logged with the request id.", {})
                            : problem_body(type, e.detail, e.errors);
  if (e.current_version) body["current_version"] = *e.current_version;
  if (e.conflicting_id) body["conflicting_id"] = *e.conflicting_id;
  auto r = json_response(status, body);
  r.content_type = "application/problem+json";
  if (e.retry_after_seconds)
    r.header("Retry-After", std::to_string(*e.retry_after_seconds));
  else if (status == 503)
    r.header("Retry-After", "5");
  // RFC 6750 3: a request with no token gets the bare challenge; a token that failed, its error.
  if (status == 401) {
    std::string challenge = "Bearer realm=\"incommon\"";
    if (type == ProblemType::invalid_token) {
      std::string description;
      for (char c : e.detail)  // error_description allows printable ASCII but '"' and '\\'
        if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') description += c;
      challenge += ", error=\"invalid_token\", error_description=\"" + description + "\"";
    }
    r.header("WWW-Authenticate", std::move(challenge));
  }
  return r;
}

}  // namespace incommon::http
