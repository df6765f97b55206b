// The 2019 story as demo data, read through the dashboard as of two dates: 13 June 2019 shows
// a live programme, 1 October 2019 the abandoned one with its open caveats.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>

#include "tests/support/api_fixture.hpp"
#include "tests/support/static_site.hpp"

using namespace incommon::testing;

namespace {

// Two web origins of their own for the browser checks: one the server allows (CORS), one not.
StaticSite& allowed_site() {
  static StaticSite site("");
  return site;
}
StaticSite& other_site() {
  static StaticSite site("");
  return site;
}

const bool configured = [] {
  server_environment()["INCOMMON_CORS_ORIGINS"] = allowed_site().origin();
  return true;
}();

}  // namespace

class Story : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    std::string out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", "staffordshire-2019"}, &out), 0) << out;
  }
  json programme() {
    auto list = call("GET", "/api/v1/programmes?status=abandoned", "", "viewer").json_body();
    EXPECT_EQ(list["items"].size(), 1u);
    return list["items"][0];
  }
  json dashboard(const std::string& as_of) {
    auto r = call("GET", "/api/v1/programmes/" + programme()["id"].get<std::string>() + "/dashboard?as_of=" + as_of, "",
                  "viewer");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body();
  }
};

TEST_F(Story, SeedingTwiceChangesNothing) {
  const auto before = server().database().query_value("SELECT count(*) FROM audit_events");
  std::string out;
  ASSERT_EQ(run_cli(server().database().url(), {"seed", "staffordshire-2019"}, &out), 0) << out;
  EXPECT_EQ(server().database().query_value("SELECT count(*) FROM audit_events"), before);
  EXPECT_EQ(server().database().query_value("SELECT count(*) FROM programmes"), "1");
}

TEST_F(Story, AsOfThirteenthJune2019TheProgrammeIsLive) {
  auto d = dashboard("2019-06-13");
  EXPECT_EQ(d["programme"]["status"], "active");
  EXPECT_EQ(d["programme"]["closed_on"], nullptr);
  EXPECT_EQ(d["programme"]["target_date"], "2020-04-01");
  EXPECT_EQ(d["days_to_target"], 293);
  EXPECT_EQ(d["milestones"]["by_status"]["complete"], 4);     // application, bodies, surgeries, announcement
  EXPECT_EQ(d["milestones"]["by_status"]["in_progress"], 2);  // completed later
  EXPECT_EQ(d["milestones"]["by_rag"]["red"], 0);
  // The no-confidence vote had carried; the ballot it prompted was open with four caveats.
  ASSERT_EQ(d["votes"].size(), 2u);
  EXPECT_EQ(d["votes"][0]["kind"], "no_confidence");
  EXPECT_EQ(d["votes"][0]["outcome"], "carried");
  EXPECT_EQ(d["votes"][0]["votes_for"], 23);
  EXPECT_EQ(d["votes"][1]["outcome"], "pending");
  EXPECT_EQ(d["caveats"]["open"], 4);
  EXPECT_EQ(d["decisions"]["by_overall"]["approved_in_common"], 1);
  EXPECT_EQ(d["financial_positions"]["southern CCGs combined"]["cumulative_position_pence"], -15'000'000'000LL);
  EXPECT_EQ(d["financial_positions"]["northern CCGs combined"]["cumulative_position_pence"], -1'000'000'000LL);
  ASSERT_EQ(d["bodies"].size(), 6u);
  for (const auto& b : d["bodies"]) {
    ASSERT_FALSE(b["accountable_officer"].is_null()) << b.dump();
    EXPECT_TRUE(b["accountable_officer"]["shared"].get<bool>());
  }
  EXPECT_EQ(d["consultation"]["responses"], 0);
}

TEST_F(Story, AsOfFirstOctober2019TheProgrammeIsAbandonedWithItsCaveatsOpen) {
  auto d = dashboard("2019-10-01");
  EXPECT_EQ(d["programme"]["status"], "abandoned");
  EXPECT_EQ(d["programme"]["closed_on"], "2019-09-30");
  EXPECT_EQ(d["milestones"]["by_status"]["cancelled"], 2);  // the application and the establishment
  EXPECT_EQ(d["caveats"]["open"], 4);
  EXPECT_EQ(d["caveats"]["met"], 0);
  int carried = 0, defeated = 0, members = 0;
  for (const auto& v : d["votes"]) {
    if (v["kind"] != "approval") continue;
    ++members;
    EXPECT_EQ(v["votes_for"], nullptr);  // tallies unknown
    if (v["outcome"] == "carried") ++carried;
    if (v["outcome"] == "defeated") ++defeated;
  }
  EXPECT_EQ(members, 6);
  EXPECT_EQ(carried, 1);
  EXPECT_EQ(defeated, 5);
  // The consultation's responses by position add up.
  double percent = 0;
  for (const auto& [k, v] : d["consultation"]["by_position"].items()) percent += v["percent"].get<double>();
  EXPECT_GT(d["consultation"]["responses"].get<int>(), 0);
  EXPECT_NEAR(percent, 100.0, 1e-9);
  EXPECT_EQ(call("GET", "/api/v1/programmes/" + programme()["id"].get<std::string>() + "/dashboard?as_of=2019-13-01",
                 "", "viewer")
                .status,
            400);
}

TEST_F(Story, ThePublicSideOfTheStory) {
  auto consultations = call("GET", "/api/v1/consultations", "", "").json_body()["items"];
  ASSERT_EQ(consultations.size(), 1u);
  EXPECT_EQ(consultations[0]["document"]["size_bytes"], 196608);
  auto events = call("GET", "/api/v1/consultations/" + consultations[0]["id"].get<std::string>() + "/events", "", "")
                    .json_body()["items"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["venue"], "Tamworth Community Fire Station");
  EXPECT_EQ(events[0]["starts_at"], "2019-06-20T14:30:00Z");
  EXPECT_TRUE(events[0]["booking_required"].get<bool>());
  auto comments =
      call("GET", "/api/v1/consultations/" + consultations[0]["id"].get<std::string>() + "/comments", "", "")
          .json_body();
  EXPECT_EQ(comments["items"].size(), 3u);
}

TEST_F(Story, TheTypedClientReadsTheDashboard) {
  // Types generated from the contract, a strict type check, then a run against this server.
  auto [code, out] = run_shell(std::string(INCOMMON_SOURCE_DIR) + "/tests/client/check " + server().base_url() + " " +
                               token_for("viewer") + " 2019-10-01");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("abandoned as of 2019-10-01"), std::string::npos) << out;
  EXPECT_NE(out.find("caveats: 4 open"), std::string::npos) << out;
}

TEST_F(Story, TheReferenceRendersInHeadlessChromium) {
  auto page = call("GET", "/docs", "", "");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type").rfind("text/html", 0), 0u);
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "scripts/setup installs Debian's chromium for this check";
  const std::string profile =
      std::filesystem::temp_directory_path() / ("incommon-chromium-" + std::to_string(getpid()));
  auto [code, dom] = run_shell(
      "timeout 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
      profile + " --virtual-time-budget=20000 --dump-dom " + server().base_url() + "/docs");
  std::filesystem::remove_all(profile);
  ASSERT_EQ(code, 0) << dom.substr(0, 2000);
  // Redoc rendered the contract: an operation's summary is on the page.
  EXPECT_NE(dom.find("Record a decision (as a draft)"), std::string::npos) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("Everything about a programme as of a date"), std::string::npos);
}

TEST_F(Story, ABrowserOnAnAllowedOriginCallsTheApiAndReadsItsETag) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "scripts/setup installs Debian's chromium for this check";
  allowed_site().set_page(dashboard_page(server().base_url(), token_for("viewer")));
  const auto dom = render_in_chromium(allowed_site().origin() + "/");
  EXPECT_NE(dom.find("id=\"out\">status=200 etag=\""), std::string::npos) << dom;
}

TEST_F(Story, ABrowserOnAnotherOriginIsKeptFromTheApi) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "scripts/setup installs Debian's chromium for this check";
  other_site().set_page(dashboard_page(server().base_url(), token_for("viewer")));
  const auto dom = render_in_chromium(other_site().origin() + "/");
  EXPECT_NE(dom.find("id=\"out\">blocked: TypeError"), std::string::npos) << dom;
}

TEST_F(Story, PreflightsAndCorsHeadersAreForAllowedOriginsOnly) {
  const std::string allowed = "Origin: " + allowed_site().origin();
  auto pre =
      raw("OPTIONS", "/api/v1/milestones/00000000-0000-4000-8000-000000000001", "", "",
          {allowed, "Access-Control-Request-Method: PATCH", "Access-Control-Request-Headers: authorization, if-match"});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), allowed_site().origin());
  EXPECT_EQ(pre.header("access-control-allow-methods"), "GET, PATCH");
  EXPECT_NE(pre.header("access-control-allow-headers").find("If-Match"), std::string::npos);
  EXPECT_NE(pre.header("access-control-allow-headers").find("Idempotency-Key"), std::string::npos);
  EXPECT_EQ(pre.header("access-control-max-age"), "600");
  EXPECT_EQ(pre.header("vary"), "Origin");

  // A path with no resource: the preflight gets the 404 the request would.
  EXPECT_EQ(raw("OPTIONS", "/api/v1/nothing-here", "", "", {allowed, "Access-Control-Request-Method: GET"}).status,
            404);

  // Another origin: no CORS header at all, so its browser refuses to send the request.
  const std::string other = "Origin: " + other_site().origin();
  auto refused = raw("OPTIONS", "/api/v1/organisations", "", "", {other, "Access-Control-Request-Method: GET"});
  EXPECT_EQ(refused.status, 405);
  EXPECT_EQ(refused.header("access-control-allow-origin"), "");

  // Answers: the allowed origin is named, the headers a client reads are exposed.
  auto answer = call("GET", "/api/v1/organisations?limit=1", "", "viewer", {allowed});
  EXPECT_EQ(answer.header("access-control-allow-origin"), allowed_site().origin());
  EXPECT_NE(answer.header("access-control-expose-headers").find("ETag"), std::string::npos);
  EXPECT_EQ(answer.header("vary"), "Origin");
  auto elsewhere = call("GET", "/api/v1/organisations?limit=1", "", "viewer", {other});
  EXPECT_EQ(elsewhere.header("access-control-allow-origin"), "");
  EXPECT_EQ(elsewhere.header("vary"), "Origin");
}

// --- The story as the board was told it -------------------------------------------------------

namespace {

std::string meeting_in(const json& meetings, const std::string& month) {
  for (const auto& m : meetings)
    if (m["starts_at"].get<std::string>().rfind(month, 0) == 0) return m["id"];
  return "";
}

}  // namespace

TEST_F(Story, AsRecordedInJune2019TheBoardSawALiveProgramme) {
  const std::string id = programme()["id"];
  // As recorded on the day the consultation was announced: live, M04 done, the votes to come.
  const std::string board = "/api/v1/programmes/" + id + "/dashboard?as_recorded=2019-06-13T18:00:00%2B01:00";
  auto told = call("GET", board, "", "viewer");
  ASSERT_EQ(told.status, 200) << told.body;
  const auto d = told.json_body();
  EXPECT_EQ(d["as_of"], "2019-06-13");
  EXPECT_EQ(d["programme"]["status"], "active");
  EXPECT_EQ(d["milestones"]["by_status"]["complete"], 4);
  EXPECT_EQ(d["milestones"]["by_status"]["in_progress"], 1);
  EXPECT_EQ(d["votes"].size(), 2u) << "the LMC's two; the member votes were not yet opened";
  // Today's record, judged as of the same day, says the programme was abandoned.
  EXPECT_EQ(dashboard("2019-06-13")["programme"]["status"], "active");
  EXPECT_EQ(call("GET", "/api/v1/programmes/" + id, "", "viewer").json_body()["status"], "abandoned");
  // M07 as recorded after the votes: blocked, so red, for that reason.
  auto m07 = call("GET", "/api/v1/programmes/" + id + "/milestones?as_recorded=2019-09-22T12:00:00Z", "", "viewer");
  ASSERT_EQ(m07.status, 200) << m07.body;
  const auto listed = m07.json_body()["items"];
  for (const auto& m : listed)
    if (m["key"] == "M07") {
      EXPECT_EQ(m["status"], "blocked");
      EXPECT_EQ(m["rag"], "red");
    }
}

TEST_F(Story, TheReportFromTheJuneToTheSeptemberBoardTellsWhatHappened) {
  const std::string id = programme()["id"];
  const auto meetings = call("GET", "/api/v1/meetings?limit=100", "", "viewer").json_body()["items"];
  const std::string june = meeting_in(meetings, "2019-06"), september = meeting_in(meetings, "2019-09");
  ASSERT_FALSE(june.empty());
  ASSERT_FALSE(september.empty());
  const std::string september_starts =
      call("GET", "/api/v1/meetings/" + september, "", "viewer").json_body()["starts_at"];
  const std::string window = "since_meeting=" + june + "&to=" + september_starts;

  // The changes in between, as the report lists them.
  auto changes = call("GET", "/api/v1/programmes/" + id + "/changes?" + window + "&limit=200", "", "viewer");
  ASSERT_EQ(changes.status, 200) << changes.body;
  std::map<std::string, int> seen;
  const auto entries = changes.json_body()["items"];
  for (const auto& e : entries) ++seen[e["kind"].get<std::string>() + "." + e["event"].get<std::string>()];
  EXPECT_EQ(seen["vote.opened"], 6);
  EXPECT_EQ(seen["vote.closed"], 6);
  EXPECT_EQ(seen["milestone.changed"], 4) << changes.body;  // M04, M05, M06 complete; M07 blocked
  EXPECT_EQ(seen["decision.taken"], 0) << "the June decision was taken at the June board, before the window";

  auto report = call("GET", "/api/v1/programmes/" + id + "/report?" + window, "", "viewer");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.header("content-type").rfind("text/html", 0), 0u);
  // Self-contained: nothing to fetch, nothing to run.
  for (const char* outside : {"src=", "href=", "url(", "<script", "@import"})
    EXPECT_EQ(report.body.find(outside), std::string::npos) << outside;
  EXPECT_NE(report.body.find("<svg"), std::string::npos);

  // Printed by a real browser: the PDF holds the key figures, and the page logged nothing.
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "scripts/setup installs Debian's chromium";
  const auto printed = print_in_chromium(report.body, "html");
  ASSERT_EQ(printed.exit_code, 0) << printed.log;
  EXPECT_EQ(printed.console, "") << "the page wrote to its console";
  // The text with its lines joined, as a reader reads it.
  std::string text;
  for (char c : printed.text)
    if (!std::isspace(static_cast<unsigned char>(c)) || (!text.empty() && text.back() != ' '))
      text += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
  for (const char* figure :
       {"Single Strategic Commissioning Organisation", "highlight report", "188 days to target", "active",
        "Changes since the previous report", "M07: Merger application to NHS England", "blocked",
        "Stafford and Surrounds", "Milestones due next", "Top risks", "GP members vote against the merger",
        "Caveats: 4 open", "Protection of each CCG", "Milestone trend analysis", "Programme timeline", "Reporting date",
        "Forecast date", "Target 1 Apr 2020"})
    EXPECT_NE(text.find(figure), std::string::npos) << figure << "\n" << text.substr(0, 3000);
}

TEST_F(Story, TheTrendAndTimelineChartsOfTheStory) {
  const std::string id = programme()["id"];
  auto trend = call("GET", "/api/v1/programmes/" + id + "/trend?to=2019-10-01T00:00:00Z&every=P1M", "", "viewer");
  ASSERT_EQ(trend.status, 200) << trend.body;
  const auto t = trend.json_body();
  EXPECT_EQ(t["from"], "2018-12-03T09:00:00Z") << "from the first milestone's recording";
  EXPECT_EQ(t["every"], "P1M");
  EXPECT_EQ(t["instants"].size(), 11u);  // 3 Dec 2018 .. 3 Sep 2019, and the end
  ASSERT_EQ(t["milestones"].size(), 8u);
  EXPECT_EQ(t["milestones"][6]["key"], "M07");
  EXPECT_EQ(t["milestones"][6]["points"][0]["status"], "not_started");
  EXPECT_EQ(t["milestones"][6]["points"][10]["status"], "cancelled");
  EXPECT_EQ(t["milestones"][0]["points"][1]["status"], "complete");

  auto svg = call("GET", "/api/v1/programmes/" + id + "/trend?to=2019-10-01T00:00:00Z", "", "viewer",
                  {"Accept: image/svg+xml"});
  ASSERT_EQ(svg.status, 200) << svg.body;
  EXPECT_EQ(svg.header("content-type").rfind("image/svg+xml", 0), 0u);
  for (const char* part : {"<title>Milestone trend analysis", "Reporting date", "Forecast date", "Legend",
                           "Due on the day reported", "M07: Merger application to NHS England"})
    EXPECT_NE(svg.body.find(part), std::string::npos) << part;

  auto timeline = call("GET", "/api/v1/programmes/" + id + "/timeline?as_of=2019-06-13", "", "viewer");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  EXPECT_EQ(timeline.header("content-type").rfind("image/svg+xml", 0), 0u);
  for (const char* part : {"<title>Programme timeline", "As of 13 Jun 2019", "Target 1 Apr 2020", "Critical path",
                           "Legend", "on the critical path", "M04: Public consultation"})
    EXPECT_NE(timeline.body.find(part), std::string::npos) << part;
  // The browser draws it, with its text.
  const auto printed = print_in_chromium(timeline.body, "svg");
  ASSERT_EQ(printed.exit_code, 0) << printed.log;
  EXPECT_NE(printed.text.find("Target 1 Apr 2020"), std::string::npos) << printed.text;
}
