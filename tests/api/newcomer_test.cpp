// The rules a newcomer tripped over on the first hour: dates of things done that have not
// happened yet, changes to a closed programme, ratifying too early, messages that name the
// body and count right, and a command line that says which setting is missing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

namespace {
std::string id_of(const json& j) {
  return j["id"].get<std::string>();
}

// Today and days from it, YYYY-MM-DD in UTC, as the server counts them.
std::string day(int offset) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(offset) * 86400;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}
}  // namespace

class Newcomer : public ApiTest {
 protected:
  json programme(json fields = json::object()) {
    json body = {
        {"name", unique("ICB merger")}, {"target_date", day(300)}, {"status", "active"}, {"starts_on", day(-200)}};
    body.update(fields);
    auto r = call("POST", "/api/v1/programmes", body.dump(), "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  json milestone(const json& p, const std::string& key) {
    auto r = call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones",
                  json{{"key", key},
                       {"title", "Milestone " + key},
                       {"workstream", "governance"},
                       {"baseline_date", day(10)},
                       {"status", "in_progress"}}
                      .dump(),
                  "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  Response update(const json& m, json body) {
    return call("POST", "/api/v1/milestones/" + id_of(m) + "/updates", body.dump(), "transformation", {"If-Match: *"});
  }
};

TEST_F(Newcomer, AMilestoneIsNotCompleteBeforeItHappenedNorBeforeItsProgrammeBegan) {
  auto p = programme();
  auto m = milestone(p, "L01");
  auto tomorrow =
      update(m, {{"comment", "Done"}, {"status", "complete"}, {"actual_date", day(1)}, {"percent_complete", 100}});
  EXPECT_TRUE(is_problem(tomorrow, 422, "actual_date")) << tomorrow.body;
  EXPECT_NE(tomorrow.body.find("after today"), std::string::npos) << tomorrow.body;
  auto before =
      update(m, {{"comment", "Done"}, {"status", "complete"}, {"actual_date", day(-201)}, {"percent_complete", 100}});
  EXPECT_TRUE(is_problem(before, 422, "actual_date")) << before.body;
  EXPECT_NE(before.body.find("before the programme began"), std::string::npos) << before.body;
  auto patched = call("PATCH", "/api/v1/milestones/" + id_of(m),
                      json{{"status", "complete"}, {"actual_date", day(3)}}.dump(), "transformation", {"If-Match: *"});
  EXPECT_TRUE(is_problem(patched, 422, "actual_date")) << patched.body;
  auto created = call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones",
                      json{{"key", "L02"},
                           {"title", "Done already"},
                           {"workstream", "legal"},
                           {"baseline_date", day(-5)},
                           {"status", "complete"},
                           {"actual_date", day(2)}}
                          .dump(),
                      "transformation");
  EXPECT_TRUE(is_problem(created, 422, "actual_date")) << created.body;
  // Nothing was written by the refusals; today is fine.
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m)).json_body()["version"], 1);
  auto today = update(
      m, {{"comment", "Done today"}, {"status", "complete"}, {"actual_date", day(0)}, {"percent_complete", 100}});
  EXPECT_EQ(today.status, 201) << today.body;
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/programmes",
                      json{{"name", unique("Backwards")}, {"target_date", day(10)}, {"starts_on", day(20)}}.dump(),
                      "transformation"),
                 422, "starts_on"));
}

TEST_F(Newcomer, AClosedProgrammeCannotChangeUntilReopened) {
  auto p = programme();
  auto m = milestone(p, "L01");
  auto risk = call("POST", "/api/v1/programmes/" + id_of(p) + "/risks",
                   json{{"kind", "risk"}, {"title", "Members vote against"}, {"likelihood", 3}, {"impact", 4}}.dump(),
                   "transformation");
  ASSERT_EQ(risk.status, 201) << risk.body;
  auto money = call("POST", "/api/v1/programmes/" + id_of(p) + "/financial-positions",
                    json{{"label", "both ICBs combined"}, {"in_year_surplus_pence", -100}}.dump(), "governance");
  ASSERT_EQ(money.status, 201) << money.body;
  auto closed = call("PATCH", "/api/v1/programmes/" + id_of(p),
                     json{{"status", "abandoned"}, {"closed_on", day(0)}}.dump(), "transformation", {"If-Match: *"});
  ASSERT_EQ(closed.status, 200) << closed.body;

  auto says_abandoned = [](const Response& r) { return r.body.find("abandoned") != std::string::npos; };
  std::vector<Response> refused = {
      update(m, {{"comment", "Still going"}, {"percent_complete", 50}}),
      call("PATCH", "/api/v1/milestones/" + id_of(m), json{{"title", "Renamed"}}.dump(), "transformation",
           {"If-Match: *"}),
      call("POST", "/api/v1/milestones/" + id_of(m) + "/rebaseline",
           json{{"baseline_date", day(40)}, {"reason", "x"}}.dump(), "transformation", {"If-Match: *"}),
      call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones",
           json{{"key", "L09"}, {"title", "New"}, {"workstream", "legal"}, {"baseline_date", day(30)}}.dump(),
           "transformation"),
      call("PATCH", "/api/v1/risks/" + id_of(risk.json_body()), json{{"impact", 5}}.dump(), "transformation",
           {"If-Match: *"}),
      call("POST", "/api/v1/programmes/" + id_of(p) + "/risks",
           json{{"kind", "issue"}, {"title", "New"}, {"likelihood", 1}, {"impact", 1}}.dump(), "transformation"),
      call("PATCH", "/api/v1/financial-positions/" + id_of(money.json_body()),
           json{{"in_year_surplus_pence", -200}}.dump(), "governance", {"If-Match: *"}),
      call("POST", "/api/v1/programmes/" + id_of(p) + "/financial-positions",
           json{{"label", "another"}, {"in_year_surplus_pence", 1}}.dump(), "governance")};
  for (std::size_t i = 0; i < refused.size(); ++i) {
    EXPECT_TRUE(is_problem(refused[i], 409)) << i << ": " << refused[i].body;
    EXPECT_TRUE(says_abandoned(refused[i])) << i << ": " << refused[i].body;
  }
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m)).json_body()["version"], 1);
  // Reopened, it changes again.
  ASSERT_EQ(call("PATCH", "/api/v1/programmes/" + id_of(p), json{{"status", "active"}, {"closed_on", nullptr}}.dump(),
                 "transformation", {"If-Match: *"})
                .status,
            200);
  EXPECT_EQ(update(m, {{"comment", "Back on"}, {"percent_complete", 50}}).status, 201);
}

TEST_F(Newcomer, ADecisionIsRatifiedOnlyOnceTakenAtAHeldMeeting) {
  auto a = make_organisation(), b = make_organisation();
  auto meeting = call("POST", "/api/v1/meetings",
                      json{{"title", unique("ICB boards in common")},
                           {"kind", "governing_body_in_common"},
                           {"organisation_ids", {a["id"], b["id"]}},
                           {"starts_at", day(0) + "T10:00:00Z"},
                           {"ends_at", day(0) + "T12:00:00Z"},
                           {"quorum", 1}}
                          .dump(),
                      "governance");
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  // A governance officer records who sat for each body.
  auto chair = call("POST", "/api/v1/people", json{{"full_name", unique("Board chair")}}.dump(), "governance");
  ASSERT_EQ(chair.status, 201) << chair.body;
  for (const auto& body : {a, b})
    ASSERT_EQ(call("POST", "/api/v1/meetings/" + id_of(meeting.json_body()) + "/attendance",
                   json{{"person_id", id_of(chair.json_body())}, {"organisation_id", body["id"]}, {"status", "present"}}
                       .dump(),
                   "governance")
                  .status,
              201);
  auto decide = [&](const std::string& on) {
    return call("POST", "/api/v1/decisions",
                json{{"title", unique("Approve the merger case")},
                     {"decided_on", on},
                     {"meeting_id", meeting.json_body()["id"]},
                     {"outcomes",
                      {{{"organisation_id", a["id"]}, {"outcome", "approved"}},
                       {{"organisation_id", b["id"]}, {"outcome", "approved"}}}}}
                    .dump(),
                "governance");
  };
  auto d = decide(day(0));
  ASSERT_EQ(d.status, 201) << d.body;
  const std::string ratify = "/api/v1/decisions/" + id_of(d.json_body()) + "/ratify";
  auto early = call("POST", ratify, "", "governance", {"If-Match: *"});
  EXPECT_TRUE(is_problem(early, 409)) << early.body;
  EXPECT_NE(early.body.find("scheduled"), std::string::npos) << early.body;
  ASSERT_EQ(call("PATCH", "/api/v1/meetings/" + id_of(meeting.json_body()), R"({"status":"held"})", "governance",
                 {"If-Match: *"})
                .status,
            200);
  auto future = decide(day(2));
  ASSERT_EQ(future.status, 201) << future.body;
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/decisions/" + id_of(future.json_body()) + "/ratify", "", "governance", {"If-Match: *"}),
      422, "decided_on"));
  EXPECT_TRUE(is_problem(call("POST", ratify, "", "governance"), 428));
  EXPECT_TRUE(is_problem(call("POST", ratify, "", "governance", {"If-Match: \"5\""}), 412));
  EXPECT_EQ(call("POST", ratify, "", "governance", {"If-Match: \"1\""}).status, 200);
}

TEST_F(Newcomer, AnInquorateBodyIsNamed) {
  auto a = make_organisation({{"name", unique("NHS Example North ICB")}}), b = make_organisation();
  auto meeting = call("POST", "/api/v1/meetings",
                      json{{"title", unique("Boards in common")},
                           {"kind", "governing_body_in_common"},
                           {"organisation_ids", {a["id"], b["id"]}},
                           {"starts_at", "2025-06-13T10:00:00Z"},
                           {"ends_at", "2025-06-13T12:00:00Z"},
                           {"quorum", 3},
                           {"status", "held"}}
                          .dump(),
                      "governance");
  ASSERT_EQ(meeting.status, 201);
  auto r = call("POST", "/api/v1/decisions",
                json{{"title", "Approve"},
                     {"decided_on", "2025-06-13"},
                     {"meeting_id", meeting.json_body()["id"]},
                     {"outcomes", {{{"organisation_id", a["id"]}, {"outcome", "approved"}}}}}
                    .dump(),
                "governance");
  EXPECT_TRUE(is_problem(r, 422)) << r.body;
  EXPECT_NE(r.body.find(a["name"].get<std::string>() + " (" + id_of(a) + ") was not quorate"), std::string::npos)
      << r.body;
}

TEST_F(Newcomer, OnePlaceLeftIsSingularAndTheChannelIsExplained) {
  auto c =
      call("POST", "/api/v1/consultations",
           json{{"title", unique("Consultation")}, {"opens_on", day(-5)}, {"closes_on", day(30)}}.dump(), "engagement");
  ASSERT_EQ(c.status, 201);
  auto e = call("POST", "/api/v1/consultations/" + id_of(c.json_body()) + "/events",
                json{{"title", "Drop-in"},
                     {"starts_at", day(20) + "T18:00:00Z"},
                     {"ends_at", day(20) + "T19:00:00Z"},
                     {"capacity", 3},
                     {"booking_required", true}}
                    .dump(),
                "engagement");
  ASSERT_EQ(e.status, 201) << e.body;
  const std::string book = "/api/v1/events/" + id_of(e.json_body()) + "/bookings";
  ASSERT_EQ(call("POST", book, R"({"name":"A","email":"a@example.org","party_size":2})", "").status, 201);
  auto full = call("POST", book, R"({"name":"B","email":"b@example.org","party_size":2})", "");
  EXPECT_TRUE(is_problem(full, 409, "party_size"));
  EXPECT_NE(full.body.find("Only 1 place is left for a party of 2."), std::string::npos) << full.body;
  auto channel = call("POST", "/api/v1/consultations/" + id_of(c.json_body()) + "/responses",
                      R"({"position":"no_view","respondent_type":"public","channel":"letter"})", "");
  EXPECT_TRUE(is_problem(channel, 400, "channel"));
  EXPECT_NE(channel.body.find("postal, email or telephone"), std::string::npos) << channel.body;
}

TEST(CommandLine, SaysWhichSettingIsMissing) {
  const std::string command =
      "env -u INCOMMON_DATABASE_URL " + server_binary() + " token create --name x --role admin 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  const int status = pclose(pipe);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("incommon: INCOMMON_DATABASE_URL is required"), std::string::npos) << out;
}

// The README's tour, verbatim: every command of every journey, against a fresh server with
// both data sets, exits 0 and answers no problem.
TEST_F(Newcomer, TheReadmeTourRunsVerbatim) {
  for (const char* seed : {"staffordshire-2019", "live-example"}) {
    std::string out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", seed}, &out), 0) << out;
  }
  std::ifstream readme(std::string(INCOMMON_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << readme.rdbuf();
  const std::string s = text.str();
  // The second sh block after the tour's heading (the first sets TOKEN and API).
  auto at = s.find("## A ten-minute tour");
  ASSERT_NE(at, std::string::npos);
  at = s.find("```sh\n", s.find("```sh\n", at) + 1);
  ASSERT_NE(at, std::string::npos);
  at += 6;
  const std::string script = s.substr(at, s.find("```", at) - at);
  const std::string path = "/tmp/incommon-tour-" + std::to_string(getpid()) + ".sh";
  std::ofstream(path) << script;
  const std::string command = "cd \"$(mktemp -d)\" && TOKEN=" + token_for("admin") + " API=" + server().base_url() +
                              "/api/v1 bash -euo pipefail " + path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  EXPECT_EQ(pclose(pipe), 0) << out;
  std::remove(path.c_str());
  EXPECT_FALSE(std::regex_search(out, std::regex("\"status\": [45][0-9][0-9]"))) << out;
  for (const char* shown :
       {"\"status\": \"ratified\"", "\"overall\": \"approved_in_common\"", "revoked viewer reads: 401",
        "viewer reads: 200", "\"body\": \"NHS Stafford and Surrounds CCG\"", "\"places_left\": 78",
        "\"overdue_caveats\": 1", "\"status\": \"complete\"", "\"kind\":\"vote\",\"event\":\"closed\"",
        "\"status: not_started -> blocked\"", "highlight-report.html"})
    EXPECT_NE(out.find(shown), std::string::npos) << shown << " not in:\n" << out;
}
