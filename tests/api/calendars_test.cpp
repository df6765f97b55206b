// Calendar feeds (RFC 5545), each read as a calendar app reads it: ical.js, the parser
// Thunderbird uses, registers the feed's zones and gives each event's times.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Calendars : public ApiTest {
 protected:
  static std::string id_of(const json& j) { return j["id"].get<std::string>(); }

  // What ical.js understood of a feed: {name, version, method, zones, events}.
  static json parsed(const Response& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/calendar; charset=utf-8");
    EXPECT_NE(r.body.find("\r\n"), std::string::npos) << "RFC 5545 lines end in CRLF";
    const auto path = std::filesystem::temp_directory_path() /
                      ("incommon-feed-" + std::to_string(getpid()) + "-" + std::to_string(++feeds_) + ".ics");
    std::ofstream(path, std::ios::binary) << r.body;
    auto [code, out] =
        run_shell("node " + std::string(INCOMMON_SOURCE_DIR) + "/tests/calendar/parse.mjs " + path.string());
    std::filesystem::remove(path);
    EXPECT_EQ(code, 0) << out << "\n" << r.body;
    return code == 0 ? json::parse(out) : json::object();
  }

  static json event_with(const json& feed, const std::string& uid) {
    for (const auto& e : feed["events"])
      if (e["uid"] == uid) return e;
    return nullptr;
  }

  json meeting(const std::vector<json>& bodies, const std::string& title, const std::string& starts,
               const std::string& ends) {
    json ids = json::array();
    for (const auto& b : bodies) ids.push_back(b["id"]);
    auto r = call("POST", "/api/v1/meetings",
                  json{{"title", title},
                       {"kind", bodies.size() > 1 ? "governing_body_in_common" : "governing_body"},
                       {"organisation_ids", ids},
                       {"starts_at", starts},
                       {"ends_at", ends},
                       {"location", "Stafford, Block 3"},
                       {"quorum", 2}}
                      .dump(),
                  "governance");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }

  json feed_token(const std::string& name) {
    auto r = call("POST", "/api/v1/tokens", json{{"name", name}, {"kind", "feed"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }

  static inline int feeds_ = 0;
};

TEST_F(Calendars, MeetingsAreEventsAtTheirLondonTimesWithTheZoneTheyName) {
  const auto a = make_organisation(), b = make_organisation(), other = make_organisation();
  const auto summer =
      meeting({a, b}, unique("Board in common, summer"), "2019-06-11T10:00:00+01:00", "2019-06-11T13:00:00+01:00");
  const auto winter =
      meeting({a, b}, unique("Board in common, winter"), "2019-12-05T14:00:00Z", "2019-12-05T16:00:00Z");
  auto cancelled = meeting({a}, unique("Extraordinary meeting"), "2020-01-09T09:30:00Z", "2020-01-09T10:30:00Z");
  auto patched =
      call("PATCH", "/api/v1/meetings/" + id_of(cancelled), R"({"status":"cancelled"})", "governance", {"If-Match: *"});
  ASSERT_EQ(patched.status, 200) << patched.body;
  const auto elsewhere =
      meeting({other}, unique("Elsewhere"), "2019-06-12T10:00:00+01:00", "2019-06-12T11:00:00+01:00");

  const auto feed = parsed(call("GET", "/api/v1/meetings.ics?organisation_id=" + id_of(a), "", "viewer"));
  EXPECT_EQ(feed["version"], "2.0");
  EXPECT_EQ(feed["method"], "PUBLISH");
  EXPECT_EQ(feed["name"], "Meetings: " + a["name"].get<std::string>());
  EXPECT_EQ(feed["zones"], json::array({"Europe/London"}));
  EXPECT_EQ(feed["events"].size(), 3u) << feed.dump(2);
  EXPECT_TRUE(event_with(feed, "meeting-" + id_of(elsewhere) + "@incommon").is_null());

  // British Summer Time: 10:00 in London is 09:00 UTC.
  const auto s = event_with(feed, "meeting-" + id_of(summer) + "@incommon");
  ASSERT_FALSE(s.is_null()) << feed.dump(2);
  EXPECT_EQ(s["summary"], summer["title"]);
  EXPECT_EQ(s["start_zone"], "Europe/London");
  EXPECT_EQ(s["start_local"], "2019-06-11T10:00:00");
  EXPECT_EQ(s["start_offset_seconds"], 3600);
  EXPECT_EQ(s["start"], "2019-06-11T09:00:00.000Z");
  EXPECT_EQ(s["end"], "2019-06-11T12:00:00.000Z");
  EXPECT_EQ(s["location"], "Stafford, Block 3");
  EXPECT_EQ(s["status"], "CONFIRMED");
  EXPECT_EQ(s["transp"], "OPAQUE");
  EXPECT_EQ(s["sequence"], 0);
  const std::string text = s["description"];
  EXPECT_NE(text.find(a["name"].get<std::string>()), std::string::npos) << text;
  EXPECT_NE(text.find(b["name"].get<std::string>()), std::string::npos) << text;
  // Greenwich Mean Time: the same clock as UTC.
  const auto w = event_with(feed, "meeting-" + id_of(winter) + "@incommon");
  EXPECT_EQ(w["start_local"], "2019-12-05T14:00:00");
  EXPECT_EQ(w["start_offset_seconds"], 0);
  EXPECT_EQ(w["start"], "2019-12-05T14:00:00.000Z");
  // A cancelled meeting stays in the feed, cancelled, as a newer version of its event.
  const auto c = event_with(feed, "meeting-" + id_of(cancelled) + "@incommon");
  EXPECT_EQ(c["status"], "CANCELLED");
  EXPECT_EQ(c["sequence"], 1);

  // The same feed again is the same representation: a calendar app polling gets 304.
  auto again = call("GET", "/api/v1/meetings.ics?organisation_id=" + id_of(a), "", "viewer");
  auto unchanged = raw("GET", "/api/v1/meetings.ics?organisation_id=" + id_of(a), "", "viewer",
                       {"If-None-Match: " + again.header("etag")});
  EXPECT_EQ(unchanged.status, 304);
}

TEST_F(Calendars, MilestonesAreAllDayEventsOnTheirForecastsWithRagAndOwner) {
  auto p =
      call("POST", "/api/v1/programmes",
           json{{"name", unique("Single commissioner")}, {"target_date", "2099-04-01"}, {"status", "active"}}.dump(),
           "transformation")
          .json_body();
  const auto add = [&](json fields) {
    json body = {{"workstream", "governance"}, {"owner", "Director of Strategy"}};
    body.update(fields);
    auto r = call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones", body.dump(), "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  };
  const auto on_time = add({{"key", "M1"},
                            {"title", "Constitution agreed"},
                            {"baseline_date", "2098-01-10"},
                            {"forecast_date", "2098-01-10"}});
  const auto slipped = add({{"key", "M2"},
                            {"title", "Staff consultation"},
                            {"baseline_date", "2098-02-01"},
                            {"forecast_date", "2098-03-01"},
                            {"workstream", "workforce"}});

  const auto feed = parsed(call("GET", "/api/v1/programmes/" + id_of(p) + "/milestones.ics", "", "viewer"));
  EXPECT_EQ(feed["name"], "Milestones: " + p["name"].get<std::string>());
  EXPECT_EQ(feed["zones"], json::array()) << "all-day events need no zone";
  ASSERT_EQ(feed["events"].size(), 2u) << feed.dump(2);
  const auto m1 = event_with(feed, "milestone-" + id_of(on_time) + "@incommon");
  EXPECT_EQ(m1["summary"], "M1: Constitution agreed (green)");
  EXPECT_TRUE(m1["all_day"].get<bool>());
  EXPECT_EQ(m1["start"], "2098-01-10");
  EXPECT_EQ(m1["end"], "2098-01-11");  // the day after: DTEND of a day is exclusive
  EXPECT_EQ(m1["transp"], "TRANSPARENT");
  const std::string text = m1["description"];
  EXPECT_NE(text.find("Owner: Director of Strategy"), std::string::npos) << text;
  EXPECT_NE(text.find("RAG: green"), std::string::npos) << text;
  EXPECT_EQ(m1["categories"], json::array({"governance", "green"}));
  const auto m2 = event_with(feed, "milestone-" + id_of(slipped) + "@incommon");
  EXPECT_EQ(m2["summary"], "M2: Staff consultation (amber)");
  EXPECT_EQ(m2["start"], "2098-03-01");
  const std::string slip = m2["description"];
  EXPECT_NE(slip.find("Baseline: 2098-02-01; forecast: 2098-03-01 (28 days slipped)"), std::string::npos) << slip;

  EXPECT_TRUE(is_problem(call("GET", "/api/v1/programmes/00000000-0000-0000-0000-000000000000/milestones.ics"), 404));
}

TEST_F(Calendars, AConsultationsEventsArePublicWithTheirPlacesAndTimes) {
  auto c = call("POST", "/api/v1/consultations",
                json{{"title", unique("Creating a single commissioner")},
                     {"opens_on", "2019-05-13"},
                     {"closes_on", "2019-07-31"}}
                    .dump(),
                "engagement")
               .json_body();
  auto e = call("POST", "/api/v1/consultations/" + id_of(c) + "/events",
                json{{"title", "Public meeting: South East Staffordshire"},
                     {"area", "South East Staffordshire"},
                     {"venue", "Tamworth Community Fire Station"},
                     {"address", "Marlborough Way, Tamworth"},
                     {"starts_at", "2019-06-20T15:30:00+01:00"},
                     {"ends_at", "2019-06-20T16:30:00+01:00"},
                     {"capacity", 40},
                     {"booking_required", true}}
                    .dump(),
                "engagement")
               .json_body();
  // No token: the public subscribes.
  const auto feed = parsed(call("GET", "/api/v1/consultations/" + id_of(c) + "/events.ics", "", ""));
  EXPECT_EQ(feed["zones"], json::array({"Europe/London"}));
  ASSERT_EQ(feed["events"].size(), 1u);
  const auto ev = feed["events"][0];
  EXPECT_EQ(ev["uid"], "event-" + id_of(e) + "@incommon");
  EXPECT_EQ(ev["summary"], "Public meeting: South East Staffordshire");
  EXPECT_EQ(ev["location"], "Tamworth Community Fire Station, Marlborough Way, Tamworth");
  EXPECT_EQ(ev["start_local"], "2019-06-20T15:30:00");
  EXPECT_EQ(ev["start_zone"], "Europe/London");
  EXPECT_EQ(ev["start"], "2019-06-20T14:30:00.000Z");
  EXPECT_EQ(ev["end"], "2019-06-20T15:30:00.000Z");
  EXPECT_EQ(ev["description"], "For South East Staffordshire. Booking required: 40 of 40 places left.");
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/consultations/00000000-0000-0000-0000-000000000000/events.ics", "", ""), 404));
}

TEST_F(Calendars, AFeedTokenReadsTheFeedsFromItsUrlAndNothingElse) {
  const auto token = feed_token(unique("Calendar of the governance office"));
  EXPECT_EQ(token["kind"], "feed");
  EXPECT_EQ(token["role"], "viewer");
  const std::string secret = token["token"];
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/tokens", R"({"name":"x","kind":"feed","role":"admin"})"), 422, "role"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/tokens", R"({"name":"x","kind":"calendar"})"), 422, "kind"));
  EXPECT_EQ(call("GET", "/api/v1/tokens/" + id_of(token)).json_body()["kind"], "feed");

  auto p =
      call("POST", "/api/v1/programmes",
           json{{"name", unique("P")}, {"target_date", "2099-04-01"}, {"status", "active"}}.dump(), "transformation")
          .json_body();
  // In the URL, as a calendar app sends it, or in the header.
  EXPECT_EQ(call("GET", "/api/v1/meetings.ics?token=" + secret, "", "").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/programmes/" + id_of(p) + "/milestones.ics?token=" + secret, "", "").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/meetings.ics", "", "", {"Authorization: Bearer " + secret}).status, 200);
  // Nothing but the feeds, whichever way it is sent.
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings", "", "", {"Authorization: Bearer " + secret}), 403));
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/programmes/" + id_of(p), "", "", {"Authorization: Bearer " + secret}), 403));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings?token=" + secret, "", ""), 401));
  // A private feed needs a token; an API token never goes in a URL, where logs and caches keep it.
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings.ics", "", ""), 401));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings.ics?token=" + token_for("viewer"), "", ""), 401));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings.ics?token=inc_" + std::string(64, '0'), "", ""), 401));
  // Revoked like any token.
  ASSERT_EQ(call("POST", "/api/v1/tokens/" + id_of(token) + "/revoke").status, 200);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings.ics?token=" + secret, "", ""), 401));
}
