#pragma once
// SqlConsultationRepository: the PostgreSQL side of consultation.hpp. Internal to persistence.
#include "domain/consultation/consultation.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlConsultationRepository final : public ConsultationRepository {
 public:
  explicit SqlConsultationRepository(soci::session& s) : s_(s) {}
  Result<Consultation> insert(const Consultation& c) override;
  std::optional<Consultation> find(const std::string& id) override;
  std::optional<Consultation> find_for_update(const std::string& id) override;
  Page<Consultation> list(const std::optional<std::string>& programme_id, const PageRequest& page) override;
  Result<Consultation> save(const Consultation& c) override;
  bool programme_exists(const std::string& id) override;
  Result<ConsultationEvent> insert_event(const ConsultationEvent& e) override;
  std::optional<ConsultationEvent> find_event(const std::string& id, bool lock) override;
  Page<ConsultationEvent> events_of(const std::string& consultation_id, const PageRequest& page) override;
  Result<ConsultationEvent> save_event(const ConsultationEvent& e) override;
  std::optional<ConsultationEvent> take_places(const std::string& event_id, int places) override;
  void release_places(const std::string& event_id, int places) override;
  std::optional<Booking> insert_booking(const Booking& b) override;
  std::optional<Booking> find_booking(const std::string& reference, bool lock) override;
  Page<Booking> bookings_of(const std::string& event_id, const PageRequest& page) override;
  Result<Booking> save_booking(const Booking& b) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
