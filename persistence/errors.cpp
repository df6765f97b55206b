#include "persistence/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <string_view>
#include <unordered_map>

namespace incommon::db {

namespace {

struct ConstraintMeaning {
  ErrorKind kind;
  std::string field;
  std::string message;
};

// What each named constraint means to a client. A violation of a constraint not listed here
// still gets the right status from its SQLSTATE, with a generic message.
const std::unordered_map<std::string, ConstraintMeaning>& constraint_meanings() {
  static const std::unordered_map<std::string, ConstraintMeaning> m = {
      {"organisations_name_key", {ErrorKind::conflict, "name", "an organisation with this name already exists"}},
      {"organisations_code_key", {ErrorKind::conflict, "code", "an organisation with this code already exists"}},
      {"organisations_parent_id_fkey", {ErrorKind::rule_broken, "parent_id", "parent_id names no organisation"}},
      {"organisations_successor_id_fkey", {ErrorKind::rule_broken, "successor_id", "successor_id names no organisation"}},
      {"organisations_not_own_parent", {ErrorKind::rule_broken, "parent_id", "an organisation cannot be its own parent"}},
      {"organisations_not_own_successor", {ErrorKind::rule_broken, "successor_id", "an organisation cannot be its own successor"}},
      {"organisations_dissolved_after_established", {ErrorKind::rule_broken, "dissolved_on", "dissolved_on must not be before established_on"}},
      {"organisations_population_check", {ErrorKind::rule_broken, "population", "population must be 0 or more"}},
      {"people_email_key", {ErrorKind::conflict, "email", "a person with this email already exists"}},
      {"appointment_offices_one_holder",
       {ErrorKind::conflict, "starts_on", "another appointment already holds this office there on one of these days"}},
      {"appointments_ends_after_start", {ErrorKind::rule_broken, "ends_on", "ends_on must not be before starts_on"}},
      {"appointments_person_id_fkey", {ErrorKind::rule_broken, "person_id", "person_id names no person"}},
      {"appointment_offices_organisation_id_fkey",
       {ErrorKind::rule_broken, "organisation_ids", "organisation_ids names an organisation that does not exist"}},
      {"financial_positions_one_per_year",
       {ErrorKind::conflict, "financial_year", "this organisation already has a position for that financial year"}},
      {"agenda_items_number_key", {ErrorKind::conflict, "number", "this meeting already has an item with that number"}},
      {"attendance_once_per_body",
       {ErrorKind::conflict, "person_id", "this person's attendance for that body is already recorded; change it instead"}},
      {"meetings_ends_after_start", {ErrorKind::rule_broken, "ends_at", "ends_at must be after starts_at"}},
      {"meetings_in_common_has_bodies",
       {ErrorKind::rule_broken, "organisation_ids", "a governing_body_in_common meeting needs at least two participating bodies"}},
      {"decisions_supersedes_once", {ErrorKind::conflict, "supersedes_id", "that decision has already been superseded"}},
      {"financial_positions_one_per_label",
       {ErrorKind::conflict, "label", "this programme already has a position with that label"}},
      {"programmes_closed_on_when_closed",
       {ErrorKind::rule_broken, "closed_on", "closed_on is required exactly when a programme is complete or abandoned"}},
      {"programmes_successor_id_fkey", {ErrorKind::rule_broken, "successor_id", "successor_id names no organisation"}},
      {"programmes_starts_before_target", {ErrorKind::rule_broken, "starts_on", "starts_on must not be after target_date"}},
      {"milestones_key_in_programme", {ErrorKind::conflict, "key", "this programme already has a milestone with that key"}},
      {"milestones_actual_when_complete",
       {ErrorKind::rule_broken, "actual_date", "actual_date is required exactly when a milestone is complete"}},
      {"milestones_not_own_dependency", {ErrorKind::rule_broken, "depends_on", "a milestone cannot depend on itself"}},
      {"milestone_dependencies_same_programme",
       {ErrorKind::rule_broken, "depends_on", "depends_on names a milestone that is not in this programme"}},
      {"financial_positions_organisation_id_fkey",
       {ErrorKind::rule_broken, "organisation_id", "organisation_id names no organisation"}},
      {"financial_positions_amounts_bounded",
       {ErrorKind::rule_broken, "in_year_surplus_pence", "amounts are at most 10000000000000 pence either way"}},
      {"bookings_one_active_per_email",
       {ErrorKind::conflict, "email",
        "this email already has a booking for this event; to change it, cancel that booking "
        "(POST /api/v1/bookings/{reference}/cancel with the same email) and book again"}},
  };
  return m;
}

Error from_sqlstate(const std::string& state, const std::string& message) {
  auto name = constraint_name(message);
  if (auto it = constraint_meanings().find(name); it != constraint_meanings().end()) {
    Error e{it->second.kind, it->second.message, {{it->second.field, it->second.message}}, {}, {}};
    return e;
  }
  if (state == "23505") return Error::conflict("The request conflicts with an existing record.");
  if (state == "23P01") return Error::conflict("The request overlaps an existing record.");
  if (state == "23503") return Error::rules({{"", "The request refers to a record that does not exist."}});
  if (state == "23514" || state == "23502") return Error::rules({{"", "The request breaks a rule of the record."}});
  if (state.starts_with("22")) return Error::malformed("A value in the request is not valid.");
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03")
    return Error::unavailable("The database is unavailable.");
  if (state == "40001" || state == "40P01") return Error::unavailable("The database was busy; try again.");
  return Error::internal("database error " + state + ": " + message);
}

}  // namespace

std::string constraint_name(const std::string& message) {
  static constexpr std::string_view marker = "constraint \"";
  auto at = message.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  auto end = message.find('"', at);
  if (end == std::string::npos) return {};
  return message.substr(at, end - at);
}

Error translate_current_exception(bool connection_lost) {
  try {
    throw;
  } catch (const soci::postgresql_soci_error& e) {
    if (connection_lost) return Error::unavailable("The database is unavailable.");
    return from_sqlstate(e.sqlstate(), e.what());
  } catch (const soci::soci_error& e) {
    if (connection_lost) return Error::unavailable("The database is unavailable.");
    return Error::internal(std::string("database client error: ") + e.what());
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  } catch (...) {
    return Error::internal("unknown exception");
  }
}

}  // namespace incommon::db
