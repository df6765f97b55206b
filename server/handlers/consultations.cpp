// The public consultation: consultations and their events (public reads), public bookings
// whose places never exceed capacity, cancellation by reference and email, and the booking
// lists with personal data for engagement staff only.
#include <openssl/rand.h>

#include "domain/consultation/consultation.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

json consultation_json(const Consultation& c, const Date& today) {
  json document = nullptr;
  if (c.document)
    document = {{"title", c.document->title},
                {"url", c.document->url},
                {"size_bytes", opt(c.document->size_bytes)},
                {"media_type", opt(c.document->media_type)}};
  return with_meta(c.meta, {{"programme_id", opt(c.programme_id)},
                            {"title", c.title},
                            {"summary", opt(c.summary)},
                            {"opens_on", c.opens_on.to_string()},
                            {"closes_on", c.closes_on.to_string()},
                            {"document", document},
                            {"state", to_string(state_on(c, today))}});
}
json consultation_today(const Consultation& c) {
  return consultation_json(c, Date::today_utc());
}

std::optional<ConsultationDocument> read_document(FieldReader& r) {
  const json* d = r.take("document");
  if (!d) return std::nullopt;
  if (!d->is_object()) {
    r.malformed("document", "document must be an object");
    return std::nullopt;
  }
  FieldReader e(*d, {});
  ConsultationDocument doc;
  doc.title = e.text("title");
  doc.url = e.text("url");
  doc.size_bytes = e.optional_integer("size_bytes");
  doc.media_type = e.optional_text("media_type");
  if (auto ok = e.finish(); !ok) {
    for (const auto& f : ok.error().errors) {
      if (ok.error().kind == ErrorKind::malformed)
        r.malformed("document." + f.field, f.message);
      else
        r.rule("document." + f.field, f.message);
    }
    return std::nullopt;
  }
  return doc;
}

Result<Consultation> consultation_from(const json& body, bool merged) {
  FieldReader r(body, {"id", "version", "created_at", "updated_at", "state"}, merged);
  Consultation c;
  c.programme_id = r.optional_uuid("programme_id");
  c.title = r.text("title");
  c.summary = r.optional_text("summary");
  c.opens_on = r.required_date("opens_on").value_or(Date());
  c.closes_on = r.required_date("closes_on").value_or(Date());
  c.document = read_document(r);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return c;
}

json event_json(const ConsultationEvent& e) {
  return with_meta(e.meta, {{"consultation_id", e.consultation_id},
                            {"title", e.title},
                            {"area", opt(e.area)},
                            {"venue", opt(e.venue)},
                            {"address", opt(e.address)},
                            {"starts_at", e.starts_at.to_string()},
                            {"ends_at", e.ends_at.to_string()},
                            {"doors_open_at", e.doors_open_at ? json(e.doors_open_at->to_string()) : json(nullptr)},
                            {"capacity", e.capacity},
                            {"booking_required", e.booking_required},
                            {"status", to_string(e.status)},
                            {"places_left", places_left(e)}});
}

const std::set<std::string> kEventOwned{"id", "version", "created_at", "updated_at", "consultation_id", "places_left"};

Result<ConsultationEvent> event_from(const json& body, bool merged) {
  FieldReader r(body, kEventOwned, merged);
  ConsultationEvent e;
  e.title = r.text("title");
  e.area = r.optional_text("area");
  e.venue = r.optional_text("venue");
  e.address = r.optional_text("address");
  e.starts_at = r.required_instant("starts_at").value_or(Instant());
  e.ends_at = r.required_instant("ends_at").value_or(Instant());
  e.doors_open_at = r.optional_instant("doors_open_at");
  auto capacity = r.require("capacity") ? r.optional_integer("capacity") : std::nullopt;
  e.capacity = capacity && *capacity > 0 && *capacity <= 100000 ? static_cast<int>(*capacity) : (capacity ? -1 : 1);
  e.booking_required = r.optional_boolean("booking_required").value_or(false);
  e.status = r.optional_enum<EventStatus>("status").value_or(EventStatus::scheduled);
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return e;
}

// What the public sees of its booking: never the name or email it gave.
json public_booking_json(const Booking& b, std::optional<int> left) {
  json out = {{"reference", b.reference},
              {"event_id", b.event_id},
              {"party_size", b.party_size},
              {"status", to_string(b.status)},
              {"created_at", b.meta.created_at}};
  if (left) out["places_left"] = *left;
  return out;
}

// For engagement staff: the booking list with personal data.
json booking_json(const Booking& b) {
  return with_meta(b.meta, {{"event_id", b.event_id},
                            {"reference", b.reference},
                            {"name", b.name},
                            {"email", b.email},
                            {"party_size", b.party_size},
                            {"access_needs", opt(b.access_needs)},
                            {"status", to_string(b.status)},
                            {"cancelled_at", opt(b.cancelled_at)}});
}

// "K7QM-3XPA": eight characters that cannot be mistaken for one another when read aloud.
std::string booking_reference() {
  static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness available");
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) out += '-';
    out += alphabet[bytes[i] % 32];
  }
  return out;
}

Answer list_consultations(RequestContext& ctx) {
  QueryReader q(ctx.request, {"programme_id"}, true);
  auto programme_id = q.uuid("programme_id");
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    return json_response(200, page_json(store.consultations().list(programme_id, page), consultation_today));
  });
}

Answer get_consultation(RequestContext& ctx) {
  auto as_of = as_of_param(ctx);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("consultation");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto c = store.consultations().find(*id);
    if (!c) return fail(not_found("consultation", *id));
    return ok_record(consultation_json(*c, *as_of), c->meta);
  });
}

Answer create_event(RequestContext& ctx) {
  auto consultation_id = ctx.require_id("consultation");
  if (!consultation_id) return fail(consultation_id.error());
  return create_record(
      ctx, "events",
      [&](const json& body, bool merged) {
        auto e = event_from(body, merged);
        if (e) e->consultation_id = *consultation_id;
        return e;
      },
      [](db::Store& s, const ConsultationEvent& e) { return add_event(s.consultations(), e); }, event_json);
}

bool consultation_exists(db::Store& s, const std::string& id) {
  return s.consultations().find(id).has_value();
}

Answer list_events(RequestContext& ctx) {
  return child_list(
      ctx, "consultation", consultation_exists,
      [](db::Store& s, const std::string& id, const PageRequest& page) {
        return s.consultations().events_of(id, page);
      },
      event_json);
}

Answer book(RequestContext& ctx) {
  auto event_id = ctx.require_id("event");
  if (!event_id) return fail(event_id.error());
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  Booking b;
  b.event_id = *event_id;
  b.name = r.text("name");
  b.email = r.text("email");
  auto party = r.optional_integer("party_size");
  b.party_size = party ? (*party >= 1 && *party <= 6 ? static_cast<int>(*party) : 0) : 1;
  b.access_needs = r.optional_text("access_needs");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto booked = book_places(store.consultations(), b, booking_reference);
    if (!booked) return fail(booked.error());
    auto event = store.consultations().find_event(*event_id, false);
    auto response =
        json_response(201, public_booking_json(*booked, event ? std::optional(places_left(*event)) : std::nullopt));
    response.header("Location", std::string(kApi) + "/bookings/" + booked->reference);
    return response;
  });
}

Answer cancel(RequestContext& ctx) {
  const std::string reference = ctx.params.at("reference");
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  const std::string email = r.text("email");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto cancelled = cancel_booking(store.consultations(), reference, email);
    if (!cancelled) return fail(cancelled.error());
    auto event = store.consultations().find_event(cancelled->event_id, false);
    return json_response(200,
                         public_booking_json(*cancelled, event ? std::optional(places_left(*event)) : std::nullopt));
  });
}

Answer list_bookings(RequestContext& ctx) {
  return child_list(
      ctx, "event",
      [](db::Store& s, const std::string& id) { return s.consultations().find_event(id, false).has_value(); },
      [](db::Store& s, const std::string& id, const PageRequest& page) {
        return s.consultations().bookings_of(id, page);
      },
      booking_json);
}

}  // namespace

void add_consultation_routes(Router& router) {
  const auto writers = Access::write(WriteArea::consultations);
  router.add({"POST", "/api/v1/consultations", writers,
              [](RequestContext& ctx) {
                return create_record(
                    ctx, "consultations", consultation_from,
                    [](db::Store& s, const Consultation& c) { return open_consultation(s.consultations(), c); },
                    consultation_today);
              },
              true});
  router.add({"GET", "/api/v1/consultations", Access::open(), list_consultations});
  router.add({"GET", "/api/v1/consultations/{id}", Access::open(), get_consultation});
  router.add({"PATCH", "/api/v1/consultations/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Consultation>(
                    ctx, "consultation",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v,
                       const Change<Consultation>& c) { return change_consultation(s.consultations(), id, v, c); },
                    consultation_from, consultation_today, {"state"});
              }});
  router.add({"GET", "/api/v1/consultations/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "consultations"); }});
  router.add({"POST", "/api/v1/consultations/{id}/events", Access::write(WriteArea::events), create_event, true});
  router.add({"GET", "/api/v1/consultations/{id}/events", Access::open(), list_events});
  router.add({"GET", "/api/v1/events/{id}", Access::open(), [](RequestContext& ctx) {
                return get_record(
                    ctx, "event",
                    [](db::Store& s, const std::string& id) { return s.consultations().find_event(id, false); },
                    event_json);
              }});
  router.add({"PATCH", "/api/v1/events/{id}", Access::write(WriteArea::events), [](RequestContext& ctx) {
                return patch_record<ConsultationEvent>(
                    ctx, "event",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v,
                       const Change<ConsultationEvent>& c) { return change_event(s.consultations(), id, v, c); },
                    event_from, event_json, kEventOwned);
              }});
  router.add({"GET", "/api/v1/events/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "consultation_events"); }});
  router.add({"POST", "/api/v1/events/{id}/bookings", Access::open(WriteArea::booking_lists), book, true});
  router.add({"GET", "/api/v1/events/{id}/bookings", Access::write(WriteArea::booking_lists), list_bookings});
  router.add({"POST", "/api/v1/bookings/{reference}/cancel", Access::open(WriteArea::booking_lists), cancel});
}

}  // namespace incommon::http
