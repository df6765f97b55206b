#include "persistence/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <string_view>
#include <unordered_map>

namespace incommon::db {

namespace {

// What each constraint named by hand means to a client.
const std::unordered_map<std::string, ConstraintMeaning>& constraint_meanings() {
  static const std::unordered_map<std::string, ConstraintMeaning> m = {
      {"organisations_name_key", {ProblemType::duplicate, "name", "an organisation with this name already exists"}},
      {"organisations_code_key", {ProblemType::duplicate, "code", "an organisation with this code already exists"}},
      {"organisations_parent_id_fkey", {ProblemType::rule_broken, "parent_id", "parent_id names no organisation"}},
      {"organisations_successor_id_fkey",
       {ProblemType::rule_broken, "successor_id", "successor_id names no organisation"}},
      {"organisations_not_own_parent",
       {ProblemType::rule_broken, "parent_id", "an organisation cannot be its own parent"}},
      {"organisations_not_own_successor",
       {ProblemType::rule_broken, "successor_id", "an organisation cannot be its own successor"}},
      {"organisations_dissolved_after_established",
       {ProblemType::rule_broken, "dissolved_on", "dissolved_on must not be before established_on"}},
      {"organisations_population_check", {ProblemType::rule_broken, "population", "population must be 0 or more"}},
      {"people_email_key", {ProblemType::duplicate, "email", "a person with this email already exists"}},
      {"appointment_offices_one_holder",
       {ProblemType::office_held, "starts_on",
        "another appointment already holds this office there on one of these days"}},
      {"appointments_ends_after_start", {ProblemType::rule_broken, "ends_on", "ends_on must not be before starts_on"}},
      {"appointments_person_id_fkey", {ProblemType::rule_broken, "person_id", "person_id names no person"}},
      {"appointment_offices_organisation_id_fkey",
       {ProblemType::rule_broken, "organisation_ids", "organisation_ids names an organisation that does not exist"}},
      {"financial_positions_one_per_year",
       {ProblemType::duplicate, "financial_year", "this organisation already has a position for that financial year"}},
      {"agenda_items_number_key",
       {ProblemType::duplicate, "number", "this meeting already has an item with that number"}},
      {"attendance_once_per_body",
       {ProblemType::duplicate, "person_id",
        "this person's attendance for that body is already recorded; change it instead"}},
      {"meetings_ends_after_start", {ProblemType::rule_broken, "ends_at", "ends_at must be after starts_at"}},
      {"meetings_in_common_has_bodies",
       {ProblemType::rule_broken, "organisation_ids",
        "a governing_body_in_common meeting needs at least two participating bodies"}},
      {"decisions_supersedes_once",
       {ProblemType::already_superseded, "supersedes_id", "that decision has already been superseded"}},
      {"financial_positions_one_per_label",
       {ProblemType::duplicate, "label", "this programme already has a position with that label"}},
      {"programmes_closed_on_when_closed",
       {ProblemType::rule_broken, "closed_on",
        "closed_on is required exactly when a programme is complete or abandoned"}},
      {"programmes_successor_id_fkey",
       {ProblemType::rule_broken, "successor_id", "successor_id names no organisation"}},
      {"programmes_starts_before_target",
       {ProblemType::rule_broken, "starts_on", "starts_on must not be after target_date"}},
      {"milestones_key_in_programme",
       {ProblemType::duplicate, "key", "this programme already has a milestone with that key"}},
      {"milestones_actual_when_complete",
       {ProblemType::rule_broken, "actual_date", "actual_date is required exactly when a milestone is complete"}},
      {"milestones_not_own_dependency",
       {ProblemType::rule_broken, "depends_on", "a milestone cannot depend on itself"}},
      {"milestone_dependencies_same_programme",
       {ProblemType::rule_broken, "depends_on", "depends_on names a milestone that is not in this programme"}},
      {"financial_positions_organisation_id_fkey",
       {ProblemType::rule_broken, "organisation_id", "organisation_id names no organisation"}},
      {"financial_positions_amounts_bounded",
       {ProblemType::rule_broken, "in_year_surplus_pence", "amounts are at most 10000000000000 pence either way"}},
      {"caveats_met_has_grounds",
       {ProblemType::rule_broken, "status", "a met caveat needs evidence or linked milestones that are all complete"}},
      {"consultation_events_doors_before_start",
       {ProblemType::rule_broken, "doors_open_at", "doors_open_at must not be after starts_at"}},
      {"consultation_events_ends_after_start",
       {ProblemType::rule_broken, "ends_at", "ends_at must be after starts_at"}},
      {"consultation_events_within_capacity",
       {ProblemType::capacity_below_bookings, "capacity", "more places are booked than this capacity allows"}},
      {"consultations_closes_after_opening",
       {ProblemType::rule_broken, "closes_on", "closes_on must not be before opens_on"}},
      {"consultations_document_whole",
       {ProblemType::rule_broken, "document", "a document needs both its title and its url"}},
      {"decisions_not_self", {ProblemType::rule_broken, "supersedes_id", "a decision cannot supersede itself"}},
      {"financial_positions_one_owner",
       {ProblemType::rule_broken, "organisation_id",
        "a financial position belongs to an organisation or a programme, not both"}},
      {"financial_positions_some_figure",
       {ProblemType::rule_broken, "in_year_surplus_pence",
        "give in_year_surplus_pence, cumulative_position_pence or both"}},
      {"milestone_dependencies_milestone",
       {ProblemType::rule_broken, "depends_on", "depends_on names a milestone that does not exist"}},
      {"milestones_programme_and_id", {ProblemType::duplicate, "id", "this milestone already exists in the programme"}},
      {"response_reports_once_per_client",
       {ProblemType::duplicate, "reason", "this client has already reported this comment"}},
      {"vote_positions_one_per_body",
       {ProblemType::duplicate, "organisation_id", "this body already has a position on this vote; change it instead"}},
      {"votes_cast_within_electorate",
       {ProblemType::rule_broken, "eligible", "more votes were cast than the electorate (eligible) holds"}},
      {"votes_closed_after_opened", {ProblemType::rule_broken, "closed_on", "closed_on must not be before opened_on"}},
      {"votes_closed_on_when_ended",
       {ProblemType::rule_broken, "closed_on", "closed_on is set exactly when a vote is closed or withdrawn"}},
      {"votes_not_prompted_by_itself", {ProblemType::rule_broken, "prompted_by_id", "a vote cannot prompt itself"}},
      {"votes_outcome_follows_status",
       {ProblemType::rule_broken, "status", "the outcome must follow the status (pending while open)"}},
      {"risks_closed_on_when_closed",
       {ProblemType::rule_broken, "closed_on", "closed_on is set exactly when a risk is closed"}},
      {"tokens_feed_reads_only",
       {ProblemType::rule_broken, "role", "a feed token reads the calendar feeds only: its role is viewer"}},
      {"webhook_subscriptions_url_check", {ProblemType::rule_broken, "url", "url must be 1 to 2000 characters"}},
      {"webhook_subscriptions_event_types_check",
       {ProblemType::rule_broken, "event_types", "event_types must name at least one event type"}},
      {"webhook_deliveries_status_check",
       {ProblemType::rule_broken, "status", "status must be pending, succeeded or failed"}},
      {"risks_closed_after_raised", {ProblemType::rule_broken, "closed_on", "closed_on must not be before raised_on"}},
      {"bookings_one_active_per_email",
       {ProblemType::booking_exists, "email",
        "this email already has a booking for this event; to change it, cancel that booking "
        "(POST /api/v1/bookings/{reference}/cancel with the same email) and book again"}},
  };
  return m;
}

Error from_sqlstate(const std::string& state, const std::string& message, const std::string& constraint) {
  if (auto meaning = constraint_meaning(constraint))
    return Error::of(kind_of(meaning->type), meaning->message, {{meaning->field, meaning->message}}).as(meaning->type);
  if (state == "23505")
    return Error::conflict("The request conflicts with an existing record.").as(ProblemType::duplicate);
  if (state == "23P01") return Error::conflict("The request overlaps an existing record.");
  if (state == "23503") return Error::rules({{"", "The request refers to a record that does not exist."}});
  if (state == "23514" || state == "23502") return Error::rules({{"", "The request breaks a rule of the record."}});
  if (state.starts_with("22")) return Error::malformed("A value in the request is not valid.");
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03")
    return Error::unavailable("The database is unavailable.");
  if (state == "40001" || state == "40P01") return Error::unavailable("The database was busy; try again.");
  return Error::internal("database error " + state + ": " + message);
}

// The tables whose constraints carry the names PostgreSQL gives them.
constexpr std::string_view kTables[] = {"agenda_items",
                                        "appointment_offices",
                                        "appointments",
                                        "attendance",
                                        "audit_events",
                                        "bookings",
                                        "caveat_milestones",
                                        "caveats",
                                        "consultation_events",
                                        "consultation_responses",
                                        "consultations",
                                        "decisions",
                                        "declarations",
                                        "financial_positions",
                                        "idempotency_keys",
                                        "meetings",
                                        "milestone_dependencies",
                                        "milestone_updates",
                                        "milestones",
                                        "organisations",
                                        "people",
                                        "programmes",
                                        "response_reports",
                                        "risks",
                                        "server_secrets",
                                        "tokens",
                                        "vote_positions",
                                        "votes"};

// PostgreSQL's own names: <table>_<column>_check for a CHECK on one column, <table>_<column>_fkey
// for a foreign key, <table>_<columns>_key for a unique constraint.
std::optional<ConstraintMeaning> derived_meaning(const std::string& name) {
  auto field_of = [&](std::string_view suffix) -> std::optional<std::string> {
    if (!name.ends_with(suffix)) return std::nullopt;
    const std::string stem = name.substr(0, name.size() - suffix.size());
    for (const auto& table : kTables)
      if (stem.size() > table.size() + 1 && stem.starts_with(table) && stem[table.size()] == '_')
        return std::string(stem.substr(table.size() + 1));
    return std::nullopt;
  };
  if (auto field = field_of("_check"))
    return ConstraintMeaning{ProblemType::rule_broken, *field, *field + " is outside what this record allows"};
  if (auto field = field_of("_fkey"))
    return ConstraintMeaning{ProblemType::rule_broken, *field, *field + " names no such record"};
  if (auto field = field_of("_key"))
    return ConstraintMeaning{ProblemType::duplicate, *field, "a record with this " + *field + " already exists"};
  return std::nullopt;
}

}  // namespace

std::optional<ConstraintMeaning> constraint_meaning(const std::string& constraint) {
  if (constraint.empty()) return std::nullopt;
  if (auto it = constraint_meanings().find(constraint); it != constraint_meanings().end()) return it->second;
  return derived_meaning(constraint);
}

Error translate_current_exception(bool connection_lost) {
  try {
    throw;
  } catch (const DatabaseError& e) {
    if (connection_lost) return Error::unavailable("The database is unavailable.");
    return from_sqlstate(e.sqlstate(), e.what(), e.constraint());
  } catch (const soci::postgresql_soci_error& e) {
    if (connection_lost) return Error::unavailable("The database is unavailable.");
    return from_sqlstate(e.sqlstate(), e.what(), "");
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
