#include "persistence/appointment_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "appointments.id::text, appointments.version, appointments.created_at, appointments.updated_at, "
    "appointments.person_id::text, appointments.role, array_to_string(appointments.organisation_ids, ','), "
    "appointments.starts_on::text, appointments.ends_on::text";

Appointment from_row(const Row& r) {
  Appointment a;
  a.meta = record_meta(r);
  a.person_id = r.text(4);
  a.role = parse_enum<OfficeRole>(r.text(5)).value_or(OfficeRole::other);
  a.organisation_ids = split_list(r.text(6));
  a.starts_on = r.date(7).value_or(Date());
  a.ends_on = r.date(8);
  return a;
}

std::string bind_fields(Query& q, const Appointment& a) {
  return q.bind_list(a.person_id, to_string(a.role), id_array(a.organisation_ids), std::optional<Date>(a.starts_on),
                     a.ends_on);
}

}  // namespace

Result<Appointment> SqlAppointmentRepository::insert(const Appointment& a) {
  Query q("INSERT INTO appointments (person_id, role, organisation_ids, starts_on, ends_on) VALUES (");
  q.sql(bind_fields(q, a)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Appointment> SqlAppointmentRepository::find(const std::string& id, bool lock) {
  return find_by_id(s_, "appointments", kColumns, id, lock, from_row);
}
std::optional<Appointment> SqlAppointmentRepository::find(const std::string& id) { return find(id, false); }
std::optional<Appointment> SqlAppointmentRepository::find_for_update(const std::string& id) { return find(id, true); }

Page<Appointment> SqlAppointmentRepository::list(const AppointmentFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM appointments WHERE true");
  if (f.person_id) q.sql(" AND person_id = CAST(").sql(q.bind(*f.person_id)).sql(" AS uuid)");
  if (f.organisation_id) q.sql(" AND organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (f.role) q.sql(" AND role = ").sql(q.bind(to_string(*f.role)));
  if (f.on) {
    q.sql(" AND starts_on <= CAST(").sql(q.bind(f.on)).sql(" AS date) AND (ends_on IS NULL OR ends_on >= CAST(");
    q.sql(q.bind(f.on)).sql(" AS date))");
  }
  if (page.after) append_after(q, "appointments.starts_on, appointments.id", *page.after, "date,uuid");
  q.sql(" ORDER BY appointments.starts_on, appointments.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Appointment> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Appointment& a) { return std::vector<std::string>{a.starts_on.to_string(), a.meta.id}; });
}

Result<Appointment> SqlAppointmentRepository::save(const Appointment& a) {
  Query q("UPDATE appointments SET (person_id, role, organisation_ids, starts_on, ends_on) = (");
  q.sql(bind_fields(q, a)).sql(") WHERE id = CAST(").sql(q.bind(a.meta.id)).sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
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
  Query q("SELECT DISTINCT ");
  q.sql(kColumns).sql(" FROM appointments WHERE role = ").sql(q.bind(to_string(a.role)));
  q.sql(" AND organisation_ids && CAST(").sql(q.bind(id_array(a.organisation_ids))).sql(" AS uuid[])");
  q.sql(" AND daterange(starts_on, ends_on, '[]') && daterange(CAST(").sql(q.bind(std::optional<Date>(a.starts_on)));
  q.sql(" AS date), CAST(").sql(q.bind(a.ends_on)).sql(" AS date), '[]')");
  if (!a.meta.id.empty()) q.sql(" AND id <> CAST(").sql(q.bind(a.meta.id)).sql(" AS uuid)");
  std::vector<Appointment> out;
  for (const auto& r : q.fetch(s_)) out.push_back(from_row(r));
  return out;
}

bool SqlAppointmentRepository::person_exists(const std::string& id) {
  return exists(s_, "people", id);
}

std::vector<OrganisationFacts> SqlAppointmentRepository::organisations(const std::vector<std::string>& ids) {
  Query q("SELECT id::text, name, dissolved_on::text FROM organisations WHERE id = ANY(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[]))");
  std::vector<OrganisationFacts> out;
  for (const auto& r : q.fetch(s_)) out.push_back({r.text(0), r.text(1), r.date(2)});
  return out;
}

std::vector<OfficeHolder> SqlAppointmentRepository::office_holders(const std::string& organisation_id, const Date& on) {
  Query q("SELECT ");
  q.sql(kColumns).sql(", p.title, p.full_name FROM appointments JOIN people p ON p.id = appointments.person_id "
                      "WHERE appointments.id IN (SELECT appointment_id FROM appointment_offices WHERE organisation_id = CAST(");
  q.sql(q.bind(organisation_id)).sql(" AS uuid) AND period @> CAST(").sql(q.bind(std::optional<Date>(on)));
  q.sql(" AS date)) ORDER BY appointments.role, appointments.starts_on, appointments.id");
  std::vector<OfficeHolder> out;
  for (const auto& r : q.fetch(s_)) out.push_back({from_row(r), r.text(9), r.text(10)});
  return out;
}

}  // namespace incommon::db
