#pragma once
// The route table: every route with its method, path template, who may call it and its handler.
// Tests walk this table, so a route without an access rule cannot exist.
#include <functional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "domain/auth/role.hpp"
#include "domain/core/error.hpp"
#include "server/http/message.hpp"

namespace incommon::http {

class RequestContext;
// A handler answers with a response or with the Error the server turns into a problem.
using HandlerFn = std::function<Result<HttpResponse>(RequestContext&)>;

struct Access {
  enum class Kind { open, read, write } kind = Kind::read;
  // write: the area a role must be allowed to write. open: the area whose writers act as staff
  // here (they skip the public rate limit and are trusted as staff by the handler); any other
  // caller, token or not, is treated as the public.
  WriteArea area = WriteArea::tokens;
  static Access open(WriteArea staff = WriteArea::tokens) { return {Kind::open, staff}; }
  static Access read() { return {Kind::read, WriteArea::tokens}; }
  static Access write(WriteArea area) { return {Kind::write, area}; }
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/organisations/{id}"
  Access access;
  HandlerFn handler;
  bool creates = false;  // accepts Idempotency-Key
  // A calendar feed: a feed token may read it, and may come in the URL (?token=), since
  // calendar apps cannot send a header. No other route accepts either.
  bool feed = false;
};

using PathParams = std::unordered_map<std::string, std::string>;

struct RouteMatch {
  const Route* route;
  PathParams params;
};

class Router {
 public:
  void add(Route route) { routes_.push_back(std::move(route)); }
  // A match, or the 404 / 405 (with Allow) to answer.
  std::variant<RouteMatch, HttpResponse> match(const std::string& method, const std::string& path) const;
  // The methods the resource at `path` accepts ("GET, PATCH"); empty when no route is there.
  std::string methods_at(const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Percent-decodes; false on a bad escape or a decoded NUL.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace incommon::http
