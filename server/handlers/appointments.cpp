// /api/v1/appointments and /api/v1/organisations/{id}/office-holders: who holds which office,
// where, and when; one appointment may cover several organisations.
#include "domain/leadership/appointment.hpp"
#include "domain/organisations/organisation.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"

namespace incommon::http {

json appointment_json(const Appointment& a) {
  return with_meta(a.meta, {{"person_id", a.person_id},
                            {"role", to_string(a.role)},
                            {"organisation_ids", a.organisation_ids},
                            {"starts_on", a.starts_on.to_string()},
                            {"ends_on", opt(a.ends_on)}});
}

namespace {

constexpr const char* kCollection = "appointments";

json to_json(const Appointment& a) {
  return appointment_json(a);
}

Result<Appointment> from_json(const json& body, bool merged) {
  FieldReader r(body, {"id", "version", "created_at", "updated_at"}, merged);
  Appointment a;
  a.person_id = r.required_uuid("person_id").value_or("");
  a.role = r.required_enum<OfficeRole>("role", OfficeRole::other);
  a.organisation_ids = r.required_uuid_list("organisation_ids").value_or(std::vector<std::string>{});
  a.starts_on = r.required_date("starts_on").value_or(Date());
  a.ends_on = r.optional_date("ends_on");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return a;
}

Answer create(RequestContext& ctx) {
  return create_record(
      ctx, kCollection, from_json,
      [](db::Store& store, const Appointment& a) { return appoint(store.appointments(), a); }, to_json);
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request, {"person_id", "organisation_id", "role", "on"}, true);
  AppointmentFilter f;
  f.person_id = q.uuid("person_id");
  f.organisation_id = q.uuid("organisation_id");
  f.role = q.one_of<OfficeRole>("role");
  f.on = q.date("on");
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.appointments().list(f, page), to_json));
  });
}

Answer get(RequestContext& ctx) {
  return get_record(
      ctx, "appointment", [](db::Store& store, const std::string& id) { return store.appointments().find(id); },
      to_json);
}

Answer patch(RequestContext& ctx) {
  return patch_record<Appointment>(
      ctx, "appointment",
      [](db::Store& store, const std::string& id, std::optional<std::int64_t> version,
         const Change<Appointment>& change) { return change_appointment(store.appointments(), id, version, change); },
      from_json, to_json);
}

Answer office_holders(RequestContext& ctx) {
  QueryReader q(ctx.request, {"on"}, false);
  const Date on = q.date("on").value_or(Date::today_utc());
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("organisation");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!store.organisations().find(*id)) return fail(not_found("organisation", *id));
    json holders = json::array();
    for (const auto& h : store.appointments().office_holders(*id, on))
      holders.push_back({{"role", to_string(h.appointment.role)},
                         {"person",
                          {{"id", h.appointment.person_id},
                           {"title", h.person_title.empty() ? json(nullptr) : json(h.person_title)},
                           {"full_name", h.person_name}}},
                         {"appointment", to_json(h.appointment)},
                         {"shared", h.appointment.organisation_ids.size() > 1}});
    return json_response(200, {{"organisation_id", *id}, {"on", on.to_string()}, {"office_holders", holders}});
  });
}

}  // namespace

void add_appointment_routes(Router& router) {
  const auto writers = Access::write(WriteArea::appointments);
  router.add({"POST", "/api/v1/appointments", writers, create, true});
  router.add({"GET", "/api/v1/appointments", Access::read(), list});
  router.add({"GET", "/api/v1/appointments/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/appointments/{id}", writers, patch});
  router.add({"GET", "/api/v1/appointments/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, kCollection); }});
  router.add({"GET", "/api/v1/organisations/{id}/office-holders", Access::read(), office_holders});
}

}  // namespace incommon::http
