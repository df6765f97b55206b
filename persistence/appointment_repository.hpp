#pragma once
// SqlAppointmentRepository: the PostgreSQL side of appointment.hpp. Internal to persistence.
#include "domain/leadership/appointment.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlAppointmentRepository final : public AppointmentRepository {
 public:
  explicit SqlAppointmentRepository(soci::session& s) : s_(s) {}
  Result<Appointment> insert(const Appointment& a) override;
  std::optional<Appointment> find(const std::string& id) override;
  std::optional<Appointment> find_for_update(const std::string& id) override;
  Page<Appointment> list(const AppointmentFilter& filter, const PageRequest& page) override;
  Result<Appointment> save(const Appointment& a) override;
  void lock_offices(const std::vector<std::string>& organisation_ids, OfficeRole role) override;
  std::vector<Appointment> clashes(const Appointment& a) override;
  bool person_exists(const std::string& id) override;
  std::vector<OrganisationFacts> organisations(const std::vector<std::string>& ids) override;
  std::vector<OfficeHolder> office_holders(const std::string& organisation_id, const Date& on) override;

 private:
  std::optional<Appointment> find(const std::string& id, bool lock);
  soci::session& s_;
};

}  // namespace incommon::db
