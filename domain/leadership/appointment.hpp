#pragma once
// Appointments to office. One appointment may cover several organisations (a shared
// accountable officer covers six CCGs). Some offices have one holder at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class OfficeRole {
  accountable_officer,
  clinical_chair,
  chair,
  chief_finance_officer,
  lay_member,
  governing_body_gp,
  secretary,
  other
};

template <>
struct EnumNames<OfficeRole> {
  static constexpr std::array<std::pair<OfficeRole, std::string_view>, 8> table{{
      {OfficeRole::accountable_officer, "accountable_officer"},
      {OfficeRole::clinical_chair, "clinical_chair"},
      {OfficeRole::chair, "chair"},
      {OfficeRole::chief_finance_officer, "chief_finance_officer"},
      {OfficeRole::lay_member, "lay_member"},
      {OfficeRole::governing_body_gp, "governing_body_gp"},
      {OfficeRole::secretary, "secretary"},
      {OfficeRole::other, "other"},
  }};
};

// An organisation has at most one holder of these offices on any date.
bool is_sole_office(OfficeRole role);

struct Appointment {
  RecordMeta meta;
  std::string person_id;
  OfficeRole role = OfficeRole::other;
  std::vector<std::string> organisation_ids;  // sorted, distinct
  Date starts_on;
  std::optional<Date> ends_on;  // inclusive; none: open-ended

  bool covers(const Date& d) const { return starts_on <= d && (!ends_on || d <= *ends_on); }
};

// Whether two inclusive periods (open end: none) share a day.
bool periods_overlap(const Date& a_start, const std::optional<Date>& a_end, const Date& b_start,
                     const std::optional<Date>& b_end);

// Record-only rules; sorts and de-duplicates organisation_ids.
Status validate(Appointment& appointment);

struct AppointmentFilter {
  std::optional<std::string> person_id;
  std::optional<std::string> organisation_id;
  OneOf<OfficeRole> role;
  std::optional<Date> on;  // held on that date
};

// What the rules need to know of an organisation.
struct OrganisationFacts {
  std::string id;
  std::string name;
  std::optional<Date> dissolved_on;
};

struct OfficeHolder {
  Appointment appointment;
  std::string person_title;  // empty when none
  std::string person_name;
};

class AppointmentRepository {
 public:
  virtual ~AppointmentRepository() = default;
  virtual Result<Appointment> insert(const Appointment& a) = 0;
  virtual std::optional<Appointment> find(const std::string& id) = 0;
  virtual std::optional<Appointment> find_for_update(const std::string& id) = 0;
  virtual Page<Appointment> list(const AppointmentFilter& filter, const PageRequest& page) = 0;
  virtual Result<Appointment> save(const Appointment& a) = 0;

  // Serialises appointments to `role` at these organisations until the transaction ends.
  virtual void lock_offices(const std::vector<std::string>& organisation_ids, OfficeRole role) = 0;
  // Other appointments to `role` sharing an organisation and a day with `a`.
  virtual std::vector<Appointment> clashes(const Appointment& a) = 0;
  virtual bool person_exists(const std::string& id) = 0;
  virtual std::vector<OrganisationFacts> organisations(const std::vector<std::string>& ids) = 0;
  // Holders of office at `organisation_id` on `on`, by role.
  virtual std::vector<OfficeHolder> office_holders(const std::string& organisation_id, const Date& on) = 0;
};

Result<Appointment> appoint(AppointmentRepository& repo, Appointment a);
Result<Appointment> change_appointment(AppointmentRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version, const Change<Appointment>& change);

}  // namespace incommon
