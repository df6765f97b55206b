#include "persistence/consultation_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

// The document's fields, present together or not at all (its title says which).
template <class M>
Column<Consultation> document_field(std::string name, M ConsultationDocument::*member) {
  return custom<Consultation>(
      std::move(name),
      [member](Consultation& c, const Value& v) {
        if (!v && !c.document) return;
        if (!c.document) c.document.emplace();
        Codec<M>::read((*c.document).*member, v);
      },
      [member](const Consultation& c) { return c.document ? Codec<M>::write((*c.document).*member) : Value(); });
}

const Table<Consultation> kConsultations("consultations",
                                         {
                                             field("programme_id", &Consultation::programme_id),
                                             field("title", &Consultation::title),
                                             field("summary", &Consultation::summary),
                                             field("opens_on", &Consultation::opens_on),
                                             field("closes_on", &Consultation::closes_on),
                                             document_field("document_title", &ConsultationDocument::title),
                                             document_field("document_url", &ConsultationDocument::url),
                                             document_field("document_size_bytes", &ConsultationDocument::size_bytes),
                                             document_field("document_media_type", &ConsultationDocument::media_type),
                                         });

const Table<ConsultationEvent> kEvents(
    "consultation_events",
    {
        field("consultation_id", &ConsultationEvent::consultation_id), field("title", &ConsultationEvent::title),
        field("area", &ConsultationEvent::area), field("venue", &ConsultationEvent::venue),
        field("address", &ConsultationEvent::address), field("starts_at", &ConsultationEvent::starts_at),
        field("ends_at", &ConsultationEvent::ends_at), field("doors_open_at", &ConsultationEvent::doors_open_at),
        field("capacity", &ConsultationEvent::capacity),
        field("booking_required", &ConsultationEvent::booking_required), field("status", &ConsultationEvent::status),
        stored("booked", &ConsultationEvent::booked),  // moved only by take_places and release_places
    });

const Table<Booking> kBookings("bookings", {
                                               field("event_id", &Booking::event_id),
                                               field("reference", &Booking::reference),
                                               field("name", &Booking::name),
                                               field("email", &Booking::email),
                                               field("party_size", &Booking::party_size),
                                               field("access_needs", &Booking::access_needs),
                                               field("status", &Booking::status),
                                               stored("cancelled_at", &Booking::cancelled_at),
                                           });

}  // namespace

Result<Consultation> SqlConsultationRepository::insert(const Consultation& c) {
  return kConsultations.add(s_, c);
}

std::optional<Consultation> SqlConsultationRepository::find(const std::string& id) {
  return kConsultations.find(s_, id, false);
}
std::optional<Consultation> SqlConsultationRepository::find_for_update(const std::string& id) {
  return kConsultations.find(s_, id, true);
}

Page<Consultation> SqlConsultationRepository::list(const std::optional<std::string>& programme_id,
                                                   const PageRequest& page) {
  Query q = kConsultations.select();
  q.sql(" WHERE true");
  if (programme_id) q.sql(" AND consultations.programme_id = CAST(").sql(q.bind(*programme_id)).sql(" AS uuid)");
  if (page.after) append_after(q, "consultations.opens_on, consultations.id", *page.after, "date,uuid");
  q.sql(" ORDER BY consultations.opens_on, consultations.id");
  return kConsultations.page(s_, std::move(q), page, [](const Consultation& c) {
    return std::vector<std::string>{c.opens_on.to_string(), c.meta.id};
  });
}

Result<Consultation> SqlConsultationRepository::save(const Consultation& c) {
  return kConsultations.save(s_, c, "consultation");
}

bool SqlConsultationRepository::programme_exists(const std::string& id) {
  return exists(s_, "programmes", id);
}

Result<ConsultationEvent> SqlConsultationRepository::insert_event(const ConsultationEvent& e) {
  return kEvents.add(s_, e);
}

std::optional<ConsultationEvent> SqlConsultationRepository::find_event(const std::string& id, bool lock) {
  return kEvents.find(s_, id, lock);
}

Page<ConsultationEvent> SqlConsultationRepository::events_of(const std::string& consultation_id,
                                                             const PageRequest& page) {
  Query q = kEvents.select();
  q.sql(" WHERE consultation_events.consultation_id = CAST(").sql(q.bind(consultation_id)).sql(" AS uuid)");
  if (page.after)
    append_after(q, "consultation_events.starts_at, consultation_events.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY consultation_events.starts_at, consultation_events.id");
  return kEvents.page(s_, std::move(q), page, [](const ConsultationEvent& e) {
    return std::vector<std::string>{e.starts_at.to_string(), e.meta.id};
  });
}

Result<ConsultationEvent> SqlConsultationRepository::save_event(const ConsultationEvent& e) {
  return kEvents.save(s_, e, "event");
}

std::optional<ConsultationEvent> SqlConsultationRepository::take_places(const std::string& event_id, int places) {
  // One statement: the row lock it takes queues concurrent bookings, and each sees the
  // places its predecessors took.
  Query q("UPDATE consultation_events SET booked = booked + CAST(");
  q.sql(q.bind(static_cast<std::int64_t>(places))).sql(" AS int) WHERE id = CAST(").sql(q.bind(event_id));
  q.sql(" AS uuid) AND status = 'scheduled' AND booked + CAST(").sql(q.bind(static_cast<std::int64_t>(places)));
  q.sql(" AS int) <= capacity RETURNING ").sql(kEvents.columns());
  auto row = with_audit_action(s_, "book", [&] { return q.fetch_one(s_); });
  if (!row) return std::nullopt;
  return kEvents.from_row(*row);
}

void SqlConsultationRepository::release_places(const std::string& event_id, int places) {
  Query q("UPDATE consultation_events SET booked = booked - CAST(");
  q.sql(q.bind(static_cast<std::int64_t>(places)))
      .sql(" AS int) WHERE id = CAST(")
      .sql(q.bind(event_id))
      .sql(" AS uuid)");
  with_audit_action(s_, "cancel_booking", [&] { return q.execute(s_); });
}

std::optional<Booking> SqlConsultationRepository::insert_booking(const Booking& b) {
  Query q("INSERT INTO bookings (");
  q.sql(kBookings.fields()).sql(") VALUES (").sql(kBookings.bind_fields(q, b));
  q.sql(") ON CONFLICT (reference) DO NOTHING RETURNING ").sql(kBookings.columns());
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return kBookings.from_row(*row);
}

std::optional<Booking> SqlConsultationRepository::find_booking(const std::string& reference, bool lock) {
  Query q = kBookings.select();
  q.sql(" WHERE bookings.reference = ").sql(q.bind(reference));
  if (lock) q.sql(" FOR UPDATE");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return kBookings.from_row(*row);
}

Page<Booking> SqlConsultationRepository::bookings_of(const std::string& event_id, const PageRequest& page) {
  Query q = kBookings.select();
  q.sql(" WHERE bookings.event_id = CAST(").sql(q.bind(event_id)).sql(" AS uuid)");
  if (page.after) append_after(q, "bookings.created_at, bookings.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY bookings.created_at, bookings.id");
  return kBookings.page(s_, std::move(q), page, [](const Booking& b) {
    return std::vector<std::string>{b.meta.created_at, b.meta.id};
  });
}

Result<Booking> SqlConsultationRepository::save_booking(const Booking& b) {
  return kBookings.save(s_, b, "booking");
}

}  // namespace incommon::db
