#pragma once
// What a write announces to webhooks (domain/webhooks/webhook.hpp): events written to the
// write's outbox, in its transaction, as {type, timestamp, data} with data
// {record_type, record, changes}: the record as the write left it, as its routes show it, and
// for a change each field that moved, {from, to}. Nothing is built when nobody subscribes.
#include <string>
#include <string_view>

#include "domain/core/date.hpp"
#include "persistence/database.hpp"
#include "server/http/json_body.hpp"

namespace incommon {
struct Appointment;
}

namespace incommon::http {

// An appointment as its routes show it (appointments.cpp).
json appointment_json(const Appointment& a);

// The events of a date (milestone.overdue, caveat.overdue, appointment.started and
// appointment.ended) of the last `window_days` not announced before, announced once each, by
// one server at a time. Run now and then by the deliverer.
Status announce_dated_events(db::Database& db, const Date& today, int window_days);

// The fields whose values differ between two images of a record ({field: {from, to}}),
// leaving out its version and updated_at.
json changes_between(const json& before, const json& after);

// Announces `type` about a record, if anyone may want it; `record()` builds the record's JSON
// and is called only then.
template <class Build>
void announce(db::Store& store, std::string_view type, std::string_view record_type, const std::string& record_id,
              Build record, const json& changes = json::object());

void announce_json(db::Store& store, std::string_view type, std::string_view record_type, const std::string& record_id,
                   const json& record, const json& changes);
bool wanted(db::Store& store, std::string_view type);

template <class Build>
void announce(db::Store& store, std::string_view type, std::string_view record_type, const std::string& record_id,
              Build record, const json& changes) {
  if (!wanted(store, type)) return;
  announce_json(store, type, record_type, record_id, record(), changes);
}

}  // namespace incommon::http
