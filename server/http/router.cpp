#include "server/http/router.hpp"

#include <optional>

#include "server/http/problem.hpp"

namespace incommon::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool match_pattern(const std::string& pattern, const std::vector<std::string>& segments, PathParams& params) {
  auto parts = split_path(pattern);
  if (parts.size() != segments.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (segments[i].empty()) return false;
      found.emplace(std::string(p.substr(1, p.size() - 2)), segments[i]);
    } else if (p != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;  // needs two hex digits after '%'
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') return false;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    out += c;
  }
  return true;
}

namespace {

// The decoded segments of a path; nullopt when it is not one (no leading '/', a bad escape).
std::optional<std::vector<std::string>> segments_of(const std::string& path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string> segments;
  for (auto raw : split_path(path)) {
    std::string decoded;
    if (!percent_decode(raw, decoded, false)) return std::nullopt;
    segments.push_back(std::move(decoded));
  }
  return segments;
}

}  // namespace

std::string Router::methods_at(const std::string& path) const {
  auto segments = segments_of(path);
  std::string allow;
  if (!segments) return allow;
  for (const auto& route : routes_) {
    PathParams params;
    if (match_pattern(route.pattern, *segments, params)) allow += (allow.empty() ? "" : ", ") + route.method;
  }
  return allow;
}

std::variant<RouteMatch, HttpResponse> Router::match(const std::string& method, const std::string& path) const {
  auto segments = segments_of(path);
  if (!segments) return problem(Error::not_found("No resource lives at this path."));
  for (const auto& route : routes_) {
    PathParams params;
    if (route.method == method && match_pattern(route.pattern, *segments, params))
      return RouteMatch{&route, std::move(params)};
  }
  const std::string allow = methods_at(path);
  if (allow.empty()) return problem(Error::not_found("No resource lives at this path."));
  auto r =
      problem(Error::method_not_allowed("This resource does not accept " + method + "; it accepts " + allow + "."));
  r.header("Allow", allow);
  return r;
}

}  // namespace incommon::http
