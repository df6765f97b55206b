// Meetings in common, quorum, declarations, and the decision register, over HTTP.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "domain/core/date.hpp"
#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Meetings : public ApiTest {
 protected:
  struct InCommon {
    json meeting;
    std::vector<json> bodies;
    std::vector<std::vector<json>> members;  // per body
  };

  json person() { return call("POST", "/api/v1/people", json{{"full_name", unique("Member")}}.dump()).json_body(); }

  // A meeting in common of `n` bodies, each with `present` voting members present.
  InCommon in_common(int n, int present, int quorum = 3) {
    InCommon m;
    json ids = json::array();
    for (int i = 0; i < n; ++i) {
      m.bodies.push_back(make_organisation());
      ids.push_back(m.bodies.back()["id"]);
    }
    auto r = call("POST", "/api/v1/meetings",
                  json{{"title", unique("Governing bodies in common")},
                       {"kind", "governing_body_in_common"},
                       {"organisation_ids", ids},
                       {"starts_at", "2019-06-13T10:00:00+01:00"},
                       {"ends_at", "2019-06-13T13:00:00+01:00"},
                       {"location", "Stafford"},
                       {"quorum", quorum},
                       {"status", "held"}}
                      .dump(),
                  "governance");
    EXPECT_EQ(r.status, 201) << r.body;
    m.meeting = r.json_body();
    m.members.resize(static_cast<std::size_t>(n));
    for (int b = 0; b < n; ++b)
      for (int k = 0; k < present; ++k) {
        auto p = person();
        m.members[static_cast<std::size_t>(b)].push_back(p);
        EXPECT_EQ(attend(m.meeting, p, m.bodies[static_cast<std::size_t>(b)], "present").status, 201);
      }
    return m;
  }

  Response attend(const json& meeting, const json& person, const json& body, const std::string& status,
                  bool voting = true) {
    return call(
        "POST", "/api/v1/meetings/" + meeting["id"].get<std::string>() + "/attendance",
        json{{"person_id", person["id"]}, {"organisation_id", body["id"]}, {"status", status}, {"voting", voting}}
            .dump(),
        "governance");
  }

  json item(const json& meeting, const std::string& number, const std::string& purpose = "decision") {
    auto r = call("POST", "/api/v1/meetings/" + meeting["id"].get<std::string>() + "/agenda-items",
                  json{{"number", number}, {"title", "Item " + number}, {"purpose", purpose}}.dump(), "governance");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }

  Response decide(const InCommon& m, const std::vector<std::string>& outcomes, json extra = json::object()) {
    json list = json::array();
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      list.push_back({{"organisation_id", m.bodies[i]["id"]}, {"outcome", outcomes[i]}});
    json body = {{"title", "Create a single strategic commissioning organisation"},
                 {"decided_on", "2019-06-13"},
                 {"meeting_id", m.meeting["id"]},
                 {"outcomes", list}};
    body.update(extra);
    return call("POST", "/api/v1/decisions", body.dump(), "governance");
  }
};

TEST_F(Meetings, MeetingRules) {
  auto a = make_organisation(), b = make_organisation();
  auto create = [&](json body) { return call("POST", "/api/v1/meetings", body.dump(), "governance"); };
  json base = {{"title", "GB in common"},
               {"kind", "governing_body_in_common"},
               {"organisation_ids", {a["id"], b["id"]}},
               {"starts_at", "2019-06-20T15:30:00+01:00"},
               {"ends_at", "2019-06-20T16:30:00+01:00"}};
  auto ok = create(base);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json_body()["starts_at"], "2019-06-20T14:30:00Z");
  EXPECT_EQ(ok.json_body()["quorum"], 3);
  EXPECT_EQ(ok.json_body()["status"], "scheduled");
  auto one = base;
  one["organisation_ids"] = {a["id"]};
  EXPECT_TRUE(is_problem(create(one), 422, "organisation_ids"));
  auto backwards = base;
  backwards["ends_at"] = "2019-06-20T14:00:00Z";
  EXPECT_TRUE(is_problem(create(backwards), 422, "ends_at"));
  auto local = base;
  local["starts_at"] = "2019-06-20T15:30:00";
  EXPECT_TRUE(is_problem(create(local), 422, "starts_at"));
  auto unknown = base;
  unknown["organisation_ids"] = {a["id"], "00000000-0000-0000-0000-000000000000"};
  EXPECT_TRUE(is_problem(create(unknown), 422, "organisation_ids"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/meetings", base.dump(), "engagement"), 403));
  auto listed =
      call("GET", "/api/v1/meetings?kind=governing_body_in_common&organisation_id=" + a["id"].get<std::string>() +
                      "&from=2019-06-20T00:00:00%2B01:00&to=2019-06-21T00:00:00Z");
  EXPECT_EQ(listed.json_body()["items"].size(), 1u);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/meetings?from=yesterday"), 400, "from"));
}

TEST_F(Meetings, AgendaItemsSortAsVersionNumbers) {
  auto m = in_common(2, 0);
  for (const char* n : {"10", "4.2", "2", "4.10", "4"}) item(m.meeting, n);
  const std::string path = "/api/v1/meetings/" + m.meeting["id"].get<std::string>() + "/agenda-items";
  std::vector<std::string> order;
  std::string next = path + "?limit=2";
  for (int guard = 0; guard < 5; ++guard) {
    auto page = call("GET", next).json_body();
    for (const auto& i : page["items"]) order.push_back(i["number"]);
    if (page["next_cursor"].is_null()) break;
    next = path + "?limit=2&cursor=" + page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(order, (std::vector<std::string>{"2", "4", "4.2", "4.10", "10"}));
  EXPECT_TRUE(is_problem(
      call("POST", path, json{{"number", "4.2"}, {"title", "Again"}, {"purpose", "decision"}}.dump(), "governance"),
      409, "number"));
  EXPECT_TRUE(is_problem(
      call("POST", path, json{{"number", "4.x"}, {"title", "Bad"}, {"purpose", "decision"}}.dump(), "governance"), 422,
      "number"));
  EXPECT_TRUE(is_problem(
      call("POST", path,
           json{{"number", "5"}, {"title", "Bad"}, {"purpose", "decision"}, {"papers_url", "ftp://x"}}.dump(),
           "governance"),
      422, "papers_url"));
}

TEST_F(Meetings, QuorumPerBodyAndWithdrawals) {
  auto m = in_common(2, 3);
  const std::string id = m.meeting["id"].get<std::string>();
  // A non-voting attendee and apologies do not count.
  attend(m.meeting, person(), m.bodies[1], "present", false);
  attend(m.meeting, person(), m.bodies[1], "apologies");
  EXPECT_TRUE(is_problem(attend(m.meeting, person(), make_organisation(), "present"), 422, "organisation_id"));
  EXPECT_TRUE(is_problem(attend(m.meeting, m.members[0][0], m.bodies[0], "present"), 409));
  auto q = call("GET", "/api/v1/meetings/" + id + "/quorum").json_body();
  ASSERT_EQ(q["bodies"].size(), 2u);
  for (const auto& b : q["bodies"]) {
    EXPECT_EQ(b["present_voting"], 3);
    EXPECT_EQ(b["quorate"], true);
  }
  auto four = item(m.meeting, "4");
  auto d = call("POST", "/api/v1/meetings/" + id + "/declarations",
                json{{"person_id", m.members[0][0]["id"]},
                     {"agenda_item_id", four["id"]},
                     {"interest", "Partner in a member practice"},
                     {"action", "withdrew"}}
                    .dump(),
                "governance");
  ASSERT_EQ(d.status, 201) << d.body;
  auto on_item =
      call("GET", "/api/v1/meetings/" + id + "/quorum?agenda_item_id=" + four["id"].get<std::string>()).json_body();
  const auto& first =
      on_item["bodies"][0]["organisation_id"] == m.bodies[0]["id"] ? on_item["bodies"][0] : on_item["bodies"][1];
  EXPECT_EQ(first["present_voting"], 2);
  EXPECT_EQ(first["quorate"], false);
  EXPECT_TRUE(is_problem(
      call("GET", "/api/v1/meetings/" + id + "/quorum?agenda_item_id=" + make_organisation()["id"].get<std::string>()),
      422));
  // The body is not quorate for item 4: it cannot approve there, but can still defer.
  auto approve = decide(m, {"approved", "approved"}, {{"agenda_item_id", four["id"]}});
  EXPECT_TRUE(is_problem(approve, 422, "/outcomes/0/organisation_id"));
  EXPECT_EQ(decide(m, {"deferred", "approved"}, {{"agenda_item_id", four["id"]}}).status, 201);
  EXPECT_EQ(decide(m, {"approved", "approved"}).status, 201) << "quorate for the meeting as a whole";
}

TEST_F(Meetings, SixBodiesInCommonFromDecisionToSupersession) {
  auto m = in_common(6, 3);
  auto r =
      decide(m, {"approved", "approved", "approved", "approved", "approved", "deferred"},
             {{"rationale", "A single commissioning structure will reduce running costs and minimise duplication."},
              {"summary", "Proceed toward one strategic commissioning organisation, with locality arrangements."}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.json_body();
  EXPECT_EQ(d["overall"], "split");
  EXPECT_EQ(d["status"], "draft");
  EXPECT_EQ(d["organisation_ids"].size(), 6u);
  EXPECT_EQ(d["reference"].get<std::string>().rfind("DEC-2019-", 0), 0u);
  const std::string path = "/api/v1/decisions/" + d["id"].get<std::string>();

  auto ratified = call("POST", path + "/ratify", "", "governance", {"If-Match: *"});
  ASSERT_EQ(ratified.status, 200) << ratified.body;
  EXPECT_EQ(ratified.json_body()["status"], "ratified");
  EXPECT_FALSE(ratified.json_body()["ratified_at"].is_null());
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"title":"Changed"})", "governance", {"If-Match: \"2\""}), 409));
  auto twice = call("POST", path + "/ratify", "", "governance", {"If-Match: *"});
  EXPECT_TRUE(is_problem(twice, 409));
  EXPECT_EQ(twice.json_body()["type"], "/problems/decision-final");

  auto newer = decide(m, {"approved", "approved", "approved", "approved", "approved", "approved"},
                      {{"supersedes_id", d["id"]}, {"rationale", "Deferral resolved at the following meeting."}});
  ASSERT_EQ(newer.status, 201) << newer.body;
  EXPECT_EQ(newer.json_body()["overall"], "approved_in_common");
  auto old = call("GET", path).json_body();
  EXPECT_EQ(old["status"], "superseded");
  EXPECT_EQ(old["superseded_by_id"], newer.json_body()["id"]);
  EXPECT_TRUE(is_problem(decide(m, {"approved"}, {{"supersedes_id", d["id"]}}), 409, "supersedes_id"));

  auto found = call("GET", "/api/v1/decisions?q=duplication&meeting_id=" + m.meeting["id"].get<std::string>());
  ASSERT_EQ(found.json_body()["items"].size(), 1u);
  EXPECT_EQ(found.json_body()["items"][0]["id"], d["id"]);

  auto history = call("GET", path + "/history").json_body()["items"];
  std::vector<std::string> actions;
  for (const auto& e : history) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "ratify", "supersede"}));

  auto csv = call("GET", "/api/v1/decisions?meeting_id=" + m.meeting["id"].get<std::string>(), "", "viewer",
                  {"Accept: text/csv"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv.body.find(d["reference"].get<std::string>() +
                          ",Create a single strategic commissioning organisation,superseded,split,2019-06-13"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(",A single commissioning structure will reduce running costs and minimise duplication.,"),
            std::string::npos)
      << csv.body;
}

TEST_F(Meetings, OutcomesOnlyFromParticipatingQuorateBodies) {
  auto m = in_common(2, 3);
  auto stranger = make_organisation();
  json body = {{"title", "X"},
               {"decided_on", "2019-06-13"},
               {"meeting_id", m.meeting["id"]},
               {"outcomes", {{{"organisation_id", stranger["id"]}, {"outcome", "approved"}}}}};
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/decisions", body.dump(), "governance"), 422, "/outcomes/0/organisation_id"));
  auto thin = in_common(2, 2);  // quorum 3, two present
  EXPECT_TRUE(is_problem(decide(thin, {"approved", "deferred"}), 422, "/outcomes/0/organisation_id"));
  auto pending = decide(thin, {"rejected"});
  ASSERT_EQ(pending.status, 201);
  EXPECT_EQ(pending.json_body()["overall"], "pending");
  const std::string path = "/api/v1/decisions/" + pending.json_body()["id"].get<std::string>();
  EXPECT_TRUE(is_problem(call("POST", path + "/ratify", "", "governance", {"If-Match: *"}), 422, "outcomes"));
  // The other body's outcome follows by PATCH, before ratification.
  json both = {{"outcomes",
                {{{"organisation_id", thin.bodies[0]["id"]}, {"outcome", "rejected"}},
                 {{"organisation_id", thin.bodies[1]["id"]}, {"outcome", "rejected"}}}}};
  auto patched = call("PATCH", path, both.dump(), "governance", {"If-Match: \"1\""});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json_body()["overall"], "rejected");
  EXPECT_TRUE(
      is_problem(call("PATCH", path, R"({"status":"ratified"})", "governance", {"If-Match: \"2\""}), 422, "status"));
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"reference":"DEC-1999-0001"})", "governance", {"If-Match: \"2\""}),
                         422, "reference"));
  // Without a meeting, the bodies with outcomes take part.
  json free = {{"title", "Written resolution"},
               {"decided_on", "2019-07-01"},
               {"outcomes", {{{"organisation_id", stranger["id"]}, {"outcome", "approved"}}}}};
  auto written = call("POST", "/api/v1/decisions", free.dump(), "governance");
  ASSERT_EQ(written.status, 201) << written.body;
  EXPECT_EQ(written.json_body()["overall"], "approved_in_common");
  json twice = {{"title", "X"},
                {"decided_on", "2019-07-01"},
                {"outcomes",
                 {{{"organisation_id", stranger["id"]}, {"outcome", "approved"}},
                  {{"organisation_id", stranger["id"]}, {"outcome", "rejected"}}}}};
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/decisions", twice.dump(), "governance"), 422));
  EXPECT_TRUE(is_problem(
      call(
          "POST", "/api/v1/decisions",
          R"({"title":"X","decided_on":"2019-07-01","outcomes":[{"organisation_id":"x","outcome":"approved","colour":1}]})",
          "governance"),
      400, "/outcomes/0/colour"));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/decisions", R"({"title":"X","decided_on":"2019-07-01","status":"ratified"})", "governance"),
      400, "status"));
}

TEST_F(Meetings, RescindNeedsAReasonAndHappensOnce) {
  auto m = in_common(2, 3);
  auto d = decide(m, {"approved", "approved"}).json_body();
  const std::string path = "/api/v1/decisions/" + d["id"].get<std::string>();
  EXPECT_TRUE(is_problem(call("POST", path + "/rescind", R"({})", "governance", {"If-Match: *"}), 422, "reason"));
  EXPECT_TRUE(is_problem(call("POST", path + "/rescind", R"({"reason":"x","why":"y"})", "governance", {"If-Match: *"}),
                         400, "why"));
  // A change of state: without If-Match 428, with a stale one 412 naming the version.
  const std::string reason = R"({"reason":"Legal advice: outside the governing bodies' powers"})";
  EXPECT_TRUE(is_problem(call("POST", path + "/rescind", reason, "governance"), 428));
  auto stale = call("POST", path + "/rescind", reason, "governance", {"If-Match: \"9\""});
  EXPECT_TRUE(is_problem(stale, 412));
  EXPECT_EQ(stale.json_body()["current_version"], d["version"]);
  auto r = call("POST", path + "/rescind", reason, "governance",
                {"If-Match: \"" + std::to_string(d["version"].get<int>()) + "\""});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json_body()["status"], "rescinded");
  EXPECT_TRUE(is_problem(call("POST", path + "/rescind", R"({"reason":"again"})", "governance", {"If-Match: *"}), 409));
  EXPECT_EQ(call("GET", "/api/v1/decisions?status=rescinded&organisation_id=" + m.bodies[0]["id"].get<std::string>())
                .json_body()["items"]
                .size(),
            1u);
}

TEST_F(Meetings, CsvQuotesCommasQuotesAndNewlines) {
  auto org = make_organisation();
  json body = {{"title", "Budget, \"protected\"\nper CCG"},
               {"decided_on", "2018-03-01"},
               {"outcomes", {{{"organisation_id", org["id"]}, {"outcome", "approved"}}}}};
  ASSERT_EQ(call("POST", "/api/v1/decisions", body.dump(), "governance").status, 201);
  auto csv = call("GET", "/api/v1/decisions?decided_from=2018-03-01&decided_to=2018-03-01", "", "viewer",
                  {"Accept: text/csv"});
  EXPECT_NE(csv.body.find("\"Budget, \"\"protected\"\"\nper CCG\""), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.rfind("reference,title,", 0), 0u);
  EXPECT_NE(csv.body.find("\r\n"), std::string::npos);
}

TEST_F(Meetings, CsvCellsNeverOpenAsFormulae) {
  auto org = make_organisation();
  json body = {{"title", "=HYPERLINK(\"http://attacker.example\",\"Click\")"},
               {"summary", "+1+cmd|' /C calc'!A0"},
               {"rationale", "@SUM(1+1)"},
               {"decided_on", "2018-03-02"},
               {"outcomes", {{{"organisation_id", org["id"]}, {"outcome", "approved"}}}}};
  ASSERT_EQ(call("POST", "/api/v1/decisions", body.dump(), "governance").status, 201);
  auto csv = call("GET", "/api/v1/decisions?decided_from=2018-03-02&decided_to=2018-03-02", "", "viewer",
                  {"Accept: text/csv"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(",\"'=HYPERLINK(\"\"http://attacker.example\"\",\"\"Click\"\")\","), std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(",\"'+1+cmd|' /C calc'!A0\","), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",\"'@SUM(1+1)\","), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",=HYPERLINK"), std::string::npos);
}

TEST_F(Meetings, TwentyParallelDecisionsGetTwentyConsecutiveReferences) {
  auto org = make_organisation();
  auto results = race(20, [&](HttpClient& c, int i) {
    json body = {{"title", "Parallel " + std::to_string(i)},
                 {"decided_on", "2031-01-0" + std::to_string(1 + i % 9)},
                 {"outcomes", {{{"organisation_id", org["id"]}, {"outcome", "approved"}}}}};
    return c.request("POST", "/api/v1/decisions", body.dump(), {auth("governance")});
  });
  std::set<std::string> refs;
  for (const auto& r : results) {
    ASSERT_EQ(r.status, 201) << r.body;
    refs.insert(r.json_body()["reference"].get<std::string>());
  }
  ASSERT_EQ(refs.size(), 20u);
  EXPECT_EQ(*refs.begin(), "DEC-2031-0001");
  EXPECT_EQ(*refs.rbegin(), "DEC-2031-0020");
}

// A decision as it stood on a date: taken by then, ratified only once it was, rescinded only
// once it was; the list filters by that status.
TEST_F(Meetings, DecisionsAsOfADate) {
  auto org = make_organisation();
  auto r = call("POST", "/api/v1/decisions",
                json{{"title", unique("Share one accountable officer")},
                     {"decided_on", "2019-05-21"},
                     {"outcomes", {{{"organisation_id", org["id"]}, {"outcome", "approved"}}}}}
                    .dump(),
                "governance");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json_body()["id"];
  ASSERT_EQ(call("POST", "/api/v1/decisions/" + id + "/ratify", "", "governance", {"If-Match: *"}).status, 200);
  using incommon::Date;
  const std::string yesterday = Date::from_days(Date::today_utc().days_since_epoch() - 1).to_string();
  auto then = call("GET", "/api/v1/decisions/" + id + "?as_of=" + yesterday).json_body();
  EXPECT_EQ(then["status"], "draft");  // ratified today
  EXPECT_TRUE(then["ratified_at"].is_null());
  EXPECT_EQ(call("GET", "/api/v1/decisions/" + id).json_body()["status"], "ratified");
  auto ids_with = [&](const std::string& query) {
    const auto page = call("GET", "/api/v1/decisions?ids=" + id + "&" + query).json_body();
    return page["items"].size();
  };
  EXPECT_EQ(ids_with("as_of=" + yesterday + "&status=draft"), 1u);
  EXPECT_EQ(ids_with("as_of=" + yesterday + "&status=ratified"), 0u);
  EXPECT_EQ(ids_with("as_of=2019-05-20"), 0u);  // not taken yet
  ASSERT_EQ(call("POST", "/api/v1/decisions/" + id + "/rescind", R"({"reason":"Recorded in error."})", "governance",
                 {"If-Match: *"})
                .status,
            200);
  EXPECT_EQ(ids_with("status=rescinded"), 1u);
  EXPECT_EQ(ids_with("as_of=" + yesterday + "&status=rescinded"), 0u);
  EXPECT_EQ(call("GET", "/api/v1/decisions/" + id + "?as_of=" + yesterday).json_body()["status"], "draft");
}

// As recorded: a decision drafted, then its outcomes changed and ratified, read as incommon
// held it between the two: the old outcomes and the overall derived from them.
TEST_F(Meetings, ADecisionAsRecordedShowsItsOldOutcomesAndOverall) {
  auto a = make_organisation();
  auto b = make_organisation();
  auto r = call("POST", "/api/v1/decisions",
                json{{"title", unique("Share one accountable officer")},
                     {"decided_on", "2019-05-21"},
                     {"outcomes",
                      {{{"organisation_id", a["id"]}, {"outcome", "approved"}},
                       {{"organisation_id", b["id"]}, {"outcome", "deferred"}}}}}
                    .dump(),
                "governance");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto drafted = r.json_body();
  const std::string id = drafted["id"];
  const std::string at = "?as_recorded=" + drafted["updated_at"].get<std::string>();
  auto changed = call("PATCH", "/api/v1/decisions/" + id,
                      json{{"outcomes",
                            {{{"organisation_id", a["id"]}, {"outcome", "approved"}},
                             {{"organisation_id", b["id"]}, {"outcome", "approved"}}}}}
                          .dump(),
                      "governance", {"If-Match: *"});
  ASSERT_EQ(changed.status, 200) << changed.body;
  ASSERT_EQ(call("POST", "/api/v1/decisions/" + id + "/ratify", "", "governance", {"If-Match: *"}).status, 200);
  const auto now = call("GET", "/api/v1/decisions/" + id).json_body();
  EXPECT_EQ(now["status"], "ratified");
  EXPECT_NE(now["overall"], drafted["overall"]);
  const auto then = call("GET", "/api/v1/decisions/" + id + at).json_body();
  EXPECT_EQ(then["status"], "draft");
  EXPECT_EQ(then["overall"], drafted["overall"]);
  EXPECT_EQ(then["outcomes"], drafted["outcomes"]);
  const auto listed = call("GET", "/api/v1/decisions" + at + "&ids=" + id).json_body()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["overall"], drafted["overall"]);
  EXPECT_TRUE(
      call("GET", "/api/v1/decisions?ids=" + id + "&as_recorded=2019-01-01T00:00:00Z").json_body()["items"].empty());
}
