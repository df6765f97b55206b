// Merger programmes over HTTP: the five-milestone chain of the 2019 case, RAG as of any date,
// the update log, rebaselining, cycles, the critical path, the RAID log and programme money.
#include <gtest/gtest.h>

#include <set>

#include "domain/core/date.hpp"
#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Programmes : public ApiTest {
 protected:
  static std::string id_of(const json& j) { return j["id"].get<std::string>(); }

  json programme(json fields = json::object()) {
    json body = {
        {"name", unique("Single strategic commissioner")}, {"target_date", "2020-04-01"}, {"status", "active"}};
    body.update(fields);
    auto r = call("POST", "/api/v1/programmes", body.dump(), "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }

  Response add(const json& p, json fields) {
    json body = {{"title", "Milestone " + fields.value("key", std::string())}, {"workstream", "governance"}};
    body.update(fields);
    return call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones", body.dump(), "transformation");
  }
  json milestone(const json& p, json fields) {
    auto r = add(p, std::move(fields));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }

  json get(const json& m, const std::string& as_of = "") {
    return call("GET", "/api/v1/milestones/" + id_of(m) + (as_of.empty() ? "" : "?as_of=" + as_of)).json_body();
  }

  // A milestone update; one that changes a field needs If-Match, which tests about versions
  // send themselves (any version otherwise).
  Response update(const json& m, json body, std::vector<std::string> headers = {}) {
    bool versioned = false;
    for (const auto& h : headers) versioned = versioned || h.rfind("If-Match:", 0) == 0;
    if (!versioned) headers.push_back("If-Match: *");
    return call("POST", "/api/v1/milestones/" + id_of(m) + "/updates", body.dump(), "transformation",
                std::move(headers));
  }

  Response patch(const json& m, json body, const std::string& version = "*") {
    return call("PATCH", "/api/v1/milestones/" + id_of(m), body.dump(), "transformation", {"If-Match: " + version});
  }

  // The merger's chain, from the December 2018 application to the April 2020 establishment.
  struct Chain {
    json programme;
    std::vector<json> m;  // M01..M05
  };
  Chain chain() {
    Chain c;
    c.programme = programme();
    c.m.push_back(milestone(c.programme, {{"key", "M01"},
                                          {"title", "Application to NHS England"},
                                          {"baseline_date", "2018-12-14"},
                                          {"status", "complete"},
                                          {"actual_date", "2018-12-14"},
                                          {"percent_complete", 100}}));
    c.m.push_back(milestone(c.programme, {{"key", "M02"},
                                          {"title", "Governing bodies and GP surgeries consulted"},
                                          {"baseline_date", "2019-05-31"},
                                          {"depends_on", {id_of(c.m[0])}}}));
    c.m.push_back(milestone(c.programme, {{"key", "M03"},
                                          {"title", "Public consultation"},
                                          {"workstream", "engagement"},
                                          {"owner", "Engagement lead"},
                                          {"baseline_date", "2019-07-31"},
                                          {"depends_on", {id_of(c.m[1])}}}));
    c.m.push_back(milestone(c.programme, {{"key", "M04"},
                                          {"title", "Merger application to NHS England"},
                                          {"workstream", "legal"},
                                          {"baseline_date", "2019-09-30"},
                                          {"depends_on", {id_of(c.m[2])}}}));
    c.m.push_back(milestone(c.programme, {{"key", "M05"},
                                          {"title", "Single organisation established"},
                                          {"baseline_date", "2020-04-01"},
                                          {"depends_on", {id_of(c.m[3])}}}));
    return c;
  }

  static std::set<std::string> codes(const json& m) {
    std::set<std::string> out;
    for (const auto& r : m["rag_reasons"]) out.insert(r["code"].get<std::string>());
    return out;
  }
};

// --- Programmes -------------------------------------------------------------------------------

TEST_F(Programmes, ClosedOnIsRequiredExactlyWhenCompleteOrAbandoned) {
  auto bad = call("POST", "/api/v1/programmes",
                  json{{"name", unique("P")}, {"target_date", "2020-04-01"}, {"status", "abandoned"}}.dump(),
                  "transformation");
  EXPECT_TRUE(is_problem(bad, 422, "closed_on"));
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/programmes",
                      json{{"name", unique("P")}, {"target_date", "2020-04-01"}, {"closed_on", "2019-09-30"}}.dump(),
                      "transformation"),
                 422, "closed_on"));
  auto p = programme();
  const std::string path = "/api/v1/programmes/" + id_of(p);
  EXPECT_TRUE(
      is_problem(call("PATCH", path, json{{"status", "abandoned"}}.dump(), "transformation", {"If-Match: \"1\""}), 422,
                 "closed_on"));
  auto closed = call("PATCH", path, json{{"status", "abandoned"}, {"closed_on", "2019-09-30"}}.dump(), "transformation",
                     {"If-Match: \"1\""});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json_body()["status"], "abandoned");
  EXPECT_EQ(etag_version(closed), 2);
}

TEST_F(Programmes, MergingBodiesAndSuccessorMustBeOrganisations) {
  auto a = make_organisation(), b = make_organisation(), sco = make_organisation();
  auto p = programme({{"organisation_ids", {a["id"], b["id"]}}, {"successor_id", sco["id"]}});
  EXPECT_EQ(p["organisation_ids"].size(), 2u);
  EXPECT_EQ(p["successor_id"], sco["id"]);
  const std::string nobody = "00000000-0000-4000-8000-000000000000";
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/programmes",
                      json{{"name", unique("P")}, {"target_date", "2020-04-01"}, {"organisation_ids", {nobody}}}.dump(),
                      "transformation"),
                 422, "organisation_ids"));
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/programmes",
                      json{{"name", unique("P")}, {"target_date", "2020-04-01"}, {"successor_id", nobody}}.dump(),
                      "transformation"),
                 422, "successor_id"));
  auto listed = call("GET", "/api/v1/programmes?organisation_id=" + id_of(a)).json_body();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], p["id"]);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/programmes?status=paused"), 400, "status"));
}

TEST_F(Programmes, ProgrammeFinancialPositionsHaveALabel) {
  auto p = programme();
  const std::string path = "/api/v1/programmes/" + id_of(p) + "/financial-positions";
  auto south = call("POST", path,
                    json{{"label", "southern CCGs combined"}, {"cumulative_position_pence", -15'000'000'000LL}}.dump(),
                    "governance");
  ASSERT_EQ(south.status, 201) << south.body;
  EXPECT_EQ(south.json_body()["programme_id"], p["id"]);
  EXPECT_EQ(south.json_body()["organisation_id"], nullptr);
  EXPECT_EQ(south.json_body()["cumulative_position_pence"], -15'000'000'000LL);
  EXPECT_EQ(call("POST", path,
                 json{{"label", "northern CCGs combined"}, {"cumulative_position_pence", -1'000'000'000LL}}.dump(),
                 "governance")
                .status,
            201);
  EXPECT_TRUE(
      is_problem(call("POST", path, json{{"label", "southern CCGs combined"}, {"cumulative_position_pence", 1}}.dump(),
                      "governance"),
                 409, "label"));
  EXPECT_TRUE(is_problem(
      call("POST", path, json{{"financial_year", "2018/19"}, {"label", "x"}, {"cumulative_position_pence", 1}}.dump(),
           "governance"),
      400, "financial_year"));
  EXPECT_TRUE(
      is_problem(call("POST", path, json{{"cumulative_position_pence", 1}}.dump(), "governance"), 422, "label"));
  EXPECT_EQ(call("POST", path, json{{"label", "x"}, {"cumulative_position_pence", 1}}.dump(), "transformation").status,
            403);
  auto list = call("GET", path).json_body()["items"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["label"], "northern CCGs combined");
  // An organisation's position cannot take a label, nor a programme's a year.
  const std::string item = "/api/v1/financial-positions/" + id_of(south.json_body());
  EXPECT_TRUE(is_problem(call("PATCH", item, json{{"financial_year", "2018/19"}}.dump(), "governance", {"If-Match: *"}),
                         422, "financial_year"));
  auto org = make_organisation();
  auto org_position = call("POST", "/api/v1/organisations/" + id_of(org) + "/financial-positions",
                           json{{"financial_year", "2018/19"}, {"in_year_surplus_pence", 0}}.dump(), "governance");
  ASSERT_EQ(org_position.status, 201);
  EXPECT_EQ(org_position.json_body()["label"], nullptr);
  EXPECT_TRUE(is_problem(call("PATCH", "/api/v1/financial-positions/" + id_of(org_position.json_body()),
                              json{{"label", "x"}}.dump(), "governance", {"If-Match: *"}),
                         422, "label"));
  auto renamed = call("PATCH", item, json{{"label", "south"}}.dump(), "governance", {"If-Match: \"1\""});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json_body()["label"], "south");
}

// --- The chain: slippage, RAG, red past forecast, cycle refused, critical path -----------------

TEST_F(Programmes, TheChainFromApplicationToEstablishment) {
  auto c = chain();
  const auto& m = c.m;
  // On 13 June 2019 the first is done, the rest are green.
  for (std::size_t i = 1; i < m.size(); ++i) {
    auto v = get(m[i], "2019-05-01");
    EXPECT_EQ(v["rag"], "green") << v.dump();
    EXPECT_EQ(v["slippage_days"], 0);
  }
  EXPECT_EQ(get(m[0], "2019-05-01")["rag"], nullptr);  // complete: no RAG
  EXPECT_EQ(get(m[0], "2019-05-01")["status"], "complete");

  // The public consultation slips by a month: it turns amber, and so does its dependant.
  auto slipped = update(m[2], {{"comment", "Consultation extended to the end of August"},
                               {"forecast_date", "2019-08-31"},
                               {"status", "in_progress"},
                               {"percent_complete", 40}});
  ASSERT_EQ(slipped.status, 201) << slipped.body;
  EXPECT_EQ(slipped.json_body()["milestone"]["slippage_days"], 31);
  auto m3 = get(m[2], "2019-06-13");
  EXPECT_EQ(m3["rag"], "amber");
  EXPECT_EQ(codes(m3), std::set<std::string>{"slipped"});
  EXPECT_EQ(m3["status"], "in_progress");
  EXPECT_EQ(m3["percent_complete"], 40);
  auto m4 = get(m[3], "2019-06-13");
  EXPECT_EQ(m4["rag"], "green");  // its forecast (30 Sep) is still after M03's
  auto late = update(m[2], {{"comment", "Scrutiny committee asks for more time"}, {"forecast_date", "2019-10-15"}});
  ASSERT_EQ(late.status, 201) << late.body;
  m4 = get(m[3], "2019-06-13");
  EXPECT_EQ(m4["rag"], "amber");
  EXPECT_EQ(codes(m4), std::set<std::string>{"dependency_later"});
  EXPECT_NE(m4["rag_reasons"][0]["text"].get<std::string>().find("M03"), std::string::npos);

  // Once past its forecast and not complete, it is red.
  auto red = get(m[2], "2019-10-16");
  EXPECT_EQ(red["rag"], "red");
  EXPECT_TRUE(codes(red).count("past_forecast"));
  EXPECT_TRUE(red["overdue"].get<bool>());

  // A forecast after the programme target is red.
  ASSERT_EQ(update(m[4], {{"comment", "Establishment moves"}, {"forecast_date", "2020-07-01"}}).status, 201);
  auto m5 = get(m[4], "2019-06-13");
  EXPECT_EQ(m5["rag"], "red");
  EXPECT_TRUE(codes(m5).count("after_programme_target"));

  // A cycle is refused, naming the milestones on it by key; nothing changes.
  auto cycle = patch(m[0], {{"depends_on", {id_of(m[4])}}});
  ASSERT_TRUE(is_problem(cycle, 422, "depends_on"));
  const std::string detail = cycle.json_body()["detail"];
  for (const char* key : {"M01", "M02", "M03", "M04", "M05"}) EXPECT_NE(detail.find(key), std::string::npos) << detail;
  EXPECT_EQ(get(m[0])["depends_on"].size(), 0u);
  EXPECT_EQ(get(m[0])["version"], 1);

  // A stale update is refused and writes nothing.
  ASSERT_EQ(update(m[3], {{"comment", "first"}, {"percent_complete", 5}}, {"If-Match: \"1\""}).status, 201);
  auto stale2 = update(m[3], {{"comment", "second"}, {"percent_complete", 10}}, {"If-Match: \"1\""});
  EXPECT_TRUE(is_problem(stale2, 412));
  EXPECT_EQ(stale2.json_body()["current_version"], 2);
  EXPECT_EQ(get(m[3])["percent_complete"], 5);
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m[3]) + "/updates").json_body()["items"].size(), 1u);

  // The chain is the critical path, finishing after the target.
  auto path = call("GET", "/api/v1/programmes/" + id_of(c.programme) + "/critical-path?as_of=2019-06-13");
  ASSERT_EQ(path.status, 200) << path.body;
  auto cp = path.json_body();
  ASSERT_EQ(cp["milestones"].size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(cp["milestones"][i]["id"], m[i]["id"]);
  EXPECT_EQ(cp["finish_date"], "2020-07-01");
  EXPECT_EQ(cp["target_date"], "2020-04-01");
  EXPECT_EQ(cp["slack_days"], -91);
}

TEST_F(Programmes, CriticalPathFollowsTheLatestBranchAndSkipsCancelled) {
  auto p = programme();
  auto start = milestone(p, {{"key", "A"}, {"baseline_date", "2019-01-01"}});
  auto short_branch = milestone(p, {{"key", "B"}, {"baseline_date", "2019-02-01"}, {"depends_on", {id_of(start)}}});
  auto long_branch = milestone(p, {{"key", "C"}, {"baseline_date", "2019-06-01"}, {"depends_on", {id_of(start)}}});
  auto end = milestone(
      p, {{"key", "D"}, {"baseline_date", "2019-12-01"}, {"depends_on", {id_of(short_branch), id_of(long_branch)}}});
  auto cp = call("GET", "/api/v1/programmes/" + id_of(p) + "/critical-path?as_of=2019-01-01").json_body();
  std::vector<std::string> keys;
  for (const auto& m : cp["milestones"]) keys.push_back(m["key"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"A", "C", "D"}));
  EXPECT_EQ(cp["slack_days"], 122);
  ASSERT_EQ(patch(long_branch, {{"status", "cancelled"}}).status, 200);
  cp = call("GET", "/api/v1/programmes/" + id_of(p) + "/critical-path?as_of=2019-01-01").json_body();
  keys.clear();
  for (const auto& m : cp["milestones"]) keys.push_back(m["key"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"A", "B", "D"}));
  auto empty = programme();
  cp = call("GET", "/api/v1/programmes/" + id_of(empty) + "/critical-path").json_body();
  EXPECT_EQ(cp["milestones"].size(), 0u);
  EXPECT_EQ(cp["finish_date"], nullptr);
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/programmes/" + id_of(p) + "/critical-path?as_of=2019-02-30"), 400, "as_of"));
  (void)end;
}

// --- Milestone rules --------------------------------------------------------------------------

TEST_F(Programmes, MilestoneRulesRefuseBadInputAndWriteNothing) {
  auto p = programme();
  auto other = programme();
  auto foreign = milestone(other, {{"key", "X1"}, {"baseline_date", "2019-01-01"}});
  auto m1 = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-01-01"}});
  EXPECT_TRUE(is_problem(add(p, {{"key", "M01"}, {"baseline_date", "2019-01-01"}}), 409, "key"));
  EXPECT_EQ(add(other, {{"key", "M01"}, {"baseline_date", "2019-01-01"}}).status, 201);  // unique per programme only
  EXPECT_TRUE(is_problem(add(p, {{"key", "M 2"}, {"baseline_date", "2019-01-01"}}), 422, "key"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"status", "complete"}}), 422,
                         "actual_date"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"actual_date", "2019-01-01"}}), 422,
                         "actual_date"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"percent_complete", 101}}), 422,
                         "percent_complete"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"percent_complete", -1}}), 422,
                         "percent_complete"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"workstream", "catering"}}), 422,
                         "workstream"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}}), 422, "baseline_date"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-02-29"}}), 422, "baseline_date"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"depends_on", {id_of(foreign)}}}),
                         422, "depends_on"));
  EXPECT_TRUE(
      is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"depends_on", {id_of(m1), id_of(m1)}}}), 422,
                 "depends_on"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"rag", "green"}}), 400, "rag"));
  EXPECT_TRUE(is_problem(add(p, {{"key", "M02"}, {"baseline_date", "2019-01-01"}, {"percent_complete", "half"}}), 400,
                         "percent_complete"));
  EXPECT_EQ(call("GET", "/api/v1/programmes/" + id_of(p) + "/milestones").json_body()["items"].size(), 1u);
  EXPECT_EQ(call("POST", "/api/v1/programmes/00000000-0000-4000-8000-000000000000/milestones",
                 json{{"key", "M1"}, {"title", "t"}, {"workstream", "other"}, {"baseline_date", "2019-01-01"}}.dump(),
                 "transformation")
                .status,
            404);
  EXPECT_EQ(add(p, {{"key", "M09"}, {"baseline_date", "2019-01-01"}}).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones",
                 json{{"key", "G1"}, {"title", "t"}, {"workstream", "other"}, {"baseline_date", "2019-01-01"}}.dump(),
                 "governance")
                .status,
            403);

  // On change: the baseline is fixed, a milestone cannot depend on itself, derived fields are the server's.
  EXPECT_TRUE(is_problem(patch(m1, {{"baseline_date", "2019-03-01"}}), 422, "baseline_date"));
  EXPECT_EQ(patch(m1, {{"baseline_date", "2019-01-01"}, {"title", "Same baseline"}}).status, 200);
  EXPECT_TRUE(is_problem(patch(m1, {{"depends_on", {id_of(m1)}}}), 422, "depends_on"));
  EXPECT_TRUE(is_problem(patch(m1, {{"slippage_days", 0}}), 400, "slippage_days"));
  EXPECT_TRUE(is_problem(patch(m1, {{"programme_id", id_of(other)}}), 400, "programme_id"));
  EXPECT_TRUE(is_problem(patch(m1, {{"status", "complete"}}), 422, "actual_date"));
  auto done = patch(m1, {{"status", "complete"}, {"actual_date", "2019-01-10"}});
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(call("PATCH", "/api/v1/milestones/" + id_of(m1), json{{"title", "x"}}.dump(), "transformation").status,
            428);
}

TEST_F(Programmes, RebaselineIsTheOnlyWayToMoveABaselineAndIsAudited) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}, {"forecast_date", "2019-07-13"}});
  EXPECT_EQ(m["slippage_days"], 30);
  const std::string path = "/api/v1/milestones/" + id_of(m) + "/rebaseline";
  EXPECT_TRUE(
      is_problem(call("POST", path, json{{"baseline_date", "2019-07-13"}}.dump(), "transformation"), 422, "reason"));
  // A change of state: without If-Match, 428.
  EXPECT_TRUE(is_problem(
      call("POST", path, json{{"baseline_date", "2019-07-13"}, {"reason", "x"}}.dump(), "transformation"), 428));
  EXPECT_TRUE(is_problem(call("POST", path, json{{"baseline_date", "2019-06-13"}, {"reason", "same"}}.dump(),
                              "transformation", {"If-Match: *"}),
                         422, "baseline_date"));
  EXPECT_TRUE(is_problem(call("POST", path, json{{"baseline_date", "2019-07-13"}, {"reason", "x"}}.dump(),
                              "transformation", {"If-Match: \"7\""}),
                         412));
  auto r = call("POST", path,
                json{{"baseline_date", "2019-07-13"}, {"reason", "Programme board agreed the new date"}}.dump(),
                "transformation", {"If-Match: \"1\""});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json_body()["baseline_date"], "2019-07-13");
  EXPECT_EQ(r.json_body()["baseline_reason"], "Programme board agreed the new date");
  EXPECT_EQ(r.json_body()["slippage_days"], 0);
  auto history = call("GET", "/api/v1/milestones/" + id_of(m) + "/history").json_body()["items"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["action"], "rebaseline");
  EXPECT_EQ(history[1]["before"]["baseline_date"], "2019-06-13");
  EXPECT_EQ(history[1]["after"]["baseline_date"], "2019-07-13");
  EXPECT_EQ(history[1]["actor"]["name"], "transformation test token");
  EXPECT_EQ(call("POST", path, json{{"baseline_date", "2019-08-13"}, {"reason", "x"}}.dump(), "viewer").status, 403);
}

// --- As of a date, filters and paging ---------------------------------------------------------

TEST_F(Programmes, AMilestoneCompletedAfterAsOfWasInProgressThen) {
  auto p = programme();
  auto m = milestone(
      p, {{"key", "M01"}, {"baseline_date", "2019-06-01"}, {"status", "complete"}, {"actual_date", "2019-06-20"}});
  auto before = get(m, "2019-06-13");
  EXPECT_EQ(before["status"], "in_progress");
  EXPECT_EQ(before["actual_date"], nullptr);
  EXPECT_EQ(before["rag"], "red");  // past its 1 June forecast then
  EXPECT_EQ(before["as_of"], "2019-06-13");
  auto after = get(m, "2019-06-20");
  EXPECT_EQ(after["status"], "complete");
  EXPECT_EQ(after["actual_date"], "2019-06-20");
  EXPECT_EQ(after["rag"], nullptr);
  const std::string list = "/api/v1/programmes/" + id_of(p) + "/milestones";
  EXPECT_EQ(call("GET", list + "?as_of=2019-06-13&status=in_progress").json_body()["items"].size(), 1u);
  EXPECT_EQ(call("GET", list + "?as_of=2019-06-13&status=complete").json_body()["items"].size(), 0u);
  EXPECT_EQ(call("GET", list + "?as_of=2019-06-13&overdue=true").json_body()["items"].size(), 1u);
  EXPECT_EQ(call("GET", list + "?as_of=2019-07-01&overdue=true").json_body()["items"].size(), 0u);
  EXPECT_TRUE(is_problem(call("GET", list + "?as_of=13/06/2019"), 400, "as_of"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/milestones/" + id_of(m) + "?as_of=tomorrow"), 400, "as_of"));
}

TEST_F(Programmes, ListFiltersAndPagesByKey) {
  auto p = programme({{"target_date", "2019-12-31"}});
  // 25 milestones: every fifth blocked (red), every fifth slipped (amber), the rest green.
  for (int i = 1; i <= 25; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "M%02d", i);
    json f = {{"key", key},
              {"baseline_date", "2019-09-01"},
              {"workstream", i % 2 ? "finance" : "legal"},
              {"owner", i % 3 ? "Director of Finance" : "Head of Legal"}};
    if (i % 5 == 0) f["status"] = "blocked";
    if (i % 5 == 1) f["forecast_date"] = "2019-09-15";
    milestone(p, f);
  }
  const std::string list = "/api/v1/programmes/" + id_of(p) + "/milestones?as_of=2019-06-13";
  auto collect = [&](const std::string& query, int limit) {
    std::vector<std::string> keys;
    std::string cursor;
    for (int pages = 0; pages < 30; ++pages) {
      auto r =
          call("GET", list + query + "&limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      auto body = r.json_body();
      for (const auto& m : body["items"]) keys.push_back(m["key"]);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"];
    }
    return keys;
  };
  auto all = collect("", 7);
  ASSERT_EQ(all.size(), 25u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(collect("&rag=red", 2), (std::vector<std::string>{"M05", "M10", "M15", "M20", "M25"}));
  EXPECT_EQ(collect("&rag=amber", 3), (std::vector<std::string>{"M01", "M06", "M11", "M16", "M21"}));
  EXPECT_EQ(collect("&rag=green", 50).size(), 15u);
  EXPECT_EQ(collect("&workstream=finance", 50).size(), 13u);
  EXPECT_EQ(collect("&owner=head%20of%20legal", 50).size(), 8u);
  EXPECT_EQ(collect("&status=blocked", 50).size(), 5u);
  EXPECT_EQ(collect("&due_before=2019-09-02", 50).size(), 20u);
  EXPECT_EQ(call("GET", list + "&rag=purple").status, 400);
  EXPECT_EQ(call("GET", list + "&overdue=maybe").status, 400);
  EXPECT_EQ(call("GET", list + "&colour=red").status, 400);
}

// --- The update log ---------------------------------------------------------------------------

TEST_F(Programmes, UpdatesApplyAtomicallyAndListNewestFirst) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}});
  auto first = update(m, {{"comment", "Kick-off held"}, {"status", "in_progress"}, {"percent_complete", 10}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json_body()["author"], "transformation test token");
  EXPECT_EQ(first.json_body()["milestone_version"], 2);
  EXPECT_EQ(etag_version(first), 2);
  // A comment alone is an entry too: the milestone moves to a new version.
  auto note = update(m, {{"comment", "Papers circulated"}});
  ASSERT_EQ(note.status, 201);
  EXPECT_EQ(note.json_body()["milestone_version"], 3);
  // Complete needs an actual date: refused, and neither the entry nor the change is written.
  EXPECT_TRUE(is_problem(update(m, {{"comment", "Done"}, {"status", "complete"}}), 422, "actual_date"));
  EXPECT_TRUE(is_problem(update(m, {{"comment", "Done"}, {"percent_complete", 120}}), 422, "percent_complete"));
  EXPECT_TRUE(is_problem(update(m, {{"status", "complete"}, {"actual_date", "2019-06-14"}}), 422, "comment"));
  EXPECT_TRUE(is_problem(update(m, {{"comment", "x"}, {"author", "someone else"}}), 400, "author"));
  EXPECT_EQ(get(m)["version"], 3);
  auto done =
      update(m, {{"comment", "Done"}, {"status", "complete"}, {"actual_date", "2019-06-14"}, {"percent_complete", 100}},
             {"If-Match: \"3\""});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json_body()["milestone"]["status"], "complete");
  // Reopening clears the actual date.
  auto reopened = update(m, {{"comment", "Reopened: legal advice"}, {"status", "in_progress"}});
  ASSERT_EQ(reopened.status, 201) << reopened.body;
  EXPECT_EQ(get(m)["actual_date"], nullptr);
  auto log = call("GET", "/api/v1/milestones/" + id_of(m) + "/updates?limit=2");
  ASSERT_EQ(log.status, 200);
  auto items = log.json_body()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["comment"], "Reopened: legal advice");
  EXPECT_EQ(items[1]["comment"], "Done");
  auto rest = call("GET", "/api/v1/milestones/" + id_of(m) +
                              "/updates?limit=2&cursor=" + log.json_body()["next_cursor"].get<std::string>())
                  .json_body()["items"];
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[1]["comment"], "Kick-off held");
  // The milestone's history names each of these saves a progress entry.
  auto history = call("GET", "/api/v1/milestones/" + id_of(m) + "/history?limit=10").json_body()["items"];
  std::vector<std::string> actions;
  for (const auto& h : history) actions.push_back(h["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "progress", "progress", "progress", "progress"}));
  EXPECT_EQ(call("POST", "/api/v1/milestones/" + id_of(m) + "/updates", json{{"comment", "x"}}.dump(), "viewer").status,
            403);
  EXPECT_EQ(
      call("POST", "/api/v1/milestones/" + id_of(m) + "/updates", json{{"comment", "x"}}.dump(), "governance").status,
      403);
  EXPECT_EQ(call("GET", "/api/v1/milestones/00000000-0000-4000-8000-000000000000/updates").status, 404);
}

// One audit event per logical write (issue 28): the update's own event is the milestone's, and
// it carries the entry it added; the entry has no event of its own.
TEST_F(Programmes, AProgressUpdateIsOneAuditEventCarryingItsEntry) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}});
  auto written = update(m, {{"comment", "Kick-off held"}, {"percent_complete", 10}});
  ASSERT_EQ(written.status, 201) << written.body;
  const std::string entry_id = written.json_body()["id"];
  auto own = call("GET", "/api/v1/audit-events?entity_type=milestone_updates&entity_id=" + entry_id);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json_body()["items"].size(), 0u);
  auto request = call("GET", "/api/v1/audit-events?entity_id=" + id_of(m));
  ASSERT_EQ(request.status, 200) << request.body;
  auto events = request.json_body()["items"];
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["action"], "create");
  EXPECT_EQ(events[0]["entry"], nullptr);
  EXPECT_EQ(events[1]["action"], "progress");
  EXPECT_EQ(events[1]["before"]["percent_complete"], 0);
  EXPECT_EQ(events[1]["after"]["percent_complete"], 10);
  EXPECT_EQ(events[1]["entry"]["id"], entry_id);
  EXPECT_EQ(events[1]["entry"]["comment"], "Kick-off held");
  EXPECT_EQ(events[1]["entry"]["milestone_version"], 2);
  EXPECT_EQ(events[1]["entry"]["author"], "transformation test token");
  // The history says the same.
  auto history = call("GET", "/api/v1/milestones/" + id_of(m) + "/history").json_body()["items"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["entry"]["comment"], "Kick-off held");
}

TEST_F(Programmes, TenRacingUpdatesOfOneVersionOneWins) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}});
  auto results = race(10, [&](HttpClient& c, int i) {
    return c.request("POST", "/api/v1/milestones/" + id_of(m) + "/updates",
                     json{{"comment", "racer " + std::to_string(i)}, {"percent_complete", i}}.dump(),
                     {auth("transformation"), "If-Match: \"1\""});
  });
  int created = 0, stale = 0;
  for (const auto& r : results) {
    if (r.status == 201) ++created;
    if (r.status == 412) ++stale;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(stale, 9);
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m) + "/updates").json_body()["items"].size(), 1u);
  EXPECT_EQ(get(m)["version"], 2);
}

TEST_F(Programmes, OppositeDependenciesAtOnceNeverMakeALoop) {
  for (int round = 0; round < 5; ++round) {
    auto p = programme();
    auto a = milestone(p, {{"key", "A"}, {"baseline_date", "2019-06-13"}});
    auto b = milestone(p, {{"key", "B"}, {"baseline_date", "2019-06-13"}});
    auto results = race(2, [&](HttpClient& c, int i) {
      const auto& from = i == 0 ? a : b;
      const auto& to = i == 0 ? b : a;
      return c.request("PATCH", "/api/v1/milestones/" + id_of(from), json{{"depends_on", {id_of(to)}}}.dump(),
                       {auth("transformation"), "If-Match: *"});
    });
    std::multiset<int> statuses{results[0].status, results[1].status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 422})) << results[0].body << results[1].body;
  }
}

TEST_F(Programmes, AnUpdateThatChangesAFieldNeedsIfMatchACommentAloneDoesNot) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}});
  const std::string path = "/api/v1/milestones/" + id_of(m) + "/updates";
  EXPECT_TRUE(is_problem(
      call("POST", path, json{{"comment", "Half way"}, {"percent_complete", 50}}.dump(), "transformation"), 428));
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m)).json_body()["percent_complete"], 0);  // nothing written
  auto note = call("POST", path, json{{"comment", "Met the legal team"}}.dump(), "transformation");
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(etag_version(note), 2);  // a comment still moves the version
  EXPECT_TRUE(is_problem(call("POST", path, json{{"comment", "Half way"}, {"percent_complete", 50}}.dump(),
                              "transformation", {"If-Match: \"1\""}),
                         412));
  EXPECT_EQ(call("POST", path, json{{"comment", "Half way"}, {"percent_complete", 50}}.dump(), "transformation",
                 {"If-Match: \"2\""})
                .status,
            201);
}

TEST_F(Programmes, AnUpdateRetriedWithItsIdempotencyKeyIsLoggedOnce) {
  auto p = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-06-13"}});
  const std::string key = "Idempotency-Key: update-" + id_of(m);
  json body = {{"comment", "Weekly update"}, {"percent_complete", 30}};
  auto first = update(m, body, {key});
  auto again = update(m, body, {key});
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(call("GET", "/api/v1/milestones/" + id_of(m) + "/updates").json_body()["items"].size(), 1u);
  EXPECT_EQ(update(m, {{"comment", "Different"}}, {key}).status, 422);
}

// --- The RAID log -----------------------------------------------------------------------------

TEST_F(Programmes, RaidLogScoresFiltersAndLinksMilestones) {
  auto p = programme();
  auto other = programme();
  auto m = milestone(p, {{"key", "M01"}, {"baseline_date", "2019-09-30"}});
  auto foreign = milestone(other, {{"key", "X"}, {"baseline_date", "2019-09-30"}});
  const std::string path = "/api/v1/programmes/" + id_of(p) + "/risks";
  auto risk = [&](json fields) {
    json body = {{"kind", "risk"}, {"title", unique("Risk")}, {"likelihood", 3}, {"impact", 3}};
    body.update(fields);
    return call("POST", path, body.dump(), "transformation");
  };
  auto vote = risk({{"title", "GP members vote against the merger"},
                    {"likelihood", 4},
                    {"impact", 5},
                    {"milestone_ids", {id_of(m)}},
                    {"owner", "Accountable officer"},
                    {"review_on", "2019-07-01"}});
  ASSERT_EQ(vote.status, 201) << vote.body;
  EXPECT_EQ(vote.json_body()["score"], 20);
  ASSERT_EQ(risk({{"kind", "assumption"}, {"likelihood", 2}, {"impact", 2}}).status, 201);
  ASSERT_EQ(risk({{"kind", "issue"}, {"likelihood", 5}, {"impact", 5}, {"status", "mitigating"}}).status, 201);
  ASSERT_EQ(risk({{"kind", "dependency"}, {"likelihood", 1}, {"impact", 4}, {"status", "closed"}}).status, 201);
  EXPECT_TRUE(is_problem(risk({{"likelihood", 6}}), 422, "likelihood"));
  EXPECT_TRUE(is_problem(risk({{"impact", 0}}), 422, "impact"));
  EXPECT_TRUE(is_problem(risk({{"kind", "rumour"}}), 422, "kind"));
  EXPECT_TRUE(is_problem(risk({{"score", 25}}), 400, "score"));
  EXPECT_TRUE(is_problem(risk({{"milestone_ids", {id_of(foreign)}}}), 422, "milestone_ids"));
  auto scores = [&](const std::string& query) {
    std::vector<int> out;
    const auto body = call("GET", path + query).json_body();
    for (const auto& r : body["items"]) out.push_back(r["score"]);
    return out;
  };
  EXPECT_EQ(scores(""), (std::vector<int>{25, 20, 4, 4}));
  EXPECT_EQ(scores("?min_score=5"), (std::vector<int>{25, 20}));
  EXPECT_EQ(scores("?kind=assumption"), (std::vector<int>{4}));
  EXPECT_EQ(scores("?status=open"), (std::vector<int>{20, 4}));
  auto page = call("GET", path + "?limit=1").json_body();
  auto next = call("GET", path + "?limit=3&cursor=" + page["next_cursor"].get<std::string>()).json_body();
  ASSERT_EQ(next["items"].size(), 3u);
  EXPECT_EQ(next["items"][0]["score"], 20);
  EXPECT_TRUE(is_problem(call("GET", path + "?min_score=26"), 400, "min_score"));
  EXPECT_TRUE(is_problem(call("GET", path + "?min_score=high"), 400, "min_score"));
  const std::string item = "/api/v1/risks/" + id_of(vote.json_body());
  auto changed = call("PATCH", item, json{{"likelihood", 5}, {"mitigation", "Engage the LMC early"}}.dump(),
                      "transformation", {"If-Match: \"1\""});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json_body()["score"], 25);
  EXPECT_TRUE(
      is_problem(call("PATCH", item, json{{"score", 1}}.dump(), "transformation", {"If-Match: *"}), 400, "score"));
  EXPECT_TRUE(is_problem(
      call("PATCH", item, json{{"milestone_ids", {id_of(foreign)}}}.dump(), "transformation", {"If-Match: *"}), 422,
      "milestone_ids"));
  EXPECT_EQ(call("GET", item + "/history").json_body()["items"].size(), 2u);
  EXPECT_EQ(
      call("POST", path, json{{"kind", "risk"}, {"title", "t"}, {"likelihood", 1}, {"impact", 1}}.dump(), "engagement")
          .status,
      403);
}

// Conditional reads: the ETag names the representation (as_of included), If-None-Match gets a
// 304 while it is current, If-Match still compares the version, and a dashboard answers 304
// until its programme changes.
TEST_F(Programmes, ConditionalReadsNameTheRepresentation) {
  auto c = chain();
  const std::string path = "/api/v1/milestones/" + id_of(c.m[2]);
  auto june = call("GET", path + "?as_of=2019-06-13");
  auto october = call("GET", path + "?as_of=2019-10-01");
  ASSERT_EQ(june.status, 200);
  EXPECT_NE(june.json_body()["rag"], october.json_body()["rag"]);
  EXPECT_NE(june.header("etag"), october.header("etag"));
  EXPECT_EQ(etag_version(june), etag_version(october));
  EXPECT_EQ(june.header("cache-control"), "private, no-cache");

  auto again = call("GET", path + "?as_of=2019-06-13", "", "viewer", {"If-None-Match: " + june.header("etag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), june.header("etag"));
  EXPECT_EQ(call("GET", path + "?as_of=2019-10-01", "", "viewer", {"If-None-Match: " + june.header("etag")}).status,
            200);
  EXPECT_EQ(
      call("GET", path + "?as_of=2019-06-13", "", "viewer", {"If-None-Match: W/" + june.header("etag") + ", \"x\""})
          .status,
      304);

  // If-Match takes the whole ETag as read and compares its version.
  auto changed = patch(c.m[2], {{"owner", "Head of engagement"}}, june.header("etag"));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(is_problem(patch(c.m[2], {{"owner", "Someone else"}}, june.header("etag")), 412));
  EXPECT_EQ(call("GET", path + "?as_of=2019-06-13", "", "viewer", {"If-None-Match: " + june.header("etag")}).status,
            200);

  // Lists carry a tag of their page too.
  const std::string list = "/api/v1/programmes/" + id_of(c.programme) + "/milestones";
  auto page = call("GET", list);
  ASSERT_FALSE(page.header("etag").empty());
  EXPECT_EQ(call("GET", list, "", "viewer", {"If-None-Match: " + page.header("etag")}).status, 304);

  // The dashboard: 304 while nothing it was computed from has changed, 200 once it has.
  const std::string dashboard = "/api/v1/programmes/" + id_of(c.programme) + "/dashboard?as_of=2019-06-13";
  auto first = call("GET", dashboard);
  ASSERT_EQ(first.status, 200);
  ASSERT_FALSE(first.header("etag").empty());
  EXPECT_EQ(call("GET", dashboard, "", "viewer", {"If-None-Match: " + first.header("etag")}).status, 304);
  EXPECT_EQ(call("GET", dashboard, "", "viewer", {"If-None-Match: " + first.header("etag")}).status, 304);
  ASSERT_EQ(patch(c.m[3], {{"forecast_date", "2019-12-31"}}).status, 200);
  auto after = call("GET", dashboard, "", "viewer", {"If-None-Match: " + first.header("etag")});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("etag"), first.header("etag"));
}

TEST_F(Programmes, MilestoneListsTakeSeveralStatusesAndRagsAndIds) {
  auto c = chain();
  const std::string list = "/api/v1/programmes/" + id_of(c.programme) + "/milestones?as_of=2019-06-13";
  auto keys = [&](const std::string& query) {
    std::vector<std::string> out;
    const auto page = call("GET", list + query).json_body();
    for (const auto& m : page["items"]) out.push_back(m["key"]);
    return out;
  };
  EXPECT_EQ(keys("&status=complete"), (std::vector<std::string>{"M01"}));
  EXPECT_EQ(keys("&status=complete,not_started").size(), 5u);
  EXPECT_EQ(keys("&status=in_progress,complete"), (std::vector<std::string>{"M01"}));
  EXPECT_EQ(keys("&ids=" + id_of(c.m[4]) + "," + id_of(c.m[0])), (std::vector<std::string>{"M01", "M05"}));
  // RAG is derived, and filtered after: two values give the milestones of either.
  std::vector<std::string> green_or_red;
  const auto all = call("GET", list).json_body();
  for (const auto& m : all["items"])
    if (m["rag"] == "green" || m["rag"] == "red") green_or_red.push_back(m["key"]);
  EXPECT_EQ(keys("&rag=green,red"), green_or_red);
  EXPECT_TRUE(is_problem(call("GET", list + "&rag=green,blue"), 400, "rag"));
}

TEST_F(Programmes, ProgrammeListsAsOfADate) {
  auto closed = programme({{"status", "abandoned"}, {"closed_on", "2019-10-01"}});
  const std::string list = "/api/v1/programmes?limit=200&status=active&as_of=2019-06-13";
  bool found = false;
  const auto page = call("GET", list).json_body();
  for (const auto& p : page["items"])
    if (p["id"] == closed["id"]) {
      found = true;
      EXPECT_EQ(p["status"], "active");
      EXPECT_TRUE(p["closed_on"].is_null());
    }
  EXPECT_TRUE(found) << "abandoned on 1 October 2019, it was active in June";
  const auto now = call("GET", "/api/v1/programmes?limit=200&status=abandoned").json_body();
  found = false;
  for (const auto& p : now["items"]) found = found || p["id"] == closed["id"];
  EXPECT_TRUE(found);
}

TEST_F(Programmes, MilestonesInForecastOrderPageByForecast) {
  auto c = chain();
  ASSERT_EQ(patch(c.m[1], {{"forecast_date", "2019-11-30"}}).status, 200);  // M02 now due after M04
  const std::string list = "/api/v1/programmes/" + id_of(c.programme) + "/milestones?sort=forecast_date&limit=2";
  std::vector<std::string> keys;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    const auto page = call("GET", list + (cursor.empty() ? "" : "&cursor=" + cursor)).json_body();
    for (const auto& m : page["items"]) keys.push_back(m["key"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"M01", "M03", "M04", "M02", "M05"}));
  // A cursor of one order does not continue another.
  const auto first = call("GET", list).json_body();
  ASSERT_TRUE(first["next_cursor"].is_string());
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/programmes/" + id_of(c.programme) +
                                         "/milestones?limit=2&cursor=" + first["next_cursor"].get<std::string>()),
                         400, "cursor"));
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/programmes/" + id_of(c.programme) + "/milestones?sort=due"), 400, "sort"));
}

// The RAID log as it stood on a date: raised by then, closed only from its closed_on, which the
// server sets when an entry is closed and clears when it is reopened.
TEST_F(Programmes, TheRaidLogAsOfADate) {
  auto p = programme();
  const std::string path = "/api/v1/programmes/" + id_of(p) + "/risks";
  auto raised = call("POST", path,
                     json{{"kind", "risk"},
                          {"title", "GP members vote against the merger"},
                          {"likelihood", 4},
                          {"impact", 5},
                          {"raised_on", "2019-01-15"}}
                         .dump(),
                     "transformation");
  ASSERT_EQ(raised.status, 201) << raised.body;
  EXPECT_TRUE(raised.json_body()["closed_on"].is_null());
  const std::string item = "/api/v1/risks/" + id_of(raised.json_body());
  auto closed =
      call("PATCH", item, R"({"status":"closed","closed_on":"2019-09-30"})", "transformation", {"If-Match: *"});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json_body()["closed_on"], "2019-09-30");

  auto ids = [&](const std::string& query) {
    std::vector<std::string> out;
    const auto page = call("GET", path + "?" + query).json_body();
    for (const auto& r : page["items"]) out.push_back(r["status"]);
    return out;
  };
  EXPECT_EQ(ids("as_of=2019-06-13"), (std::vector<std::string>{"open"}));
  EXPECT_EQ(ids("as_of=2019-06-13&status=closed"), (std::vector<std::string>{}));
  EXPECT_EQ(ids("as_of=2019-10-01&status=closed"), (std::vector<std::string>{"closed"}));
  EXPECT_EQ(ids("as_of=2019-01-14"), (std::vector<std::string>{}));
  EXPECT_EQ(call("GET", item + "?as_of=2019-06-13").json_body()["status"], "open");
  EXPECT_TRUE(is_problem(call("GET", item + "?as_of=2019-01-14"), 404));

  // Reopened: closed_on goes; closed again without a date: today.
  auto reopened = call("PATCH", item, R"({"status":"mitigating"})", "transformation", {"If-Match: *"});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_TRUE(reopened.json_body()["closed_on"].is_null());
  auto again = call("PATCH", item, R"({"status":"closed"})", "transformation", {"If-Match: *"});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json_body()["closed_on"], incommon::Date::today_utc().to_string());
  EXPECT_TRUE(is_problem(call("PATCH", item, R"({"closed_on":"2019-01-01"})", "transformation", {"If-Match: *"}), 422,
                         "closed_on"));
  EXPECT_TRUE(is_problem(
      call("POST", path,
           json{{"kind", "risk"}, {"title", "Later"}, {"likelihood", 1}, {"impact", 1}, {"raised_on", "2999-01-01"}}
               .dump(),
           "transformation"),
      422, "raised_on"));
}

TEST_F(Programmes, AsRecordedAnswersFromWhatWasHeldAtThatInstant) {
  auto p = programme();
  auto m1 = milestone(p, {{"key", "APP"}, {"baseline_date", "2019-07-31"}, {"forecast_date", "2019-07-31"}});
  // What incommon held once the first milestone was written (its own instant).
  const std::string then = m1["updated_at"];
  const std::string at = "as_recorded=" + then;
  auto moved = update(m1, {{"comment", "Governing bodies ask for more time"}, {"forecast_date", "2019-09-30"}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  auto m2 = milestone(p, {{"key", "SCO"}, {"baseline_date", "2020-04-01"}});

  // A field changed since shows its old value, and RAG and slippage are derived from it.
  const auto now = get(m1, "2019-06-13");
  EXPECT_EQ(now["forecast_date"], "2019-09-30");
  EXPECT_EQ(now["slippage_days"], 61);
  EXPECT_EQ(now["rag"], "amber");
  const std::string item = "/api/v1/milestones/" + id_of(m1);
  auto old = call("GET", item + "?" + at + "&as_of=2019-06-13");
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.json_body()["forecast_date"], "2019-07-31");
  EXPECT_EQ(old.json_body()["slippage_days"], 0);
  EXPECT_EQ(old.json_body()["rag"], "green");
  EXPECT_EQ(old.json_body()["version"], m1["version"]);
  EXPECT_NE(old.header("etag"), call("GET", item + "?as_of=2019-06-13").header("etag"));
  // as_of defaults to the instant's date (today here): the old forecast is past, so red.
  EXPECT_EQ(call("GET", item + "?" + at).json_body()["rag"], "red");

  // A record created after the instant is absent: 404 for the item, missing from lists.
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/milestones/" + id_of(m2) + "?" + at), 404));
  const std::string list = "/api/v1/programmes/" + id_of(p) + "/milestones";
  EXPECT_EQ(call("GET", list).json_body()["items"].size(), 2u);
  const auto listed = call("GET", list + "?" + at + "&as_of=2019-06-13").json_body()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["forecast_date"], "2019-07-31");
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/programmes/" + id_of(p) + "?as_recorded=2019-01-01T00:00:00Z"), 404));
  EXPECT_EQ(call("GET", "/api/v1/programmes/" + id_of(p) + "?" + at).json_body()["id"], p["id"]);

  // The dashboard and the critical path as recorded.
  const std::string board = "/api/v1/programmes/" + id_of(p) + "/dashboard?as_of=2019-06-13";
  const auto today = call("GET", board).json_body();
  EXPECT_EQ(today["milestones"]["total"], 2);
  EXPECT_EQ(today["milestones"]["slipped"]["count"], 1);
  const auto told = call("GET", board + "&" + at).json_body();
  EXPECT_EQ(told["milestones"]["total"], 1);
  EXPECT_EQ(told["milestones"]["slipped"]["count"], 0);
  const auto path = call("GET", "/api/v1/programmes/" + id_of(p) + "/critical-path?as_of=2019-06-13&" + at);
  ASSERT_EQ(path.status, 200) << path.body;
  EXPECT_EQ(path.json_body()["finish_date"], "2019-07-31");

  // The RAID log: a risk re-scored since shows its old score.
  const std::string risks = "/api/v1/programmes/" + id_of(p) + "/risks";
  auto risk =
      call("POST", risks,
           json{{"kind", "risk"}, {"title", "GP members vote against"}, {"likelihood", 2}, {"impact", 5}}.dump(),
           "transformation");
  ASSERT_EQ(risk.status, 201) << risk.body;
  const std::string scored = risk.json_body()["updated_at"];
  ASSERT_EQ(call("PATCH", "/api/v1/risks/" + id_of(risk.json_body()), R"({"likelihood":5})", "transformation",
                 {"If-Match: *"})
                .status,
            200);
  EXPECT_EQ(call("GET", "/api/v1/risks/" + id_of(risk.json_body()) + "?as_recorded=" + scored).json_body()["score"],
            10);
  EXPECT_EQ(call("GET", risks + "?as_recorded=" + scored).json_body()["items"][0]["score"], 10);
  EXPECT_EQ(call("GET", risks).json_body()["items"][0]["score"], 25);

  // An instant is RFC 3339 with an offset.
  EXPECT_TRUE(is_problem(call("GET", item + "?as_recorded=2019-06-13"), 400));
}

TEST_F(Programmes, ForecastHistoryListsEachForecastWithWhoAndWhy) {
  auto p = programme();
  auto m = milestone(p, {{"key", "APP"}, {"baseline_date", "2019-09-30"}});
  ASSERT_EQ(update(m, {{"comment", "Scrutiny committee asks for more time"}, {"forecast_date", "2019-10-31"}}).status,
            201);
  ASSERT_EQ(update(m, {{"comment", "A comment alone moves nothing"}}).status, 201);
  ASSERT_EQ(patch(m, {{"forecast_date", "2019-09-30"}}).status, 200);
  const auto h = call("GET", "/api/v1/milestones/" + id_of(m) + "/forecast-history", "", "viewer");
  ASSERT_EQ(h.status, 200) << h.body;
  const auto items = h.json_body()["items"];
  ASSERT_EQ(items.size(), 3u) << h.body;
  EXPECT_EQ(items[0]["forecast_date"], "2019-09-30");
  EXPECT_TRUE(items[0]["previous_forecast_date"].is_null());
  EXPECT_EQ(items[1]["forecast_date"], "2019-10-31");
  EXPECT_EQ(items[1]["moved_days"], 31);
  EXPECT_EQ(items[1]["slippage_days"], 31);
  EXPECT_EQ(items[1]["comment"], "Scrutiny committee asks for more time");
  EXPECT_EQ(items[1]["by"]["kind"], "api_token");
  EXPECT_EQ(items[2]["moved_days"], -31);
  EXPECT_TRUE(items[2]["comment"].is_null());  // an edit, not an update
  EXPECT_LT(items[0]["recorded_at"].get<std::string>(), items[2]["recorded_at"].get<std::string>());
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/milestones/00000000-0000-4000-8000-000000000000/forecast-history"), 404));
}

// --- Changes between two instants ---------------------------------------------------------------

TEST_F(Programmes, ChangesBetweenTwoInstantsNameEveryKind) {
  using incommon::Date;
  const auto day = [](int offset) {
    return Date::from_days(Date::today_utc().days_since_epoch() + offset).to_string();
  };
  auto a = make_organisation(), b = make_organisation();
  auto p = programme({{"organisation_ids", {a["id"], b["id"]}}, {"target_date", day(400)}});
  auto moving = milestone(p, {{"key", "APP"}, {"baseline_date", day(60)}});
  auto steady = milestone(p, {{"key", "SCO"}, {"baseline_date", day(200)}});
  auto risk =
      call("POST", "/api/v1/programmes/" + id_of(p) + "/risks",
           json{{"kind", "risk"}, {"title", "GP members vote against"}, {"likelihood", 2}, {"impact", 3}}.dump(),
           "transformation");
  ASSERT_EQ(risk.status, 201) << risk.body;
  auto doomed = call("POST", "/api/v1/programmes/" + id_of(p) + "/risks",
                     json{{"kind", "issue"}, {"title", "Scrutiny timetable"}, {"likelihood", 3}, {"impact", 3}}.dump(),
                     "transformation");
  ASSERT_EQ(doomed.status, 201) << doomed.body;
  auto ending = call(
      "POST", "/api/v1/appointments",
      json{{"person_id", call("POST", "/api/v1/people", json{{"full_name", unique("Chair")}}.dump()).json_body()["id"]},
           {"role", "chair"},
           {"organisation_ids", {a["id"]}},
           {"starts_on", "2019-01-01"},
           {"ends_on", day(1)}}
          .dump(),
      "governance");
  ASSERT_EQ(ending.status, 201) << ending.body;

  // The board meets; everything after it is "since the last board".
  const std::string from = ending.json_body()["updated_at"];

  // A forecast moving past its baseline (RAG green -> amber, with the reason), a comment.
  ASSERT_EQ(update(moving, {{"comment", "Governing bodies ask for more time"}, {"forecast_date", day(90)}}).status,
            201);
  auto added = milestone(p, {{"key", "TUP"}, {"baseline_date", day(120)}});
  // A decision taken then rescinded; another taken in common.
  json outcomes = {{{"organisation_id", a["id"]}, {"outcome", "approved"}},
                   {{"organisation_id", b["id"]}, {"outcome", "approved"}}};
  auto decision = call(
      "POST", "/api/v1/decisions",
      json{{"title", "Appoint a single accountable officer"}, {"decided_on", day(0)}, {"outcomes", outcomes}}.dump(),
      "governance");
  ASSERT_EQ(decision.status, 201) << decision.body;
  ASSERT_EQ(call("POST", "/api/v1/decisions/" + id_of(decision.json_body()) + "/rescind",
                 R"({"reason":"Outside the governing bodies' powers"})", "governance", {"If-Match: *"})
                .status,
            200);
  // A vote opened and closed; a caveat added, its status changed, and one falling due.
  auto vote =
      call("POST", "/api/v1/votes",
           json{{"motion", "Merge the CCGs"}, {"kind", "approval"}, {"opened_on", day(0)}, {"body_id", a["id"]}}.dump(),
           "governance");
  ASSERT_EQ(vote.status, 201) << vote.body;
  const std::string vote_path = "/api/v1/votes/" + id_of(vote.json_body());
  auto caveat =
      call("POST", vote_path + "/caveats",
           json{{"text", "Locality arrangements agreed"}, {"added_on", day(0)}, {"status", "attached"}}.dump(),
           "governance");
  ASSERT_EQ(caveat.status, 201) << caveat.body;
  auto due = call("POST", vote_path + "/caveats",
                  json{{"text", "Primary care budgets protected"}, {"added_on", day(0)}, {"due_on", day(2)}}.dump(),
                  "governance");
  ASSERT_EQ(due.status, 201) << due.body;
  ASSERT_EQ(call("PATCH", "/api/v1/caveats/" + id_of(caveat.json_body()), R"({"status":"accepted"})", "governance",
                 {"If-Match: *"})
                .status,
            200);
  auto closed =
      call("POST", vote_path + "/close", json{{"votes_for", 30}, {"votes_against", 10}, {"closed_on", day(0)}}.dump(),
           "governance", {"If-Match: *"});
  ASSERT_EQ(closed.status, 200) << closed.body;
  // Risks re-scored and closed; a financial position; an appointment starting.
  ASSERT_EQ(call("PATCH", "/api/v1/risks/" + id_of(risk.json_body()), R"({"likelihood":5})", "transformation",
                 {"If-Match: *"})
                .status,
            200);
  ASSERT_EQ(call("PATCH", "/api/v1/risks/" + id_of(doomed.json_body()), R"({"status":"closed"})", "transformation",
                 {"If-Match: *"})
                .status,
            200);
  auto position =
      call("POST", "/api/v1/programmes/" + id_of(p) + "/financial-positions",
           json{{"label", "southern CCGs combined"}, {"cumulative_position_pence", -100}}.dump(), "governance");
  ASSERT_EQ(position.status, 201) << position.body;
  auto starting =
      call("POST", "/api/v1/appointments",
           json{{"person_id",
                 call("POST", "/api/v1/people", json{{"full_name", unique("Officer")}}.dump()).json_body()["id"]},
                {"role", "accountable_officer"},
                {"organisation_ids", {a["id"], b["id"]}},
                {"starts_on", day(3)}}
               .dump(),
           "governance");
  ASSERT_EQ(starting.status, 201) << starting.body;

  // Up to a week ahead: the dates that fall by then are in it.
  const std::string to = day(7) + "T12:00:00Z";
  const std::string path = "/api/v1/programmes/" + id_of(p) + "/changes?from=" + from + "&to=" + to;
  auto r = call("GET", path + "&limit=200", "", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto items = r.json_body()["items"];
  std::multiset<std::string> seen;
  for (const auto& e : items) seen.insert(e["kind"].get<std::string>() + "." + e["event"].get<std::string>());
  for (const char* kind :
       {"milestone.changed", "milestone.added", "milestone_update.comment", "decision.taken", "decision.rescinded",
        "vote.opened", "vote.closed", "caveat.added", "caveat.status_changed", "caveat.became_overdue", "risk.rescored",
        "risk.closed", "financial_position.added", "appointment.started", "appointment.ended"})
    EXPECT_EQ(seen.count(kind), kind == std::string("caveat.added") ? 2u : 1u) << kind << "\n" << r.body;
  EXPECT_EQ(seen.count("risk.added"), 0u) << "risks added before `from` are not news";

  const auto find = [&](const std::string& kind, const std::string& event) {
    for (const auto& e : items)
      if (e["kind"] == kind && e["event"] == event) return e;
    return json();
  };
  // The milestone: from -> to with the slip, RAG with its reasons then and now, who did it.
  const auto changed = find("milestone", "changed");
  EXPECT_EQ(changed["record_id"], moving["id"]);
  EXPECT_EQ(changed["title"], "APP: Milestone APP");
  EXPECT_EQ(changed["by"]["kind"], "api_token");
  bool forecast = false, rag = false;
  for (const auto& c : changed["changes"]) {
    if (c["field"] == "forecast_date") {
      forecast = true;
      EXPECT_EQ(c["from"], day(60));
      EXPECT_EQ(c["to"], day(90));
      EXPECT_EQ(c["moved_days"], 30);
    }
    if (c["field"] == "rag") {
      rag = true;
      EXPECT_EQ(c["from"], "green");
      EXPECT_EQ(c["to"], "amber");
      EXPECT_TRUE(c["from_reasons"].empty());
      EXPECT_FALSE(c["to_reasons"].empty());
    }
  }
  EXPECT_TRUE(forecast && rag) << changed.dump();
  EXPECT_EQ(find("milestone", "added")["record_id"], added["id"]);
  EXPECT_EQ(find("milestone_update", "comment")["comment"], "Governing bodies ask for more time");
  EXPECT_EQ(find("milestone_update", "comment")["title"], "APP: Milestone APP");
  const auto status = find("caveat", "status_changed")["changes"][0];
  EXPECT_EQ(status["from"], "attached");
  EXPECT_EQ(status["to"], "accepted");
  EXPECT_EQ(find("caveat", "became_overdue")["record_id"], due.json_body()["id"]);
  EXPECT_EQ(find("caveat", "became_overdue")["by"], nullptr);
  EXPECT_EQ(find("caveat", "became_overdue")["at"], day(3) + "T00:00:00.000000Z");
  EXPECT_EQ(find("vote", "closed")["changes"][0]["to"], closed.json_body()["outcome"]);
  const auto rescored = find("risk", "rescored")["changes"][0];
  EXPECT_EQ(rescored["from"], "6");
  EXPECT_EQ(rescored["to"], "15");
  EXPECT_EQ(find("appointment", "started")["record_id"], starting.json_body()["id"]);
  EXPECT_EQ(find("appointment", "ended")["record_id"], ending.json_body()["id"]);
  // The steady milestone did not move, so it is not there.
  for (const auto& e : items) EXPECT_NE(e["record_id"], steady["id"]);
  // Oldest first.
  for (std::size_t i = 1; i < items.size(); ++i) EXPECT_LE(items[i - 1]["at"], items[i]["at"]);

  // Paged: small pages walk the same entries in the same order.
  json walked = json::array();
  std::string next = path + "&limit=4";
  while (!next.empty()) {
    auto page = call("GET", next, "", "viewer");
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.json_body();
    for (const auto& e : body["items"]) walked.push_back(e);
    const auto cursor = body["next_cursor"];
    next = cursor.is_null() ? "" : path + "&limit=4&cursor=" + cursor.get<std::string>();
  }
  EXPECT_EQ(walked, items);

  // As CSV: a header and a row per entry, the slip written out.
  auto csv = call("GET", path, "", "viewer", {"Accept: text/csv"});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), static_cast<long>(items.size()) + 1);
  EXPECT_NE(csv.body.find("forecast_date: " + day(60) + " -> " + day(90) + " (+30 days)"), std::string::npos);

  // Since a meeting: from the instant it ended.
  auto meeting = call("POST", "/api/v1/meetings",
                      json{{"title", "Governing bodies in common"},
                           {"kind", "governing_body_in_common"},
                           {"organisation_ids", {a["id"], b["id"]}},
                           {"starts_at", "2019-06-13T10:00:00Z"},
                           {"ends_at", from}}
                          .dump(),
                      "governance");
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  auto since_board = call("GET",
                          "/api/v1/programmes/" + id_of(p) + "/changes?since_meeting=" + id_of(meeting.json_body()) +
                              "&to=" + to + "&limit=200",
                          "", "viewer");
  ASSERT_EQ(since_board.status, 200) << since_board.body;
  EXPECT_EQ(since_board.json_body()["from"], from);
  EXPECT_EQ(since_board.json_body()["items"], items);

  // Bad requests: both or neither of from and since_meeting, to before from, not an instant.
  const std::string base = "/api/v1/programmes/" + id_of(p) + "/changes";
  EXPECT_TRUE(is_problem(call("GET", base, "", "viewer"), 400, "from"));
  EXPECT_TRUE(is_problem(
      call("GET", base + "?from=" + from + "&since_meeting=" + id_of(meeting.json_body()), "", "viewer"), 400, "from"));
  EXPECT_TRUE(is_problem(call("GET", base + "?from=" + to + "&to=" + from, "", "viewer"), 400, "to"));
  EXPECT_TRUE(is_problem(call("GET", base + "?from=2019-06-13", "", "viewer"), 400, "from"));
  EXPECT_TRUE(is_problem(
      call("GET", "/api/v1/programmes/00000000-0000-4000-8000-000000000000/changes?from=" + from, "", "viewer"), 404));
}

TEST_F(Programmes, TheTrendShowsEachForecastAsRecordedAtEachInstant) {
  auto p = programme();
  auto m = milestone(p, {{"key", "APP"}, {"baseline_date", "2019-09-30"}});
  const std::string first = m["updated_at"];
  auto moved = update(m, {{"comment", "Scrutiny asks for more time"}, {"forecast_date", "2019-10-31"}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  const std::string second = call("GET", "/api/v1/milestones/" + id_of(m)).json_body()["updated_at"];
  auto later = milestone(p, {{"key", "SCO"}, {"baseline_date", "2020-04-01"}});

  // Two instants: the first recording, and now. The first shows the old forecast, the later
  // milestone not yet there.
  const std::string path = "/api/v1/programmes/" + id_of(p) + "/trend";
  auto r = call("GET", path + "?from=" + first + "&to=" + second + "&every=P1D", "", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto t = r.json_body();
  ASSERT_EQ(t["instants"].size(), 2u) << r.body;
  ASSERT_EQ(t["milestones"].size(), 1u) << "a milestone recorded after `to` is left out";
  EXPECT_EQ(t["milestones"][0]["points"][0]["forecast_date"], "2019-09-30");
  EXPECT_EQ(t["milestones"][0]["points"][1]["forecast_date"], "2019-10-31");
  // By default from the first recording to now: the later milestone is null at the start.
  const auto all = call("GET", path, "", "viewer").json_body();
  EXPECT_EQ(all["from"], first);
  ASSERT_EQ(all["milestones"].size(), 2u);
  EXPECT_EQ(all["milestones"][0]["key"], "APP");
  EXPECT_EQ(all["milestones"][1]["points"][0], nullptr);
  EXPECT_EQ(all["milestones"][1]["points"].back()["forecast_date"], later["forecast_date"]);

  // Bad steps and windows are refused by name.
  for (const char* every : {"P0D", "P1Y", "1M", "P13M", "PT1H", "P1M2D"})
    EXPECT_TRUE(is_problem(call("GET", path + "?every=" + every, "", "viewer"), 400, "every")) << every;
  EXPECT_TRUE(is_problem(call("GET", path + "?from=2000-01-01T00:00:00Z&every=P1D", "", "viewer"), 400, "every"))
      << "more than 400 instants";
  EXPECT_TRUE(is_problem(call("GET", path + "?from=" + second + "&to=" + first, "", "viewer"), 400, "to"));
  const std::string nobody = "/api/v1/programmes/00000000-0000-4000-8000-000000000000";
  EXPECT_TRUE(is_problem(call("GET", nobody + "/trend", "", "viewer"), 404));
  EXPECT_TRUE(is_problem(call("GET", nobody + "/timeline", "", "viewer"), 404));
  EXPECT_TRUE(is_problem(call("GET", nobody + "/report?from=" + first, "", "viewer"), 404));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/programmes/" + id_of(p) + "/report", "", "viewer"), 400, "from"));
  // The timeline as recorded before the forecast moved draws the old forecast.
  auto old = call("GET", "/api/v1/programmes/" + id_of(p) + "/timeline?as_recorded=" + first, "", "viewer");
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_NE(old.body.find("forecast 2019-09-30"), std::string::npos);
  EXPECT_EQ(old.body.find("SCO: "), std::string::npos);
}
