#include "server/http/context.hpp"

#include <cctype>

#include "domain/core/id.hpp"
#include "persistence/database.hpp"
#include "persistence/idempotency_store.hpp"
#include "server/http/auth.hpp"
#include "server/http/log.hpp"
#include "server/http/problem.hpp"

namespace incommon::http {

HttpResponse error_response(const Error& error) {
  if (error.kind == ErrorKind::internal) log::error("internal_error", {{"detail", error.detail}});
  if (error.kind == ErrorKind::unavailable) log::warn("database_unavailable", {{"detail", error.detail}});
  return problem(error);
}

Error not_found(const std::string& what, const std::string& id) {
  return Error::not_found("No " + what + " has id " + id + ".");
}

Result<std::string> RequestContext::require_id(const std::string& what, const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) return fail(not_found(what, ""));
  if (!is_uuid(it->second)) return fail(not_found(what, it->second));
  return canonical_uuid(it->second);
}

Actor RequestContext::actor() const {
  if (principal) return {principal->token_id, principal->name, request_id, principal->person};
  return {"", "public", request_id, std::nullopt};
}

Answer RequestContext::read_consistent(const StoreWork& work) {
  return read(work, true);
}

Answer RequestContext::read(const StoreWork& work) {
  return read(work, false);
}

Answer RequestContext::read(const StoreWork& work, bool consistent) {
  HttpResponse response;
  const auto run = [&](db::Store& store) -> Status {
    auto r = work(store);
    if (!r) return fail(r.error());
    response = std::move(*r);
    return {};
  };
  const auto read_on = [&](db::Database& db) {
    return as_recorded ? db.read_as_recorded(*as_recorded, run) : consistent ? db.read_consistent(run) : db.read(run);
  };
  if (standby_) {
    auto status = read_on(*standby_);
    // A standby that does not answer (stopped, or a read cancelled by replay): the primary
    // answers instead, for the rest of this request.
    if (status || status.error().kind != ErrorKind::unavailable) {
      read_on_standby_ = true;
      if (!status) return fail(status.error());
      return response;
    }
    standby_ = nullptr;
  }
  read_on_standby_ = false;
  auto status = read_on(db_);
  if (!status) return fail(status.error());
  return response;
}

namespace {

bool valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > 255) return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

// What a replay may show of a first response: everything but secrets, which were shown once
// (the secret of a new token comes back as null, telling the client it exists and was shown).
std::string without_secrets(const std::string& body) {
  if (body.find("inc_") == std::string::npos) return body;  // no secret's prefix: nothing to parse
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return body;
  bool changed = false;
  const std::function<void(json&)> scrub = [&](json& v) {
    if (v.is_string() && is_secret(v.get_ref<const std::string&>())) {
      v = nullptr;
      changed = true;
    } else if (v.is_structured()) {
      for (auto& child : v) scrub(child);
    }
  };
  scrub(j);
  return changed ? j.dump() : body;
}

std::string headers_json(const HttpResponse& r) {
  json list = json::array();
  for (const auto& [name, value] : r.headers) list.push_back({name, value});
  return list.dump();
}

HttpResponse replay(const db::StoredResponse& stored) {
  HttpResponse r;
  r.status = stored.status;
  r.body = stored.body;
  auto headers = json::parse(stored.headers_json, nullptr, false);
  if (headers.is_array())
    for (const auto& h : headers)
      if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
        r.header(h[0].get<std::string>(), h[1].get<std::string>());
  r.header("Idempotent-Replayed", "true");
  return r;
}

}  // namespace

Answer RequestContext::write(const StoreWork& work) {
  const std::string* key = route.creates ? request.header("idempotency-key") : nullptr;
  if (key && !valid_idempotency_key(*key))
    return fail(Error::malformed("Idempotency-Key must be 1 to 255 visible ASCII characters.",
                                 {{"Idempotency-Key", "must be 1 to 255 visible ASCII characters", FieldIn::header}}));
  // Whose keys these are: a token's, a person's (their issuer and subject), or a public client's.
  const std::string scope = !principal ? "client:" + client_key
                            : principal->person
                                ? "person:" + sha256_hex(principal->person->issuer + "\n" + principal->person->subject)
                                : "token:" + principal->token_id;
  const std::string hash = key ? sha256_hex(request.method + " " + request.path + "\n" + request.body) : "";

  HttpResponse response;
  std::string wal_position;
  auto status = db_.write(
      actor(),
      [&](db::Store& store) -> Status {
        if (key) {
          store.idempotency().lock(scope, *key);
          if (auto previous = store.idempotency().find(scope, *key)) {
            if (previous->request_hash != hash)
              return fail(
                  Error::rule("Idempotency-Key", "this Idempotency-Key was already used with a different request"));
            response = replay(*previous);
            return {};
          }
        }
        auto r = work(store);
        if (!r) return fail(r.error());
        response = std::move(*r);
        if (key && response.status < 300)
          store.idempotency().save(scope, *key,
                                   {hash, response.status, without_secrets(response.body), headers_json(response)});
        return {};
      },
      &wal_position);
  if (!status) return fail(status.error());
  if (!wal_position.empty()) response.header("WAL-Position", wal_position);
  return response;
}

Result<std::optional<std::int64_t>> RequestContext::optional_if_match() const {
  if (!request.header("if-match")) return std::optional<std::int64_t>();
  return if_match();
}

Result<std::optional<std::int64_t>> RequestContext::if_match() const {
  const std::string* h = request.header("if-match");
  if (!h)
    return fail(
        Error::precondition_required("This change needs If-Match with the ETag you read, e.g. If-Match: \"3\"."));
  std::string v = *h;
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  while (!v.empty() && v.back() == ' ') v.pop_back();
  if (v == "*") return std::optional<std::int64_t>();
  // The ETag read, "N-<tag>", or just "N": the version N is what is compared. Anything else
  // matches no version, which the version check reports as 412.
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"') {
    if (auto dash = v.find('-'); dash != std::string::npos) v = v.substr(0, dash) + '"';
  }
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"' && v.size() <= 20) {
    std::int64_t n = 0;
    bool digits = true;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(v[i])))
        digits = false;
      else
        n = n * 10 + (v[i] - '0');
    }
    if (digits) return std::optional<std::int64_t>(n);
  }
  return std::optional<std::int64_t>(-1);
}

}  // namespace incommon::http
