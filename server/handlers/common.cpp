#include "server/handlers/common.hpp"

#include <chrono>

#include "persistence/announcements.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"

namespace incommon::http {

json with_meta(const RecordMeta& meta, json fields) {
  json out = {
      {"id", meta.id}, {"version", meta.version}, {"created_at", meta.created_at}, {"updated_at", meta.updated_at}};
  out.update(fields);
  return out;
}

void record_changed(App& app, const std::string& collection, const std::string& id) {
  const std::string key = collection + ":" + id;
  app.records().forget(key);
  app.announcements().await("incommon_records", key, std::chrono::milliseconds(1000));
}

HttpResponse ok_record(const json& body, const RecordMeta& meta) {
  return record_response(200, body, meta.version);
}

HttpResponse created_record(const json& body, const RecordMeta& meta, const std::string& collection) {
  auto r = record_response(201, body, meta.version);
  r.header("Location", std::string(kApi) + "/" + collection + "/" + meta.id);
  return r;
}

Result<PatchRequest> read_patch(RequestContext& ctx, const std::string& what,
                                const std::set<std::string>& owned_fields) {
  auto id = ctx.require_id(what);
  if (!id) return fail(id.error());
  auto expected = ctx.if_match();
  if (!expected) return fail(expected.error());
  auto patch = parse_json_object(ctx.request, true);
  if (!patch) return fail(patch.error());
  std::vector<FieldError> owned;
  std::set<std::string> keys{"id", "version", "created_at", "updated_at"};
  keys.insert(owned_fields.begin(), owned_fields.end());
  for (const auto& key : keys)
    if (patch->contains(key)) owned.push_back({key, key + " is set by the server and cannot be sent"});
  if (!owned.empty()) return fail(Error::malformed(owned.front().message, owned));
  return PatchRequest{*id, *expected, std::move(*patch)};
}

Result<json> read_action_body(RequestContext& ctx, const std::set<std::string>& text_fields) {
  if (ctx.request.body.empty() && text_fields.empty()) return json::object();
  auto body = parse_json_object(ctx.request);
  if (!body) return body;
  FieldReader r(*body);
  for (const auto& f : text_fields) r.optional_text(f);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return body;
}

bool accepts(const RequestContext& ctx, std::string_view media_type) {
  const std::string* accept = ctx.request.header("accept");
  return accept && accept->find(media_type) != std::string::npos;
}

HttpResponse text_response(int status, std::string content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

HttpResponse csv_response(std::string body, const std::string& filename) {
  auto r = text_response(200, "text/csv; charset=utf-8", std::move(body));
  r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

std::optional<Date> read_as_recorded(RequestContext& ctx, QueryReader& q) {
  const auto instant = q.instant("as_recorded");
  if (!instant) return std::nullopt;
  ctx.as_recorded = instant->to_string();
  return Date::parse(ctx.as_recorded->substr(0, 10));
}

Result<Date> as_of_param(RequestContext& ctx, std::set<std::string> allowed, bool recorded) {
  allowed.insert("as_of");
  if (recorded) allowed.insert("as_recorded");
  QueryReader q(ctx.request, allowed, false);
  const auto recorded_on = recorded ? read_as_recorded(ctx, q) : std::nullopt;
  const Date as_of = q.date("as_of").or_else([&] { return recorded_on; }).value_or(Date::today_utc());
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return as_of;
}

Answer history(RequestContext& ctx, const std::string& entity_type) {
  QueryReader q(ctx.request, {}, true);
  auto page = q.page(1);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("record");
  if (!id) return fail(id.error());
  AuditFilter filter;
  filter.entity_type = entity_type;
  filter.entity_id = *id;
  filter.hidden_entity_types = audit_entity_types_hidden_from(ctx.principal->role);
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto events = store.audit().list(filter, page);
    if (events.items.empty() && !page.after) return fail(not_found("record", *id));
    return json_response(200, page_json(events, audit_event_json));
  });
}

}  // namespace incommon::http
