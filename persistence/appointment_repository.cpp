#include "persistence/appointment_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Appointment> kAppointments("appointments", {
                                                           field("person_id", &Appointment::person_id),
                                                           field("role", &Appointment::role),
                                                           field("organisation_ids", &Appointment::organisation_ids),
                                                           field("starts_on", &Appointment::starts_on),
                                                           field("ends_on", &Appointment::ends_on),
                                                       });

}  // namespace

Result<Appointment> SqlAppointmentRepository::insert(const Appointment& a) {
  return kAppointments.add(s_, a);
}

std::optional<Appointment> SqlAppointmentRepository::find(const std::string& id, bool lock) {
  return kAppointments.find(s_, id, lock);
}
std::optional<Appointment> SqlAppointmentRepository::find(const std::string& id) {
  return find(id, false);
}
std::optional<Appointment> SqlAppointmentRepository::find_for_update(const std::string& id) {
  return find(id, true);
}

Page<Appointment> SqlAppointmentRepository::list(const AppointmentFilter& f, const PageRequest& page) {
  Query q = kAppointments.select();
  q.sql(" WHERE true");
  if (f.person_id) q.sql(" AND appointments.person_id = CAST(").sql(q.bind(*f.person_id)).sql(" AS uuid)");
  if (f.organisation_id)
    q.sql(" AND appointments.organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  q.and_any_of("appointments.role", f.role);
  if (f.on) {
    q.sql(" AND appointments.starts_on <= CAST(")
        .sql(q.bind(f.on))
        .sql(" AS date) AND (appointments.ends_on IS NULL OR ");
    q.sql("appointments.ends_on >= CAST(").sql(q.bind(f.on)).sql(" AS date))");
  }
  if (page.after) append_after(q, "appointments.starts_on, appointments.id", *page.after, "date,uuid");
  q.sql(" ORDER BY appointments.starts_on, appointments.id");
  return kAppointments.page(s_, std::move(q), page, [](const Appointment& a) {
    return std::vector<std::string>{a.starts_on.to_string(), a.meta.id};
  });
}

Result<Appointment> SqlAppointmentRepository::save(const Appointment& a) {
  return kAppointments.save(s_, a, "appointment");
}

void SqlAppointmentRepository::lock_offices(const std::vector<std::string>& organisation_ids, OfficeRole role) {
  // Sorted ids (validate sorts them) take their locks in one order: no deadlocks.
  for (const auto& id : organisation_ids) {
    Query q("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(");
    q.sql(q.bind("office:" + id + ":" + std::string(to_string(role)))).sql(", 0))");
    q.fetch(s_);
  }
}

std::vector<Appointment> SqlAppointmentRepository::clashes(const Appointment& a) {
  Query q = kAppointments.select();
  q.sql(" WHERE appointments.role = ").sql(q.bind(to_string(a.role)));
  q.sql(" AND appointments.organisation_ids && CAST(").sql(q.bind(id_array(a.organisation_ids))).sql(" AS uuid[])");
  q.sql(" AND daterange(appointments.starts_on, appointments.ends_on, '[]') && daterange(CAST(");
  q.sql(q.bind(std::optional<Date>(a.starts_on)))
      .sql(" AS date), CAST(")
      .sql(q.bind(a.ends_on))
      .sql(" AS date), '[]')");
  if (!a.meta.id.empty()) q.sql(" AND appointments.id <> CAST(").sql(q.bind(a.meta.id)).sql(" AS uuid)");
  return kAppointments.fetch(s_, q);
}

bool SqlAppointmentRepository::person_exists(const std::string& id) {
  return exists(s_, "people", id);
}

std::vector<OrganisationFacts> SqlAppointmentRepository::organisations(const std::vector<std::string>& ids) {
  Query q("SELECT id::text, name, dissolved_on::text FROM organisations WHERE id = ANY(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[]))");
  return fetch_all(s_, q, [](const Row& r) { return OrganisationFacts{r.text(0), r.text(1), r.date(2)}; });
}

std::vector<OfficeHolder> SqlAppointmentRepository::office_holders(const std::string& organisation_id, const Date& on) {
  Query q("SELECT ");
  q.sql(kAppointments.columns())
      .sql(
          ", p.title, p.full_name FROM appointments JOIN people p ON p.id = appointments.person_id "
          "WHERE appointments.id IN (SELECT appointment_id FROM appointment_offices WHERE organisation_id = CAST(");
  q.sql(q.bind(organisation_id)).sql(" AS uuid) AND period @> CAST(").sql(q.bind(std::optional<Date>(on)));
  q.sql(" AS date)) ORDER BY appointments.role, appointments.starts_on, appointments.id");
  const std::size_t title = kAppointments.width(), full_name = title + 1;
  return fetch_all(s_, q, [&](const Row& r) {
    return OfficeHolder{kAppointments.from_row(r), r.text(title), r.text(full_name)};
  });
}

}  // namespace incommon::db
