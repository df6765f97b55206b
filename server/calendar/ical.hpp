#pragma once
// Calendar feeds (RFC 5545): the events a calendar app subscribes to, written by libical, which
// escapes and folds the text and gives Europe/London's rules from the system's tzdata.
#include <optional>
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/instant.hpp"

namespace incommon::calendar {

struct Event {
  std::string uid;   // stable for the record: "meeting-<id>@incommon"
  int sequence = 0;  // the record's version less one: a changed record is a newer event
  Instant changed;   // when the record last changed: DTSTAMP and LAST-MODIFIED
  std::string summary;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::vector<std::string> categories;
  // A span of time, written in Europe/London with the zone's VTIMEZONE in the feed...
  std::optional<Instant> starts_at;
  std::optional<Instant> ends_at;
  // ... or whole days, the first to the last (an all-day event, free time).
  std::optional<Date> first_day;
  std::optional<Date> last_day;
  bool cancelled = false;
};

struct Feed {
  std::string name;         // what a calendar app calls the subscription
  std::string description;  // what it is
  std::vector<Event> events;
};

// The feed as text/calendar: a VCALENDAR (PUBLISH) with, when any event has times, the
// Europe/London VTIMEZONE (only its rules from the year before the first such event on).
std::string to_ics(const Feed& feed);

}  // namespace incommon::calendar
