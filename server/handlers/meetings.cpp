// /api/v1/meetings and what hangs off a meeting: agenda items, attendance, declarations of
// interest, and the quorum of each participating body.
#include "domain/meetings/meeting.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

const std::set<std::string> kOwned{"id", "version", "created_at", "updated_at"};
const std::set<std::string> kOwnedChild{"id", "version", "created_at", "updated_at", "meeting_id"};

json to_json(const Meeting& m) {
  return with_meta(m.meta, {{"title", m.title},
                            {"kind", to_string(m.kind)},
                            {"organisation_ids", m.organisation_ids},
                            {"starts_at", m.starts_at.to_string()},
                            {"ends_at", m.ends_at.to_string()},
                            {"location", opt(m.location)},
                            {"status", to_string(m.status)},
                            {"quorum", m.quorum}});
}

Result<Meeting> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Meeting m;
  m.title = r.text("title");
  m.kind = r.required_enum<MeetingKind>("kind", MeetingKind::other);
  m.organisation_ids = r.required_uuid_list("organisation_ids").value_or(std::vector<std::string>{});
  m.starts_at = r.required_instant("starts_at").value_or(Instant());
  m.ends_at = r.required_instant("ends_at").value_or(Instant());
  m.location = r.optional_text("location");
  m.status = r.optional_enum<MeetingStatus>("status").value_or(MeetingStatus::scheduled);
  m.quorum = static_cast<int>(r.optional_integer("quorum").value_or(3));
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return m;
}

json item_json(const AgendaItem& i) {
  return with_meta(i.meta, {{"meeting_id", i.meeting_id},
                            {"number", i.number},
                            {"title", i.title},
                            {"purpose", to_string(i.purpose)},
                            {"papers_url", opt(i.papers_url)}});
}

Result<AgendaItem> item_from(const json& body, bool merged) {
  FieldReader r(body, kOwnedChild, merged);
  AgendaItem i;
  if (merged) i.meeting_id = r.owned_text("meeting_id");
  i.number = r.text("number");
  i.title = r.text("title");
  i.purpose = r.required_enum<AgendaPurpose>("purpose", AgendaPurpose::discussion);
  i.papers_url = r.optional_text("papers_url");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return i;
}

json attendance_json(const Attendance& a) {
  return with_meta(a.meta, {{"meeting_id", a.meeting_id},
                            {"person_id", a.person_id},
                            {"organisation_id", a.organisation_id},
                            {"status", to_string(a.status)},
                            {"voting", a.voting}});
}

Result<Attendance> attendance_from(const json& body, bool merged) {
  FieldReader r(body, kOwnedChild, merged);
  Attendance a;
  if (merged) a.meeting_id = r.owned_text("meeting_id");
  a.person_id = r.required_uuid("person_id").value_or("");
  a.organisation_id = r.required_uuid("organisation_id").value_or("");
  a.status = r.required_enum<AttendanceStatus>("status", AttendanceStatus::present);
  a.voting = r.optional_boolean("voting").value_or(true);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return a;
}

json declaration_json(const Declaration& d) {
  return with_meta(d.meta, {{"meeting_id", d.meeting_id},
                            {"person_id", d.person_id},
                            {"agenda_item_id", opt(d.agenda_item_id)},
                            {"interest", d.interest},
                            {"action", to_string(d.action)}});
}

Result<Declaration> declaration_from(const json& body, bool merged) {
  FieldReader r(body, kOwnedChild, merged);
  Declaration d;
  if (merged) d.meeting_id = r.owned_text("meeting_id");
  d.person_id = r.required_uuid("person_id").value_or("");
  d.agenda_item_id = r.optional_uuid("agenda_item_id");
  d.interest = r.text("interest");
  d.action = r.required_enum<DeclarationAction>("action", DeclarationAction::stayed_voted);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return d;
}

// A child record is created in its meeting's collection, with the meeting from the path.
template <class T, class FromJson, class Create, class ToJson>
Answer create_child(RequestContext& ctx, const std::string& collection, FromJson from, Create create, ToJson to) {
  auto meeting_id = ctx.require_id("meeting");
  if (!meeting_id) return fail(meeting_id.error());
  return create_record(
      ctx, collection,
      [&](const json& body, bool merged) {
        auto record = from(body, merged);
        if (record) record->meeting_id = *meeting_id;
        return record;
      },
      create, to);
}

// GET /meetings/{id}/<children>: one page of the meeting's records.
template <class List, class ToJson>
Answer meeting_child_list(RequestContext& ctx, List list, ToJson to) {
  return child_list(
      ctx, "meeting", [](db::Store& s, const std::string& id) { return s.meetings().find(id).has_value(); },
      [&](db::Store& s, const std::string& id, const PageRequest& page) { return list(s.meetings(), id, page); }, to);
}

Answer list_meetings(RequestContext& ctx) {
  QueryReader q(ctx.request, {"kind", "status", "organisation_id", "from", "to"}, true);
  MeetingFilter f;
  f.kind = q.one_of<MeetingKind>("kind");
  f.status = q.one_of<MeetingStatus>("status");
  f.organisation_id = q.uuid("organisation_id");
  f.from = q.instant("from");
  f.to = q.instant("to");
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.meetings().list(f, page), to_json));
  });
}

Answer quorum(RequestContext& ctx) {
  QueryReader q(ctx.request, {"agenda_item_id"}, false);
  auto item = q.uuid("agenda_item_id");
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto meeting_id = ctx.require_id("meeting");
  if (!meeting_id) return fail(meeting_id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return map(meeting_quorum(store.meetings(), *meeting_id, item), [&](const std::vector<BodyQuorum>& bodies) {
      json list = json::array();
      for (const auto& b : bodies)
        list.push_back({{"organisation_id", b.organisation_id},
                        {"present_voting", b.present_voting},
                        {"quorum", b.quorum},
                        {"quorate", b.quorate}});
      return json_response(200, {{"meeting_id", *meeting_id}, {"agenda_item_id", opt(item)}, {"bodies", list}});
    });
  });
}

template <class T>
using ChangeUseCase = Result<T> (*)(MeetingRepository&, const std::string&, std::optional<std::int64_t>,
                                    const Change<T>&);

// GET, PATCH and history of a meeting's child record at its top-level path.
template <class T, class Find, class FromJson, class ToJson>
void add_child_item_routes(Router& router, const std::string& collection, const std::string& table,
                           const std::string& what, Find find, ChangeUseCase<T> change, FromJson from, ToJson to) {
  const std::string item = "/api/v1/" + collection + "/{id}";
  router.add({"GET", item, Access::read(), [=](RequestContext& ctx) {
                return get_record(
                    ctx, what, [&](db::Store& s, const std::string& id) { return find(s.meetings(), id); }, to);
              }});
  router.add({"PATCH", item, Access::write(WriteArea::meetings), [=](RequestContext& ctx) {
                return patch_record<T>(
                    ctx, what,
                    [&](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<T>& c) {
                      return change(s.meetings(), id, v, c);
                    },
                    from, to);
              }});
  router.add({"GET", item + "/history", Access::read(), [=](RequestContext& ctx) { return history(ctx, table); }});
}

}  // namespace

void add_meeting_routes(Router& router) {
  const auto writers = Access::write(WriteArea::meetings);
  router.add({"POST", "/api/v1/meetings", writers,
              [](RequestContext& ctx) {
                return create_record(
                    ctx, "meetings", from_json,
                    [](db::Store& s, const Meeting& m) { return schedule_meeting(s.meetings(), m); }, to_json);
              },
              true});
  router.add({"GET", "/api/v1/meetings", Access::read(), list_meetings});
  router.add({"GET", "/api/v1/meetings/{id}", Access::read(), [](RequestContext& ctx) {
                return get_record(
                    ctx, "meeting", [](db::Store& s, const std::string& id) { return s.meetings().find(id); }, to_json);
              }});
  router.add({"PATCH", "/api/v1/meetings/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Meeting>(
                    ctx, "meeting",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Meeting>& c) {
                      return change_meeting(s.meetings(), id, v, c);
                    },
                    from_json, to_json);
              }});
  router.add({"GET", "/api/v1/meetings/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "meetings"); }});
  router.add({"GET", "/api/v1/meetings/{id}/quorum", Access::read(), quorum});

  router.add({"POST", "/api/v1/meetings/{id}/agenda-items", writers,
              [](RequestContext& ctx) {
                return create_child<AgendaItem>(
                    ctx, "agenda-items", item_from,
                    [](db::Store& s, const AgendaItem& i) { return add_agenda_item(s.meetings(), i); }, item_json);
              },
              true});
  router.add({"GET", "/api/v1/meetings/{id}/agenda-items", Access::read(), [](RequestContext& ctx) {
                return meeting_child_list(
                    ctx,
                    [](MeetingRepository& r, const std::string& id, const PageRequest& p) { return r.items_of(id, p); },
                    item_json);
              }});
  add_child_item_routes<AgendaItem>(
      router, "agenda-items", "agenda_items", "agenda item",
      [](MeetingRepository& r, const std::string& id) { return r.find_item(id, false); }, &change_agenda_item,
      item_from, item_json);

  router.add({"POST", "/api/v1/meetings/{id}/attendance", writers,
              [](RequestContext& ctx) {
                return create_child<Attendance>(
                    ctx, "attendance", attendance_from,
                    [](db::Store& s, const Attendance& a) { return record_attendance(s.meetings(), a); },
                    attendance_json);
              },
              true});
  router.add(
      {"GET", "/api/v1/meetings/{id}/attendance", Access::read(), [](RequestContext& ctx) {
         return meeting_child_list(
             ctx,
             [](MeetingRepository& r, const std::string& id, const PageRequest& p) { return r.attendance_of(id, p); },
             attendance_json);
       }});
  add_child_item_routes<Attendance>(
      router, "attendance", "attendance", "attendance record",
      [](MeetingRepository& r, const std::string& id) { return r.find_attendance(id, false); }, &change_attendance,
      attendance_from, attendance_json);

  router.add({"POST", "/api/v1/meetings/{id}/declarations", writers,
              [](RequestContext& ctx) {
                return create_child<Declaration>(
                    ctx, "declarations", declaration_from,
                    [](db::Store& s, const Declaration& d) { return record_declaration(s.meetings(), d); },
                    declaration_json);
              },
              true});
  router.add(
      {"GET", "/api/v1/meetings/{id}/declarations", Access::read(), [](RequestContext& ctx) {
         return meeting_child_list(
             ctx,
             [](MeetingRepository& r, const std::string& id, const PageRequest& p) { return r.declarations_of(id, p); },
             declaration_json);
       }});
  add_child_item_routes<Declaration>(
      router, "declarations", "declarations", "declaration",
      [](MeetingRepository& r, const std::string& id) { return r.find_declaration(id, false); }, &change_declaration,
      declaration_from, declaration_json);
}

}  // namespace incommon::http
