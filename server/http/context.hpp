#pragma once
// What a handler sees of a request, and the one way it reads or writes the database.
#include <functional>
#include <optional>
#include <string>

#include "domain/auth/role.hpp"
#include "domain/core/error.hpp"
#include "server/http/message.hpp"
#include "server/http/router.hpp"

namespace incommon::db {
class Database;
class Store;
}  // namespace incommon::db

namespace incommon::http {

class Metrics;
struct ServerSettings;

using StoreWork = std::function<Result<HttpResponse>(db::Store&)>;
using Answer = Result<HttpResponse>;

class RequestContext {
 public:
  RequestContext(const HttpRequest& req, std::string id, const Route& matched, PathParams path_params,
                 std::optional<Principal> caller, db::Database& db, std::string client = {}, bool is_staff = false,
                 db::Database* standby = nullptr)
      : request(req),
        request_id(std::move(id)),
        route(matched),
        params(std::move(path_params)),
        principal(std::move(caller)),
        client_key(std::move(client)),
        staff(is_staff),
        db_(db),
        standby_(standby) {}

  const HttpRequest& request;
  const std::string request_id;
  const Route& route;
  const PathParams params;
  const std::optional<Principal> principal;
  // On a public write: the keyed hash that stands for the client (the peer, or the client
  // behind a trusted proxy), never its address. Empty elsewhere.
  const std::string client_key;
  // On the public surface: the caller's role writes the route's area (Access::open(area)).
  const bool staff;
  // ?as_recorded=<instant> (RFC 3339, UTC): every read of this request sees the record as
  // incommon held it then (read_as_recorded in common.hpp sets it).
  std::optional<std::string> as_recorded;

  // The path parameter `name`, which must be a UUID (canonical, lower case); otherwise the 404
  // "No <what> has id <text>.", the same as for a UUID no record has.
  Result<std::string> require_id(const std::string& what, const std::string& name = "id") const;
  Actor actor() const;

  // Runs `work` on a connection: to the standby App::dispatch chose for this GET, if any (and
  // to the primary when that standby does not answer); to the primary otherwise.
  Answer read(const StoreWork& work);
  // The same in one snapshot (a read-only REPEATABLE READ transaction).
  Answer read_consistent(const StoreWork& work);
  // Runs `work` in one transaction with its audit events; an error rolls it back. On a create
  // route with an Idempotency-Key, the first response is stored in the same transaction and
  // replayed. The response carries the commit's WAL position (WAL-Position).
  Answer write(const StoreWork& work);
  // False when the last read was answered by a standby, which may lag the primary: what it
  // read must not be remembered by a cache that the primary's announcements keep fresh.
  bool read_on_primary() const { return !read_on_standby_; }

  // If-Match: the expected version; nullopt for "*". precondition_required (428) when missing.
  Result<std::optional<std::int64_t>> if_match() const;
  // The same where If-Match is accepted but not required: without it, any version.
  Result<std::optional<std::int64_t>> optional_if_match() const;

 private:
  Answer read(const StoreWork& work, bool consistent);
  db::Database& db_;
  db::Database* standby_;  // nullptr: reads on the primary
  bool read_on_standby_ = false;
};

// The one place an Error becomes a response (App::handle calls it on every handler's error):
// logs the internals of a 500 and a 503 with the request id, then answers the problem.
HttpResponse error_response(const Error& error);

// "No <what> has id <id>." (404).
Error not_found(const std::string& what, const std::string& id);

}  // namespace incommon::http
