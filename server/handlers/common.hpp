#pragma once
// What every resource handler shares: record metadata in JSON, created/ok responses, the PATCH
// preamble (id, If-Match, merge patch body) and audit history.
#include <expected>
#include <optional>
#include <string>

#include "domain/core/date.hpp"
#include "domain/core/record.hpp"
#include "server/http/context.hpp"
#include "server/http/json_body.hpp"
#include "server/http/message.hpp"
#include "server/http/problem.hpp"
#include "server/http/query.hpp"

namespace incommon::http {

inline constexpr const char* kApi = "/api/v1";

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
inline json opt(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(nullptr); }

// id, version, created_at, updated_at, then the record's own fields.
json with_meta(const RecordMeta& meta, json fields);

HttpResponse ok_record(const json& body, const RecordMeta& meta);
HttpResponse created_record(const json& body, const RecordMeta& meta, const std::string& collection);
HttpResponse not_found(const std::string& what, const std::string& id);

struct PatchRequest {
  std::string id;
  std::optional<std::int64_t> expected_version;
  json patch;
};
// 404 for an id that is not a UUID, 428 without If-Match, 400/415 for the body, 400 for
// server-owned fields in the patch.
std::expected<PatchRequest, HttpResponse> read_patch(RequestContext& ctx, const std::string& what);

// GET /{collection}/{id}/history: the audit events of one record, oldest first.
HttpResponse history(RequestContext& ctx, const std::string& collection);

}  // namespace incommon::http
