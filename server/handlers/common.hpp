#pragma once
// What every resource handler shares: record metadata in JSON, created/ok responses, the PATCH
// preamble (id, If-Match, merge patch body) and audit history.
#include <optional>
#include <set>
#include <string>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/record.hpp"
#include "persistence/announced_cache.hpp"
#include "server/http/context.hpp"
#include "server/http/json_body.hpp"
#include "server/http/message.hpp"
#include "server/http/problem.hpp"
#include "server/http/query.hpp"

namespace incommon::http {

class App;

inline constexpr const char* kApi = "/api/v1";

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
inline json opt(const std::optional<Date>& d) {
  return d ? json(d->to_string()) : json(nullptr);
}

// id, version, created_at, updated_at, then the record's own fields.
json with_meta(const RecordMeta& meta, json fields);

HttpResponse ok_record(const json& body, const RecordMeta& meta);
HttpResponse created_record(const json& body, const RecordMeta& meta, const std::string& collection);

struct PatchRequest {
  std::string id;
  std::optional<std::int64_t> expected_version;
  json patch;
};
// 404 for an id that is not a UUID, 428 without If-Match, 400/415 for the body, 400 for
// server-owned fields in the patch (id, version, created_at, updated_at and `owned`).
Result<PatchRequest> read_patch(RequestContext& ctx, const std::string& what, const std::set<std::string>& owned = {});

// The body of an action (POST /{collection}/{id}/<action>): a JSON object of these text
// fields only. Without fields it may be empty; with fields it is required.
Result<json> read_action_body(RequestContext& ctx, const std::set<std::string>& text_fields = {});

// A 200 of RFC 4180 text, downloaded as `filename`.
HttpResponse csv_response(std::string body, const std::string& filename);
// Whether the request's Accept names `media_type` (a client asking for CSV, SVG or a page).
bool accepts(const RequestContext& ctx, std::string_view media_type);
// Any other body of a known media type.
HttpResponse text_response(int status, std::string content_type, std::string body);

// ?as_recorded=<RFC 3339 instant>: sets ctx.as_recorded (the request's reads see the record as
// incommon held it then) and returns the date it implies for `as_of` (its UTC date).
std::optional<Date> read_as_recorded(RequestContext& ctx, QueryReader& q);

// ?as_of=YYYY-MM-DD (default today, UTC, or with `recorded` the date of ?as_recorded=), the only
// query parameters besides `allowed`.
Result<Date> as_of_param(RequestContext& ctx, std::set<std::string> allowed = {}, bool recorded = false);

// Walks a keyset-paged list page by page (`list(PageRequest) -> Page<T>`), handing each item to
// `visit` in order, at most `max_pages` pages of `page_size` (0: until the last page).
template <class List, class Visit>
void for_each_page(List list, Visit visit, int page_size, int max_pages = 0) {
  PageRequest page{page_size, std::nullopt};
  for (int pages = 0; max_pages == 0 || pages < max_pages; ++pages) {
    auto batch = list(page);
    for (auto& item : batch.items) visit(item);
    if (!batch.next) return;
    page.after = std::move(batch.next);
  }
}

// GET /{collection}/{id}/history: the audit events of one record, oldest first.
// `entity_type` is the record's table, as the audit trigger names it ("financial_positions").
Answer history(RequestContext& ctx, const std::string& entity_type);

// The three flows every record shares. `from_json(body, merged)` reads a record (merged: a
// stored record with a patch applied, whose server-owned fields are skipped).

// POST /{collection}: `create(store, record) -> Result<T>`.
template <class FromJson, class Create, class ToJson>
Answer create_record(RequestContext& ctx, const std::string& collection, FromJson from_json, Create create,
                     ToJson to_json) {
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  auto record = from_json(*body, false);
  if (!record) return fail(record.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    return map(create(store, *record),
               [&](const auto& saved) { return created_record(to_json(saved), saved.meta, collection); });
  });
}

// The record `find(store, id) -> optional<T>` reads, as GET /{collection}/{id} answers it.
template <class Find, class ToJson>
Answer read_record(RequestContext& ctx, const std::string& what, const std::string& id, Find find, ToJson to_json) {
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto record = find(store, id);
    if (!record) return fail(not_found(what, id));
    return ok_record(to_json(*record), record->meta);
  });
}

// GET /{collection}/{id}: `find(store, id) -> optional<T>`.
template <class Find, class ToJson>
Answer get_record(RequestContext& ctx, const std::string& what, Find find, ToJson to_json) {
  if (auto ok = QueryReader(ctx.request, {}, false).finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  return read_record(ctx, what, *id, find, to_json);
}

// GET /{collection}/{id}?as_of=: the record, or with `as_of` as it stood at the end of that day,
// `then(record, as_of) -> Result<json>` (a 404 when it did not exist yet). The ETag keeps the
// record's version: If-Match compares that, and the body's tag tells the two views apart.
template <class Find, class ToJson, class Then>
Answer get_record_as_of(RequestContext& ctx, const std::string& what, Find find, ToJson to_json, Then then) {
  QueryReader q(ctx.request, {"as_of", "as_recorded"}, false);
  const auto recorded_on = read_as_recorded(ctx, q);
  const auto as_of = q.date("as_of").or_else([&] { return recorded_on; });
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto record = find(store, *id);
    if (!record) return fail(not_found(what, *id));
    if (!as_of) return ok_record(to_json(*record), record->meta);
    return map(then(*record, *as_of), [&](const json& body) { return ok_record(body, record->meta); });
  });
}

// The same for a table that announces changes to its rows (a trigger calling
// incommon_record_changed()): the answer is remembered in `remembered` under
// "<collection>:<id>" until the database announces a change to the row. Writes to such a
// record end with record_changed().
template <class Find, class ToJson>
Answer get_remembered_record(RequestContext& ctx, db::AnnouncedCache<HttpResponse>& remembered,
                             const std::string& collection, const std::string& what, Find find, ToJson to_json) {
  if (auto ok = QueryReader(ctx.request, {}, false).finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  const std::string key = collection + ":" + *id;
  if (auto hit = remembered.find(key)) return std::move(*hit);
  const auto generation = remembered.generation();
  auto response = read_record(ctx, what, *id, find, to_json);
  if (response && ctx.read_on_primary()) remembered.put(key, *response, generation);
  return response;
}

// After a committed write to a remembered record: this server forgets it at once, and the
// answer waits (a second at most) until the database's announcement of the change has reached
// the listeners, so that no server answers from before the write once the writer has its answer.
void record_changed(App& app, const std::string& collection, const std::string& id);

// GET /{parents}/{id}/{children}: one page of a parent's children. `exists(store, id)` says
// whether the parent is there (404 otherwise); `page_of(store, id, page) -> Page<T>`.
template <class Exists, class PageOf, class ToJson>
Answer child_list(RequestContext& ctx, const std::string& parent, Exists exists, PageOf page_of, ToJson to_json,
                  std::size_t key_size = 2) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page(key_size);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id(parent);
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!exists(store, *id)) return fail(not_found(parent, *id));
    return json_response(200, page_json(page_of(store, *id, page), to_json));
  });
}

// POST /{collection}/{id}/<action>: the id, the JSON body read field by field by
// `read(FieldReader&) -> Status` (its reader's verdict), If-Match (an action changes state, so
// it is required: 428 without it, 412 when stale; `needs_if_match()` may say a body changes
// nothing and may omit it); then `act(store, id, expected_version) -> Result<HttpResponse>` in
// one transaction.
template <class Read, class Act>
Answer record_action(
    RequestContext& ctx, const std::string& what, Read read, Act act,
    const std::function<bool()>& needs_if_match = [] { return true; }) {
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  if (auto ok = read(r); !ok) return fail(ok.error());
  auto expected = needs_if_match() ? ctx.if_match() : ctx.optional_if_match();
  if (!expected) return fail(expected.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> { return act(store, *id, *expected); });
}

// The same for an action whose body is optional: a JSON object of these text fields only
// (read_action_body), If-Match required; then `act(store, id, expected_version, body) ->
// Result<HttpResponse>` in one transaction.
template <class Act>
Answer optional_body_action(RequestContext& ctx, const std::string& what, const std::set<std::string>& fields,
                            Act act) {
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  auto body = read_action_body(ctx, fields);
  if (!body) return fail(body.error());
  auto expected = ctx.if_match();
  if (!expected) return fail(expected.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> { return act(store, *id, *expected, *body); });
}

// PATCH /{collection}/{id}: `change(store, id, expected_version, Change<T>) -> Result<T>`.
// `owned`: the record's server-owned or derived fields, refused in a patch.
template <class T, class ChangeFn, class FromJson, class ToJson>
Answer patch_record(RequestContext& ctx, const std::string& what, ChangeFn change, FromJson from_json, ToJson to_json,
                    const std::set<std::string>& owned = {}) {
  auto req = read_patch(ctx, what, owned);
  if (!req) return fail(req.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto changed =
        change(store, req->id, req->expected_version,
               Change<T>([&](const T& current) { return from_json(merge_patch(to_json(current), req->patch), true); }));
    return map(changed, [&](const T& saved) { return ok_record(to_json(saved), saved.meta); });
  });
}

}  // namespace incommon::http
