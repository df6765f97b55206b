// Reads an iCalendar feed as a calendar app does, with ical.js (the parser Thunderbird uses),
// and prints what it understood as JSON: the feed's name, its zones, and each event with its
// start and end in UTC and as the wall-clock time of its zone.
//   node tests/calendar/parse.mjs FEED.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
// A calendar app registers the feed's own zones before it reads any time in them.
const zones = calendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});
const utc = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const e = new ICAL.Event(vevent);
  const timed = !e.startDate.isDate;
  return {
    uid: e.uid,
    summary: e.summary,
    description: e.description,
    location: e.location,
    sequence: e.sequence,
    status: vevent.getFirstPropertyValue("status"),
    transp: vevent.getFirstPropertyValue("transp"),
    all_day: !timed,
    start: utc(e.startDate),
    end: utc(e.endDate),
    start_local: e.startDate.toString(),
    start_zone: timed ? vevent.getFirstProperty("dtstart").getParameter("tzid") : null,
    start_offset_seconds: timed ? e.startDate.utcOffset() : null,
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    last_modified: vevent.getFirstPropertyValue("last-modified")?.toString() ?? null,
  };
});
console.log(
  JSON.stringify({
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    version: calendar.getFirstPropertyValue("version"),
    method: calendar.getFirstPropertyValue("method"),
    zones,
    events,
  }),
);
