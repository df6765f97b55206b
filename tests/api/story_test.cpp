// The 2019 story as demo data, read through the dashboard as of two dates: 13 June 2019 shows
// a live programme, 1 October 2019 the abandoned one with its open caveats.
#include <gtest/gtest.h>

#include <filesystem>

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
