#include "server/calendar/ical.hpp"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace incommon::calendar {

namespace {

constexpr const char* kZone = "Europe/London";

// libical's built-in zones are shared, and expanded lazily as times are converted in them:
// every use of one is under this lock.
std::mutex& zone_lock() {
  static std::mutex m;
  return m;
}

icaltimezone* london() {
  icaltimezone* zone = icaltimezone_get_builtin_timezone(kZone);
  if (!zone) throw std::runtime_error("libical has no Europe/London zone (is tzdata installed?)");
  return zone;
}

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

std::int64_t seconds_of(const Instant& i) {
  const auto micros = i.micros();
  return micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
}

icaltimetype utc_time(const Instant& i) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds_of(i)), 0, icaltimezone_get_utc_timezone());
}

icaltimetype day_of(const Date& d) {
  icaltimetype t = icaltime_null_date();
  t.year = d.year();
  t.month = d.month();
  t.day = d.day();
  t.is_date = 1;
  return t;
}

// DTSTART;TZID=Europe/London:20190611T140000, or DTEND likewise (zone_lock held).
icalproperty* local_time(icalproperty* (*make)(icaltimetype), const Instant& at) {
  icaltimetype local = icaltime_convert_to_zone(utc_time(at), london());
  local.zone = nullptr;  // written as a local time, with the zone named by its parameter
  icalproperty* p = make(local);
  icalproperty_add_parameter(p, icalparameter_new_tzid(kZone));
  return p;
}

void add_text(icalcomponent* c, icalproperty* p) {
  icalcomponent_add_property(c, p);
}

void add_x(icalcomponent* c, const char* name, const std::string& value) {
  icalproperty* p = icalproperty_new_x(value.c_str());
  icalproperty_set_x_name(p, name);
  icalcomponent_add_property(c, p);
}

// The last onset of a STANDARD or DAYLIGHT observance: its start, its last RDATE, its RRULE's
// UNTIL; none for a rule without an end.
std::optional<icaltimetype> last_onset(icalcomponent* observance) {
  icaltimetype last = icalcomponent_get_dtstart(observance);
  for (auto* p = icalcomponent_get_first_property(observance, ICAL_RDATE_PROPERTY); p;
       p = icalcomponent_get_next_property(observance, ICAL_RDATE_PROPERTY)) {
    const auto rdate = icalproperty_get_rdate(p);
    if (icaltime_compare(rdate.time, last) > 0) last = rdate.time;
  }
  if (auto* p = icalcomponent_get_first_property(observance, ICAL_RRULE_PROPERTY)) {
    const auto rule = icalproperty_get_rrule(p);
    if (icaltime_is_null_time(rule.until)) return std::nullopt;
    if (icaltime_compare(rule.until, last) > 0) last = rule.until;
  }
  return last;
}

// Europe/London as a VTIMEZONE named as the events name it, keeping the observances that
// still had an onset in the year before `first` or later: the rules in force for every event,
// not the zone's history since 1847 (zone_lock held).
Component london_vtimezone(const Instant& first) {
  Component zone(icalcomponent_new_clone(icaltimezone_get_component(london())));
  if (auto* id = icalcomponent_get_first_property(zone.get(), ICAL_TZID_PROPERTY)) icalproperty_set_tzid(id, kZone);
  icaltimetype since = icaltime_null_time();
  since.year = first.utc_date().year() - 1;
  since.month = 1;
  since.day = 1;
  std::vector<icalcomponent*> old;
  for (auto* o = icalcomponent_get_first_component(zone.get(), ICAL_ANY_COMPONENT); o;
       o = icalcomponent_get_next_component(zone.get(), ICAL_ANY_COMPONENT)) {
    const auto last = last_onset(o);
    if (last && icaltime_compare(*last, since) < 0) old.push_back(o);
  }
  for (auto* o : old) {
    icalcomponent_remove_component(zone.get(), o);
    icalcomponent_free(o);
  }
  return zone;
}

icalcomponent* vevent(const Event& e) {
  icalcomponent* v = icalcomponent_new_vevent();
  add_text(v, icalproperty_new_uid(e.uid.c_str()));
  add_text(v, icalproperty_new_dtstamp(utc_time(e.changed)));
  add_text(v, icalproperty_new_lastmodified(utc_time(e.changed)));
  add_text(v, icalproperty_new_sequence(e.sequence));
  if (e.starts_at) {
    add_text(v, local_time(icalproperty_new_dtstart, *e.starts_at));
    add_text(v, local_time(icalproperty_new_dtend, e.ends_at.value_or(*e.starts_at)));
    add_text(v, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
  } else if (e.first_day) {
    add_text(v, icalproperty_new_dtstart(day_of(*e.first_day)));
    // DTEND of a day is exclusive: the day after the last.
    add_text(v,
             icalproperty_new_dtend(day_of(Date::from_days(e.last_day.value_or(*e.first_day).days_since_epoch() + 1))));
    add_text(v, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
  }
  add_text(v, icalproperty_new_summary(e.summary.c_str()));
  if (e.description) add_text(v, icalproperty_new_description(e.description->c_str()));
  if (e.location) add_text(v, icalproperty_new_location(e.location->c_str()));
  for (const auto& c : e.categories) add_text(v, icalproperty_new_categories(c.c_str()));
  add_text(v, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  return v;
}

}  // namespace

std::string to_ics(const Feed& feed) {
  Component cal(icalcomponent_new_vcalendar());
  add_text(cal.get(), icalproperty_new_version("2.0"));
  add_text(cal.get(), icalproperty_new_prodid("-//incommon//calendar feeds//EN"));
  add_text(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  add_text(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  add_x(cal.get(), "X-WR-CALNAME", feed.name);
  add_x(cal.get(), "X-WR-CALDESC", feed.description);
  add_x(cal.get(), "X-PUBLISHED-TTL", "PT1H");  // how often to look again

  std::optional<Instant> first;
  for (const auto& e : feed.events)
    if (e.starts_at && (!first || *e.starts_at < *first)) first = e.starts_at;
  std::lock_guard lock(zone_lock());
  if (first) icalcomponent_add_component(cal.get(), london_vtimezone(*first).release());
  for (const auto& e : feed.events) icalcomponent_add_component(cal.get(), vevent(e));
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out(text ? text : "");
  std::free(text);
  return out;
}

}  // namespace incommon::calendar
