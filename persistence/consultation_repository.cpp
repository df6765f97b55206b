#include "persistence/consultation_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "consultations.id::text, consultations.version, consultations.created_at, "
    "consultations.updated_at, consultations.programme_id::text, consultations.title, consultations.summary, "
    "consultations.opens_on::text, consultations.closes_on::text, consultations.document_title, "
    "consultations.document_url, consultations.document_size_bytes, consultations.document_media_type";
constexpr std::string_view kFields =
    "programme_id, title, summary, opens_on, closes_on, document_title, document_url, document_size_bytes, "
    "document_media_type";

constexpr std::string_view kEventColumns =
    "consultation_events.id::text, consultation_events.version, consultation_events.created_at, "
    "consultation_events.updated_at, consultation_events.consultation_id::text, consultation_events.title, "
    "consultation_events.area, consultation_events.venue, consultation_events.address, "
    "consultation_events.starts_at, consultation_events.ends_at, "
    "consultation_events.doors_open_at, consultation_events.capacity, "
    "consultation_events.booking_required::text, consultation_events.status, consultation_events.booked";
constexpr std::string_view kEventFields =
    "consultation_id, title, area, venue, address, starts_at, ends_at, doors_open_at, capacity, booking_required, status";

constexpr std::string_view kBookingColumns =
    "bookings.id::text, bookings.version, bookings.created_at, bookings.updated_at, "
    "bookings.event_id::text, bookings.reference, bookings.name, bookings.email, bookings.party_size, "
    "bookings.access_needs, bookings.status, bookings.cancelled_at";
constexpr std::string_view kBookingFields = "event_id, reference, name, email, party_size, access_needs, status";

Consultation from_row(const Row& r) {
  Consultation c;
  c.meta = record_meta(r);
  c.programme_id = r.at(4);
  c.title = r.text(5);
  c.summary = r.at(6);
  c.opens_on = r.date(7).value_or(Date());
  c.closes_on = r.date(8).value_or(Date());
  if (r.at(9)) c.document = ConsultationDocument{r.text(9), r.text(10), r.int64(11), r.at(12)};
  return c;
}

std::string bind_fields(Query& q, const Consultation& c) {
  std::optional<std::string> title, url, media;
  std::optional<std::int64_t> size;
  if (c.document) {
    title = c.document->title;
    url = c.document->url;
    size = c.document->size_bytes;
    media = c.document->media_type;
  }
  return q.bind_list(c.programme_id, c.title, c.summary, std::optional<Date>(c.opens_on), std::optional<Date>(c.closes_on), title,
                     url, size, media);
}

ConsultationEvent event_from(const Row& r) {
  ConsultationEvent e;
  e.meta = record_meta(r);
  e.consultation_id = r.text(4);
  e.title = r.text(5);
  e.area = r.at(6);
  e.venue = r.at(7);
  e.address = r.at(8);
  e.starts_at = Instant::parse(r.text(9)).value_or(Instant());
  e.ends_at = Instant::parse(r.text(10)).value_or(Instant());
  if (r.at(11)) e.doors_open_at = Instant::parse(r.text(11));
  e.capacity = static_cast<int>(r.int64(12).value_or(0));
  e.booking_required = r.boolean(13);
  e.status = parse_enum<EventStatus>(r.text(14)).value_or(EventStatus::scheduled);
  e.booked = static_cast<int>(r.int64(15).value_or(0));
  return e;
}

std::string bind_event(Query& q, const ConsultationEvent& e) {
  std::optional<std::string> doors;
  if (e.doors_open_at) doors = e.doors_open_at->to_string();
  return q.bind_list(e.consultation_id, e.title, e.area, e.venue, e.address, e.starts_at.to_string(), e.ends_at.to_string(),
                     doors, static_cast<std::int64_t>(e.capacity), std::string(e.booking_required ? "true" : "false"),
                     to_string(e.status));
}

Booking booking_from(const Row& r) {
  Booking b;
  b.meta = record_meta(r);
  b.event_id = r.text(4);
  b.reference = r.text(5);
  b.name = r.text(6);
  b.email = r.text(7);
  b.party_size = static_cast<int>(r.int64(8).value_or(1));
  b.access_needs = r.at(9);
  b.status = parse_enum<BookingStatus>(r.text(10)).value_or(BookingStatus::confirmed);
  b.cancelled_at = r.at(11);
  return b;
}

std::string bind_booking(Query& q, const Booking& b) {
  return q.bind_list(b.event_id, b.reference, b.name, b.email, static_cast<std::int64_t>(b.party_size), b.access_needs,
                     to_string(b.status));
}

}  // namespace

Result<Consultation> SqlConsultationRepository::insert(const Consultation& c) {
  Query q("INSERT INTO consultations (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, c)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Consultation> SqlConsultationRepository::find(const std::string& id) {
  return find_by_id(s_, "consultations", kColumns, id, false, from_row);
}
std::optional<Consultation> SqlConsultationRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "consultations", kColumns, id, true, from_row);
}

Page<Consultation> SqlConsultationRepository::list(const std::optional<std::string>& programme_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM consultations WHERE true");
  if (programme_id) q.sql(" AND consultations.programme_id = CAST(").sql(q.bind(*programme_id)).sql(" AS uuid)");
  if (page.after) append_after(q, "consultations.opens_on, consultations.id", *page.after, "date,uuid");
  q.sql(" ORDER BY consultations.opens_on, consultations.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Consultation> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Consultation& c) { return std::vector<std::string>{c.opens_on.to_string(), c.meta.id}; });
}

Result<Consultation> SqlConsultationRepository::save(const Consultation& c) {
  Query q("UPDATE consultations SET (");
  q.sql(kFields).sql(") = (").sql(bind_fields(q, c)).sql(") WHERE id = CAST(").sql(q.bind(c.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

bool SqlConsultationRepository::programme_exists(const std::string& id) { return exists(s_, "programmes", id); }

Result<ConsultationEvent> SqlConsultationRepository::insert_event(const ConsultationEvent& e) {
  Query q("INSERT INTO consultation_events (");
  q.sql(kEventFields).sql(") VALUES (").sql(bind_event(q, e)).sql(") RETURNING ").sql(kEventColumns);
  return event_from(*q.fetch_one(s_));
}

std::optional<ConsultationEvent> SqlConsultationRepository::find_event(const std::string& id, bool lock) {
  return find_by_id(s_, "consultation_events", kEventColumns, id, lock, event_from);
}

Page<ConsultationEvent> SqlConsultationRepository::events_of(const std::string& consultation_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kEventColumns).sql(" FROM consultation_events WHERE consultation_events.consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid)");
  if (page.after) append_after(q, "consultation_events.starts_at, consultation_events.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY consultation_events.starts_at, consultation_events.id LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<ConsultationEvent> items;
  for (const auto& r : q.fetch(s_)) items.push_back(event_from(r));
  return make_page(std::move(items), page.limit,
                   [](const ConsultationEvent& e) { return std::vector<std::string>{e.starts_at.to_string(), e.meta.id}; });
}

Result<ConsultationEvent> SqlConsultationRepository::save_event(const ConsultationEvent& e) {
  Query q("UPDATE consultation_events SET (");
  q.sql(kEventFields).sql(") = (").sql(bind_event(q, e)).sql(") WHERE id = CAST(").sql(q.bind(e.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kEventColumns);
  return event_from(*q.fetch_one(s_));
}

std::optional<ConsultationEvent> SqlConsultationRepository::take_places(const std::string& event_id, int places) {
  // One statement: the row lock it takes queues concurrent bookings, and each sees the
  // places its predecessors took.
  Query q("UPDATE consultation_events SET booked = booked + CAST(");
  q.sql(q.bind(static_cast<std::int64_t>(places))).sql(" AS int) WHERE id = CAST(").sql(q.bind(event_id));
  q.sql(" AS uuid) AND status = 'scheduled' AND booked + CAST(").sql(q.bind(static_cast<std::int64_t>(places)));
  q.sql(" AS int) <= capacity RETURNING ").sql(kEventColumns);
  auto row = with_audit_action(s_, "book", [&] { return q.fetch_one(s_); });
  if (!row) return std::nullopt;
  return event_from(*row);
}

void SqlConsultationRepository::release_places(const std::string& event_id, int places) {
  Query q("UPDATE consultation_events SET booked = booked - CAST(");
  q.sql(q.bind(static_cast<std::int64_t>(places))).sql(" AS int) WHERE id = CAST(").sql(q.bind(event_id)).sql(" AS uuid)");
  with_audit_action(s_, "cancel_booking", [&] { return q.execute(s_); });
}

std::optional<Booking> SqlConsultationRepository::insert_booking(const Booking& b) {
  Query q("INSERT INTO bookings (");
  q.sql(kBookingFields).sql(") VALUES (").sql(bind_booking(q, b)).sql(") ON CONFLICT (reference) DO NOTHING RETURNING ");
  q.sql(kBookingColumns);
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return booking_from(*row);
}

std::optional<Booking> SqlConsultationRepository::find_booking(const std::string& reference, bool lock) {
  Query q("SELECT ");
  q.sql(kBookingColumns).sql(" FROM bookings WHERE reference = ").sql(q.bind(reference));
  if (lock) q.sql(" FOR UPDATE");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return booking_from(*row);
}

Page<Booking> SqlConsultationRepository::bookings_of(const std::string& event_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kBookingColumns).sql(" FROM bookings WHERE bookings.event_id = CAST(").sql(q.bind(event_id)).sql(" AS uuid)");
  if (page.after) append_after(q, "bookings.created_at, bookings.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY bookings.created_at, bookings.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Booking> items;
  for (const auto& r : q.fetch(s_)) items.push_back(booking_from(r));
  return make_page(std::move(items), page.limit,
                   [](const Booking& b) { return std::vector<std::string>{b.meta.created_at, b.meta.id}; });
}

Result<Booking> SqlConsultationRepository::save_booking(const Booking& b) {
  Query q("UPDATE bookings SET (");
  q.sql(kBookingFields).sql(") = (").sql(bind_booking(q, b)).sql(") WHERE id = CAST(").sql(q.bind(b.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kBookingColumns);
  return booking_from(*q.fetch_one(s_));
}

}  // namespace incommon::db
