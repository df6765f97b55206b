// The calendar writer: a feed's Europe/London zone carries the rules in force for its events,
// not the zone's history since 1847, and text is escaped and folded as RFC 5545 wants.
#include "server/calendar/ical.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace incommon;

namespace {

calendar::Event meeting_at(const std::string& starts, const std::string& ends) {
  calendar::Event e;
  e.uid = "meeting-1@incommon";
  e.changed = *Instant::parse("2019-06-01T12:00:00Z");
  e.summary = "Boards in common; items 1, 2 and 3";
  e.starts_at = Instant::parse(starts);
  e.ends_at = Instant::parse(ends);
  return e;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Ical, TheZoneHoldsTheRulesInForceForTheEventsAndNoMore) {
  const auto recent = calendar::to_ics({"Meetings", "d", {meeting_at("2019-06-11T09:00:00Z", "2019-06-11T12:00:00Z")}});
  EXPECT_EQ(count(recent, "BEGIN:VTIMEZONE"), 1u);
  EXPECT_NE(recent.find("TZID:Europe/London\r\n"), std::string::npos);
  // The summer and winter rules of the day (last Sunday of March and of October), no more.
  EXPECT_LE(count(recent, "BEGIN:DAYLIGHT") + count(recent, "BEGIN:STANDARD"), 4u) << recent;
  EXPECT_NE(recent.find("RRULE:FREQ=YEARLY;UNTIL=20370329T010000Z;BYDAY=-1SU;BYMONTH=3"), std::string::npos) << recent;
  EXPECT_NE(recent.find("DTSTART;TZID=Europe/London:20190611T100000\r\n"), std::string::npos) << recent;
  // A meeting in 1975 brings the rules of the 1970s with it.
  const auto old = calendar::to_ics({"Meetings", "d", {meeting_at("1975-01-10T10:00:00Z", "1975-01-10T11:00:00Z")}});
  EXPECT_GT(count(old, "BEGIN:DAYLIGHT") + count(old, "BEGIN:STANDARD"), 4u);
  EXPECT_NE(old.find("DTSTART;TZID=Europe/London:19750110T100000\r\n"), std::string::npos);
  // Whole days need no zone.
  calendar::Event day;
  day.uid = "milestone-1@incommon";
  day.summary = "M1";
  day.first_day = Date::parse("2019-12-31");
  const auto days = calendar::to_ics({"Milestones", "d", {day}});
  EXPECT_EQ(days.find("BEGIN:VTIMEZONE"), std::string::npos);
  EXPECT_NE(days.find("DTSTART;VALUE=DATE:20191231\r\nDTEND;VALUE=DATE:20200101\r\n"), std::string::npos) << days;
}

TEST(Ical, TextIsEscapedAndLongLinesFolded) {
  auto e = meeting_at("2019-06-11T09:00:00Z", "2019-06-11T12:00:00Z");
  e.description = std::string(200, 'x') + "\nsecond line";
  const auto text = calendar::to_ics({"Meetings", "d", {e}});
  EXPECT_NE(text.find("SUMMARY:Boards in common\\; items 1\\, 2 and 3\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\\nsecond line"), std::string::npos);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 76u) << line;  // 75 octets and the CR
}
