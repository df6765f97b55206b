#include "domain/consultation/consultation.hpp"

#include <algorithm>
#include <cctype>

#include "domain/core/text.hpp"

namespace incommon {

ConsultationState state_on(const Consultation& c, const Date& day) {
  if (day < c.opens_on) return ConsultationState::upcoming;
  if (c.closes_on < day) return ConsultationState::closed;
  return ConsultationState::open;
}

namespace {

bool is_web_address(const std::string& url) {
  return (url.starts_with("https://") || url.starts_with("http://")) && url.size() > 8 &&
         url.find_first_of(" \t\r\n\"<>") == std::string::npos;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Status validate(const Consultation& c) {
  Violations v;
  check_text(v, "title", c.title, 300);
  if (c.summary) check_length(v, "summary", *c.summary, 20000);
  if (c.closes_on < c.opens_on) v.add("closes_on", "closes_on must not be before opens_on");
  if (c.document) {
    check_text(v, "document.title", c.document->title, 300);
    if (!is_web_address(c.document->url) || c.document->url.size() > 2000)
      v.add("document.url", "document.url must be an http(s) address");
    if (c.document->size_bytes && *c.document->size_bytes < 0)
      v.add("document.size_bytes", "document.size_bytes must be 0 or more");
    if (c.document->media_type) check_text(v, "document.media_type", *c.document->media_type, 100);
  }
  return v.result();
}

Status validate(const ConsultationEvent& e) {
  Violations v;
  check_text(v, "title", e.title, 300);
  for (auto [name, text] : {std::pair{"area", &e.area}, std::pair{"venue", &e.venue}, std::pair{"address", &e.address}})
    if (*text) check_length(v, name, **text, 500);
  if (!(e.starts_at < e.ends_at)) v.add("ends_at", "ends_at must be after starts_at");
  if (e.doors_open_at && e.starts_at < *e.doors_open_at)
    v.add("doors_open_at", "doors_open_at must not be after starts_at");
  if (e.capacity < 1 || e.capacity > 100000) v.add("capacity", "capacity must be from 1 to 100000");
  return v.result();
}

Status validate(const Booking& b) {
  Violations v;
  check_text(v, "name", b.name, 200);
  const auto at = b.email.find('@');
  if (b.email.size() > 320 || at == std::string::npos || at == 0 || at + 1 >= b.email.size() ||
      b.email.find_first_of(" \t\r\n,;<>") != std::string::npos)
    v.add("email", "email must be an email address");
  if (b.party_size < 1 || b.party_size > 6) v.add("party_size", "party_size must be from 1 to 6");
  if (b.access_needs) check_length(v, "access_needs", *b.access_needs, 2000);
  return v.result();
}

Result<Consultation> open_consultation(ConsultationRepository& repo, const Consultation& c) {
  if (auto ok = validate(c); !ok) return fail(ok.error());
  if (c.programme_id && !repo.programme_exists(*c.programme_id))
    return fail(Error::rule("programme_id", "programme_id names no programme"));
  return repo.insert(c);
}

Result<Consultation> change_consultation(ConsultationRepository& repo, const std::string& id,
                                         std::optional<std::int64_t> expected_version,
                                         const Change<Consultation>& change) {
  return change_record<Consultation>(repo, "consultation", id, expected_version, change,
                                     [&](const Consultation&, Consultation& next) -> Status {
                                       if (auto ok = validate(next); !ok) return ok;
                                       if (next.programme_id && !repo.programme_exists(*next.programme_id))
                                         return fail(Error::rule("programme_id", "programme_id names no programme"));
                                       return {};
                                     });
}

Result<ConsultationEvent> add_event(ConsultationRepository& repo, const ConsultationEvent& e) {
  if (!repo.find(e.consultation_id)) return fail(Error::not_found("No consultation has id " + e.consultation_id + "."));
  if (auto ok = validate(e); !ok) return fail(ok.error());
  return repo.insert_event(e);
}

namespace {

struct EventStore {
  ConsultationRepository& repo;
  std::optional<ConsultationEvent> find_for_update(const std::string& id) { return repo.find_event(id, true); }
  Result<ConsultationEvent> save(const ConsultationEvent& e) { return repo.save_event(e); }
};

}  // namespace

Result<ConsultationEvent> change_event(ConsultationRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Change<ConsultationEvent>& change) {
  EventStore events{repo};
  return change_record<ConsultationEvent>(
      events, "event", id, expected_version, change,
      [](const ConsultationEvent& before, ConsultationEvent& next) -> Status {
        next.consultation_id = before.consultation_id;
        next.booked = before.booked;
        if (auto ok = validate(next); !ok) return ok;
        if (next.capacity < before.booked)
          return fail(Error::rule("capacity", "capacity cannot fall below the " + std::to_string(before.booked) +
                                                  " places already booked"));
        return {};
      });
}

Result<Booking> book_places(ConsultationRepository& repo, Booking b,
                            const std::function<std::string()>& make_reference) {
  if (auto ok = validate(b); !ok) return fail(ok.error());
  auto event = repo.find_event(b.event_id, false);
  if (!event) return fail(Error::not_found("No event has id " + b.event_id + "."));
  if (event->status != EventStatus::scheduled)
    return fail(Error::conflict("The event is " + std::string(to_string(event->status)) + " and takes no bookings.",
                                event->meta.id)
                    .as(ProblemType::event_not_bookable));
  auto taken = repo.take_places(b.event_id, b.party_size);
  if (!taken) {
    auto now = repo.find_event(b.event_id, false);
    const int left = now ? places_left(*now) : 0;
    return fail(Error::conflict(left == 0 ? "The event is fully booked."
                                          : "Only " + std::to_string(left) + (left == 1 ? " place is" : " places are") +
                                                " left for a party of " + std::to_string(b.party_size) + ".",
                                event->meta.id, "party_size")
                    .as(left == 0 ? ProblemType::event_full : ProblemType::too_few_places));
  }
  b.status = BookingStatus::confirmed;
  for (int attempt = 0; attempt < 5; ++attempt) {
    b.reference = make_reference();
    if (auto saved = repo.insert_booking(b)) return *saved;
  }
  return fail(Error::internal("could not draw an unused booking reference"));
}

Result<Booking> cancel_booking(ConsultationRepository& repo, const std::string& reference, const std::string& email) {
  auto b = repo.find_booking(reference, true);
  if (!b || lower(b->email) != lower(email))
    return fail(Error::not_found("No booking matches that reference and email."));
  if (b->status == BookingStatus::cancelled)
    return fail(Error::conflict("The booking is already cancelled.").as(ProblemType::booking_cancelled));
  repo.release_places(b->event_id, b->party_size);
  b->status = BookingStatus::cancelled;
  return repo.save_booking(*b);
}

}  // namespace incommon
