#pragma once
// A public consultation: its document, its dates (and so its state), and its public events
// with booked places that never exceed capacity.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class ConsultationState { upcoming, open, closed };
enum class EventStatus { scheduled, held, cancelled };
enum class BookingStatus { confirmed, cancelled };

template <>
struct EnumNames<ConsultationState> {
  static constexpr std::array<std::pair<ConsultationState, std::string_view>, 3> table{
      {{ConsultationState::upcoming, "upcoming"},
       {ConsultationState::open, "open"},
       {ConsultationState::closed, "closed"}}};
};
template <>
struct EnumNames<EventStatus> {
  static constexpr std::array<std::pair<EventStatus, std::string_view>, 3> table{
      {{EventStatus::scheduled, "scheduled"}, {EventStatus::held, "held"}, {EventStatus::cancelled, "cancelled"}}};
};
template <>
struct EnumNames<BookingStatus> {
  static constexpr std::array<std::pair<BookingStatus, std::string_view>, 2> table{
      {{BookingStatus::confirmed, "confirmed"}, {BookingStatus::cancelled, "cancelled"}}};
};

struct ConsultationDocument {
  std::string title;
  std::string url;
  std::optional<std::int64_t> size_bytes;
  std::optional<std::string> media_type;
};

struct Consultation {
  RecordMeta meta;
  std::optional<std::string> programme_id;
  std::string title;
  std::optional<std::string> summary;
  Date opens_on;
  Date closes_on;  // the last day responses are taken
  std::optional<ConsultationDocument> document;
};

ConsultationState state_on(const Consultation& c, const Date& day);
Status validate(const Consultation& c);

struct ConsultationEvent {
  RecordMeta meta;
  std::string consultation_id;
  std::string title;
  std::optional<std::string> area;
  std::optional<std::string> venue;
  std::optional<std::string> address;
  Instant starts_at;
  Instant ends_at;
  std::optional<Instant> doors_open_at;
  int capacity = 0;
  bool booking_required = false;
  EventStatus status = EventStatus::scheduled;
  int booked = 0;  // places taken by confirmed bookings, kept by the server
};

inline int places_left(const ConsultationEvent& e) {
  return e.capacity - e.booked;
}
Status validate(const ConsultationEvent& e);

// A booking carries the only personal data of the public: name and email.
struct Booking {
  RecordMeta meta;
  std::string event_id;
  std::string reference;  // short and human-friendly, made by the server
  std::string name;
  std::string email;
  int party_size = 1;
  std::optional<std::string> access_needs;
  BookingStatus status = BookingStatus::confirmed;
  std::optional<std::string> cancelled_at;
};

Status validate(const Booking& b);

class ConsultationRepository {
 public:
  virtual ~ConsultationRepository() = default;
  virtual Result<Consultation> insert(const Consultation& c) = 0;
  virtual std::optional<Consultation> find(const std::string& id) = 0;
  virtual std::optional<Consultation> find_for_update(const std::string& id) = 0;
  virtual Page<Consultation> list(const std::optional<std::string>& programme_id, const PageRequest& page) = 0;
  virtual Result<Consultation> save(const Consultation& c) = 0;
  virtual bool programme_exists(const std::string& id) = 0;

  virtual Result<ConsultationEvent> insert_event(const ConsultationEvent& e) = 0;
  virtual std::optional<ConsultationEvent> find_event(const std::string& id, bool lock) = 0;
  virtual Page<ConsultationEvent> events_of(const std::string& consultation_id, const PageRequest& page) = 0;
  virtual Result<ConsultationEvent> save_event(const ConsultationEvent& e) = 0;
  // Takes `places` of a scheduled event in one conditional statement, or nothing when fewer
  // are left: concurrent bookings can never overbook.
  virtual std::optional<ConsultationEvent> take_places(const std::string& event_id, int places) = 0;
  virtual void release_places(const std::string& event_id, int places) = 0;

  // None when the reference is already taken (the caller draws another).
  virtual std::optional<Booking> insert_booking(const Booking& b) = 0;
  virtual std::optional<Booking> find_booking(const std::string& reference, bool lock) = 0;
  virtual Page<Booking> bookings_of(const std::string& event_id, const PageRequest& page) = 0;
  virtual Result<Booking> save_booking(const Booking& b) = 0;
};

Result<Consultation> open_consultation(ConsultationRepository& repo, const Consultation& c);
Result<Consultation> change_consultation(ConsultationRepository& repo, const std::string& id,
                                         std::optional<std::int64_t> expected_version,
                                         const Change<Consultation>& change);
Result<ConsultationEvent> add_event(ConsultationRepository& repo, const ConsultationEvent& e);
// Capacity may not fall below the places already booked.
Result<ConsultationEvent> change_event(ConsultationRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Change<ConsultationEvent>& change);

// 409 when the event is cancelled or has fewer places left than the party.
Result<Booking> book_places(ConsultationRepository& repo, Booking b,
                            const std::function<std::string()>& make_reference);
// The booking's email (any case) must match: otherwise it is not found.
Result<Booking> cancel_booking(ConsultationRepository& repo, const std::string& reference, const std::string& email);

}  // namespace incommon
