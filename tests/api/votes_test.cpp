// Votes, positions and caveats over HTTP: the LMC's no-confidence vote, the ballot it prompted
// with its caveats, thresholds, declared outcomes, turnout, caveats tracked to delivery.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Votes : public ApiTest {
 protected:
  static std::string id_of(const json& j) { return j["id"].get<std::string>(); }

  Response open(json fields) {
    json body = {{"motion", unique("Motion")}, {"kind", "approval"}, {"opened_on", "2019-05-01"}};
    body.update(fields);
    return call("POST", "/api/v1/votes", body.dump(), "governance");
  }
  json vote(const json& body_org, json fields = json::object()) {
    fields["body_id"] = body_org["id"];
    auto r = open(fields);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  Response close(const json& v, json body) {
    return call("POST", "/api/v1/votes/" + id_of(v) + "/close", body.dump(), "governance", {"If-Match: *"});
  }
  json get(const json& v, const std::string& as_of = "") {
    return call("GET", "/api/v1/votes/" + id_of(v) + (as_of.empty() ? "" : "?as_of=" + as_of)).json_body();
  }
  Response caveat(const json& v, json fields, const std::string& role = "governance") {
    json body = {{"text", unique("Caveat")}, {"added_on", "2019-05-10"}};
    body.update(fields);
    return call("POST", "/api/v1/votes/" + id_of(v) + "/caveats", body.dump(), role);
  }
  Response patch_caveat(const json& c, json body, const std::string& role = "governance") {
    return call("PATCH", "/api/v1/caveats/" + id_of(c), body.dump(), role, {"If-Match: *"});
  }
  json milestone(const std::string& key) {
    auto p = call("POST", "/api/v1/programmes", json{{"name", unique("P")}, {"target_date", "2020-04-01"}}.dump(),
                  "transformation");
    EXPECT_EQ(p.status, 201) << p.body;
    auto m = call("POST", "/api/v1/programmes/" + id_of(p.json_body()) + "/milestones",
                  json{{"key", key},
                       {"title", "Locality arrangements agreed"},
                       {"workstream", "governance"},
                       {"baseline_date", "2019-09-30"}}
                      .dump(),
                  "transformation");
    EXPECT_EQ(m.status, 201) << m.body;
    return m.json_body();
  }
};

TEST_F(Votes, TheLmcVoteTheBallotItPromptedAndItsCaveats) {
  auto lmc = make_organisation({{"type", "lmc"}});
  auto north = make_organisation(), stoke = make_organisation();
  // The no-confidence vote: 23 of 42 practices for; the record has no count against.
  auto no_confidence = vote(lmc, {{"kind", "no_confidence"},
                                  {"subject_organisation_ids", {north["id"], stoke["id"]}},
                                  {"eligible", 42},
                                  {"motion", "No confidence over the shared accountable officer"}});
  EXPECT_EQ(no_confidence["status"], "open");
  EXPECT_EQ(no_confidence["outcome"], "pending");
  EXPECT_TRUE(is_problem(
      close(no_confidence, {{"closed_on", "2019-05-20"}, {"votes_for", 23}, {"declared_outcome", "defeated"}}), 422,
      "declared_outcome"));
  auto carried =
      close(no_confidence, {{"closed_on", "2019-05-20"}, {"votes_for", 23}, {"declared_outcome", "carried"}});
  ASSERT_EQ(carried.status, 200) << carried.body;
  EXPECT_EQ(carried.json_body()["outcome"], "carried");
  EXPECT_EQ(carried.json_body()["turnout"], nullptr);
  EXPECT_TRUE(is_problem(close(no_confidence, {{"closed_on", "2019-05-21"}, {"declared_outcome", "carried"}}), 409));

  // The ballot it prompted, under a two-thirds threshold, with its caveats and the LMC's support.
  auto ballot = vote(lmc, {{"kind", "endorsement"},
                           {"prompted_by_id", no_confidence["id"]},
                           {"threshold", "two_thirds"},
                           {"eligible", 42},
                           {"opened_on", "2019-05-21"},
                           {"subject_organisation_ids", {north["id"]}}});
  EXPECT_EQ(ballot["prompted_by_id"], no_confidence["id"]);
  for (const char* text : {"How the single committee would be appointed", "Protection of each CCG's budget",
                           "Continued support for the northern Staffordshire multispecialty community provider"})
    EXPECT_EQ(
        caveat(
            ballot,
            {{"text", text}, {"status", "attached"}, {"due_on", "2019-09-30"}, {"owner_organisation_id", north["id"]}})
            .status,
        201);
  auto support = call("POST", "/api/v1/votes/" + id_of(ballot) + "/positions",
                      json{{"organisation_id", lmc["id"]}, {"position", "support"}, {"stated_on", "2019-06-01"}}.dump(),
                      "governance");
  ASSERT_EQ(support.status, 201) << support.body;

  // 20-11 under two thirds: 20 is not more than two thirds of 31 cast.
  auto closed =
      close(ballot, {{"closed_on", "2019-06-30"}, {"votes_for", 20}, {"votes_against", 11}, {"votes_abstained", 3}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json_body()["outcome"], "defeated");
  EXPECT_DOUBLE_EQ(closed.json_body()["turnout"].get<double>(), 81.0);  // 34 of 42, in percent

  // A caveat cannot be marked met without evidence, and is overdue once its date has passed.
  auto caveats = call("GET", "/api/v1/votes/" + id_of(ballot) + "/caveats").json_body()["items"];
  ASSERT_EQ(caveats.size(), 3u);
  EXPECT_TRUE(is_problem(patch_caveat(caveats[0], {{"status", "met"}}), 422, "evidence"));
  auto overdue = call("GET", "/api/v1/caveats?overdue=true&as_of=2019-10-01&owner_organisation_id=" + id_of(north));
  ASSERT_EQ(overdue.status, 200);
  EXPECT_EQ(overdue.json_body()["items"].size(), 3u);
  EXPECT_TRUE(overdue.json_body()["items"][0]["overdue"].get<bool>());
  EXPECT_EQ(call("GET", "/api/v1/caveats?overdue=true&as_of=2019-09-30&owner_organisation_id=" + id_of(north))
                .json_body()["items"]
                .size(),
            0u);

  // The vote's item view carries its caveats and positions, as they stood on a date.
  auto view = get(ballot);
  EXPECT_EQ(view["caveats"].size(), 3u);
  ASSERT_EQ(view["positions"].size(), 1u);
  EXPECT_EQ(view["positions"][0]["position"], "support");
  auto before = get(ballot, "2019-05-25");
  EXPECT_EQ(before["status"], "open");
  EXPECT_EQ(before["outcome"], "pending");
  EXPECT_EQ(before["votes_for"], nullptr);
  EXPECT_EQ(before["positions"].size(), 0u);
  EXPECT_EQ(get(ballot, "2019-05-01")["caveats"].size(), 0u);
}

TEST_F(Votes, ThresholdsAreExceededNotMet) {
  auto body = make_organisation({{"type", "lmc"}});
  auto outcome = [&](const std::string& threshold, int yes, int no) {
    auto v = vote(body, {{"threshold", threshold}});
    auto r = close(v, {{"closed_on", "2019-06-01"}, {"votes_for", yes}, {"votes_against", no}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body()["outcome"].get<std::string>();
  };
  EXPECT_EQ(outcome("two_thirds", 20, 10), "defeated");  // exactly two thirds
  EXPECT_EQ(outcome("two_thirds", 21, 10), "carried");
  EXPECT_EQ(outcome("simple_majority", 10, 10), "defeated");
  EXPECT_EQ(outcome("simple_majority", 11, 10), "carried");
  EXPECT_EQ(outcome("simple_majority", 0, 0), "defeated");
}

TEST_F(Votes, ClosingRulesRefuseBadInputAndWriteNothing) {
  auto body = make_organisation({{"type", "lmc"}});
  auto v = vote(body, {{"eligible", 30}});
  EXPECT_TRUE(is_problem(close(v, {{"closed_on", "2019-06-01"}}), 422, "votes_for"));
  EXPECT_TRUE(is_problem(close(v, {{"closed_on", "2019-06-01"}, {"votes_for", 20}}), 422, "votes_for"));
  EXPECT_TRUE(is_problem(
      close(v,
            {{"closed_on", "2019-06-01"}, {"votes_for", 20}, {"votes_against", 5}, {"declared_outcome", "defeated"}}),
      422, "declared_outcome"));
  EXPECT_TRUE(
      is_problem(close(v, {{"closed_on", "2019-06-01"}, {"votes_for", 20}, {"votes_against", 15}}), 422, "eligible"));
  EXPECT_TRUE(is_problem(close(v, {{"closed_on", "2019-04-01"}, {"declared_outcome", "carried"}}), 422, "closed_on"));
  EXPECT_TRUE(
      is_problem(close(v, {{"closed_on", "2019-06-01"}, {"declared_outcome", "withdrawn"}}), 422, "declared_outcome"));
  EXPECT_TRUE(
      is_problem(close(v, {{"closed_on", "2019-06-01"}, {"votes_for", -1}, {"votes_against", 1}}), 422, "votes_for"));
  EXPECT_TRUE(is_problem(close(v, {{"closed_on", "2019-06-01"}, {"votes_for", "many"}}), 400, "votes_for"));
  auto now = get(v);
  EXPECT_EQ(now["status"], "open");
  EXPECT_EQ(now["version"], 1);
  // Tallies are lost to history: a declared outcome alone is enough, and agrees with partial tallies.
  auto declared = close(v, {{"closed_on", "2019-06-01"}, {"declared_outcome", "defeated"}});
  ASSERT_EQ(declared.status, 200) << declared.body;
  EXPECT_EQ(declared.json_body()["outcome"], "defeated");
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/votes/" + id_of(v) + "/withdraw", "{}", "governance", {"If-Match: *"}), 409));
  // Withdrawing an open vote; closing it afterwards is a conflict.
  auto w = vote(body);
  const std::string withdrawal = json{{"withdrawn_on", "2019-05-02"}, {"reason", "Superseded by a ballot"}}.dump();
  // A change of state: 428 without If-Match, 412 when stale.
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/votes/" + id_of(w) + "/withdraw", withdrawal, "governance"), 428));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/votes/" + id_of(w) + "/withdraw", withdrawal, "governance", {"If-Match: \"2\""}), 412));
  auto withdrawn =
      call("POST", "/api/v1/votes/" + id_of(w) + "/withdraw", withdrawal, "governance", {"If-Match: \"1\""});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(withdrawn.json_body()["outcome"], "withdrawn");
  EXPECT_EQ(withdrawn.json_body()["withdrawn_reason"], "Superseded by a ballot");
  EXPECT_TRUE(is_problem(close(w, {{"closed_on", "2019-06-01"}, {"declared_outcome", "carried"}}), 409));
  EXPECT_EQ(call("POST", "/api/v1/votes/" + id_of(w) + "/close", json{{"closed_on", "2019-06-01"}}.dump(),
                 "transformation", {"If-Match: *"})
                .status,
            403);
  auto history = call("GET", "/api/v1/votes/" + id_of(w) + "/history").json_body()["items"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["action"], "withdraw");
}

TEST_F(Votes, VoteRecordRules) {
  auto body = make_organisation({{"type", "lmc"}});
  const std::string nobody = "00000000-0000-4000-8000-000000000000";
  EXPECT_TRUE(is_problem(open({{"body_id", nobody}}), 422, "body_id"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"subject_organisation_ids", {nobody}}}), 422,
                         "subject_organisation_ids"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"prompted_by_id", nobody}}), 422, "prompted_by_id"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"kind", "coup"}}), 422, "kind"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"threshold", "three_quarters"}}), 422, "threshold"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"outcome", "carried"}}), 400, "outcome"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"votes_for", 3}}), 400, "votes_for"));
  EXPECT_TRUE(is_problem(open({{"body_id", body["id"]}, {"motion", " "}}), 422, "motion"));
  EXPECT_EQ(call("POST", "/api/v1/votes",
                 json{{"body_id", body["id"]}, {"motion", "m"}, {"kind", "other"}, {"opened_on", "2019-01-01"}}.dump(),
                 "transformation")
                .status,
            403);
  // Votes prompting each other in a loop are refused.
  auto first = vote(body);
  auto second = vote(body, {{"prompted_by_id", first["id"]}});
  auto loop = call("PATCH", "/api/v1/votes/" + id_of(first), json{{"prompted_by_id", second["id"]}}.dump(),
                   "governance", {"If-Match: \"1\""});
  EXPECT_TRUE(is_problem(loop, 422, "prompted_by_id"));
  EXPECT_TRUE(is_problem(call("PATCH", "/api/v1/votes/" + id_of(first), json{{"status", "closed"}}.dump(), "governance",
                              {"If-Match: \"1\""}),
                         400, "status"));
  // A changed threshold re-derives the outcome of a closed vote.
  auto v = vote(body, {{"threshold", "simple_majority"}});
  ASSERT_EQ(close(v, {{"closed_on", "2019-06-01"}, {"votes_for", 6}, {"votes_against", 4}}).json_body()["outcome"],
            "carried");
  auto stricter = call("PATCH", "/api/v1/votes/" + id_of(v), json{{"threshold", "two_thirds"}}.dump(), "governance",
                       {"If-Match: \"2\""});
  ASSERT_EQ(stricter.status, 200) << stricter.body;
  EXPECT_EQ(stricter.json_body()["outcome"], "defeated");
  // Filters.
  const std::string list = "/api/v1/votes?body_id=" + id_of(body);
  EXPECT_EQ(call("GET", list + "&status=closed").json_body()["items"].size(), 1u);
  EXPECT_EQ(call("GET", list + "&outcome=defeated").json_body()["items"].size(), 1u);
  EXPECT_EQ(call("GET", list + "&status=open").json_body()["items"].size(), 2u);
  EXPECT_EQ(call("GET", list + "&kind=no_confidence").json_body()["items"].size(), 0u);
  EXPECT_EQ(call("GET", list + "&outcome=maybe").status, 400);
}

TEST_F(Votes, OneCurrentPositionPerBodyTheOldOneInHistory) {
  auto lmc = make_organisation({{"type", "lmc"}});
  auto ccg = make_organisation();
  auto v = vote(lmc);
  const std::string path = "/api/v1/votes/" + id_of(v) + "/positions";
  auto first = call("POST", path,
                    json{{"organisation_id", ccg["id"]}, {"position", "oppose"}, {"stated_on", "2019-05-05"}}.dump(),
                    "governance");
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = call("POST", path,
                     json{{"organisation_id", ccg["id"]},
                          {"position", "support"},
                          {"stated_on", "2019-06-05"},
                          {"note", "After the caveats were added"}}
                         .dump(),
                     "governance");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json_body()["id"], first.json_body()["id"]);
  EXPECT_EQ(second.json_body()["version"], 2);
  auto now = call("GET", path).json_body()["items"];
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0]["position"], "support");
  auto history = call("GET", "/api/v1/positions/" + id_of(first.json_body()) + "/history").json_body()["items"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["before"]["position"], "oppose");
  EXPECT_EQ(history[1]["after"]["position"], "support");
  EXPECT_EQ(call("GET", path + "?as_of=2019-06-01").json_body()["items"].size(), 0u);
  EXPECT_TRUE(
      is_problem(call("POST", path,
                      json{{"organisation_id", ccg["id"]}, {"position", "maybe"}, {"stated_on", "2019-06-05"}}.dump(),
                      "governance"),
                 422, "position"));
  EXPECT_TRUE(is_problem(call("POST", path,
                              json{{"organisation_id", "00000000-0000-4000-8000-000000000000"},
                                   {"position", "support"},
                                   {"stated_on", "2019-06-05"}}
                                  .dump(),
                              "governance"),
                         422, "organisation_id"));
  EXPECT_EQ(call("GET", "/api/v1/positions/" + id_of(first.json_body())).status, 200);
}

TEST_F(Votes, CaveatsTrackedToDelivery) {
  auto lmc = make_organisation({{"type", "lmc"}});
  auto v = vote(lmc);
  auto m = milestone("M07");
  const std::string nobody = "00000000-0000-4000-8000-000000000000";
  EXPECT_TRUE(is_problem(caveat(v, {{"milestone_ids", {nobody}}}), 422, "milestone_ids"));
  EXPECT_TRUE(is_problem(caveat(v, {{"owner_organisation_id", nobody}}), 422, "owner_organisation_id"));
  EXPECT_TRUE(is_problem(caveat(v, {{"status", "met"}}), 422, "evidence"));
  EXPECT_TRUE(is_problem(caveat(v, {{"status", "kept"}}), 422, "status"));
  EXPECT_TRUE(is_problem(caveat(v, {{"overdue", true}}), 400, "overdue"));
  EXPECT_EQ(caveat(v, json::object(), "transformation").status, 403);
  auto linked = caveat(v, {{"text", "Continuing and robust locality arrangements"},
                           {"milestone_ids", {m["id"]}},
                           {"due_on", "2019-09-30"}});
  ASSERT_EQ(linked.status, 201) << linked.body;
  auto c = linked.json_body();
  // Met needs the linked milestone complete (or evidence).
  auto refused = patch_caveat(c, {{"status", "met"}}, "transformation");
  ASSERT_TRUE(is_problem(refused, 422, "evidence"));
  EXPECT_NE(refused.json_body()["detail"].get<std::string>().find("M07"), std::string::npos);
  // The transformation team may change status, links and evidence, and nothing else.
  EXPECT_EQ(patch_caveat(c, {{"text", "Reworded"}}, "transformation").status, 403);
  EXPECT_EQ(patch_caveat(c, {{"due_on", "2020-01-01"}}, "transformation").status, 403);
  EXPECT_EQ(patch_caveat(c, {{"status", "accepted"}}, "transformation").status, 200);
  EXPECT_EQ(patch_caveat(c, {{"text", "Reworded by governance"}}, "governance").status, 200);
  EXPECT_EQ(patch_caveat(c, {{"status", "breached"}}, "viewer").status, 403);
  // The milestone's item view lists the caveat it delivers.
  auto mv = call("GET", "/api/v1/milestones/" + id_of(m)).json_body();
  ASSERT_EQ(mv["caveats"].size(), 1u);
  EXPECT_EQ(mv["caveats"][0]["id"], c["id"]);
  auto done =
      call("POST", "/api/v1/milestones/" + id_of(m) + "/updates",
           json{{"comment", "Locality boards agreed"}, {"status", "complete"}, {"actual_date", "2019-09-20"}}.dump(),
           "transformation", {"If-Match: *"});
  ASSERT_EQ(done.status, 201) << done.body;
  auto met = patch_caveat(c, {{"status", "met"}}, "transformation");
  ASSERT_EQ(met.status, 200) << met.body;
  EXPECT_FALSE(met.json_body()["overdue"].get<bool>());
  // With evidence instead of milestones.
  auto evidenced =
      caveat(v, {{"status", "met"}, {"evidence", "Budget protection written into the constitution, clause 4"}});
  EXPECT_EQ(evidenced.status, 201) << evidenced.body;
  // Overdue is relative to as_of, and only for what is neither met nor withdrawn.
  auto late = caveat(v, {{"due_on", "2019-07-01"}}).json_body();
  EXPECT_TRUE(call("GET", "/api/v1/caveats/" + id_of(late) + "?as_of=2019-07-02").json_body()["overdue"].get<bool>());
  EXPECT_FALSE(call("GET", "/api/v1/caveats/" + id_of(late) + "?as_of=2019-07-01").json_body()["overdue"].get<bool>());
  ASSERT_EQ(patch_caveat(late, {{"status", "withdrawn"}}).status, 200);
  EXPECT_FALSE(call("GET", "/api/v1/caveats/" + id_of(late) + "?as_of=2019-07-02").json_body()["overdue"].get<bool>());
  EXPECT_EQ(call("GET", "/api/v1/caveats?status=met").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/caveats?status=kept").status, 400);
  EXPECT_EQ(call("GET", "/api/v1/caveats/" + id_of(c) + "/history").json_body()["items"].size(), 4u);
}

// The lists a dashboard needs in one call each: several values of a filter, records by id, a
// programme's votes, caveats and decisions as its dashboard counts them, positions a page at a time.
TEST_F(Votes, ListsTakeManyValuesIdsAndAProgramme) {
  auto lmc = make_organisation({{"type", "lmc"}});
  auto north = make_organisation(), stoke = make_organisation(), elsewhere = make_organisation();
  auto p = call(
      "POST", "/api/v1/programmes",
      json{{"name", unique("Merger")}, {"target_date", "2020-04-01"}, {"organisation_ids", {north["id"], stoke["id"]}}}
          .dump(),
      "transformation");
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string programme = id_of(p.json_body());
  auto about_north = vote(lmc, {{"subject_organisation_ids", {north["id"]}}});
  auto of_stoke = vote(stoke);
  auto unrelated = vote(lmc, {{"subject_organisation_ids", {elsewhere["id"]}}});
  ASSERT_EQ(close(unrelated, {{"closed_on", "2019-05-20"}, {"declared_outcome", "carried"}}).status, 200);

  auto ids_of = [&](const std::string& path) {
    std::set<std::string> out;
    auto r = call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    const auto page = r.json_body();
    for (const auto& item : page["items"]) out.insert(item["id"].get<std::string>());
    return out;
  };
  EXPECT_EQ(ids_of("/api/v1/votes?programme_id=" + programme + "&limit=200"),
            (std::set<std::string>{id_of(about_north), id_of(of_stoke)}));
  const std::string three = id_of(about_north) + "," + id_of(of_stoke) + "," + id_of(unrelated);
  EXPECT_EQ(ids_of("/api/v1/votes?ids=" + three + "&status=open,closed").size(), 3u);
  EXPECT_EQ(ids_of("/api/v1/votes?ids=" + three + "&status=closed"), (std::set<std::string>{id_of(unrelated)}));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/votes?status=open,nope"), 400, "status"));
  // As they stood on a date: the vote closed on 20 May was open on the 10th.
  const auto then = call("GET", "/api/v1/votes?ids=" + three + "&as_of=2019-05-10&status=open").json_body();
  EXPECT_EQ(then["items"].size(), 3u);
  for (const auto& v : then["items"]) EXPECT_EQ(v["outcome"], "pending");
  EXPECT_EQ(call("GET", "/api/v1/votes?ids=" + three + "&as_of=2019-04-30").json_body()["items"].size(), 0u);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/votes?ids=" + id_of(lmc) + ",not-an-id"), 400, "ids"));
  EXPECT_EQ(ids_of("/api/v1/organisations?ids=" + id_of(north) + "," + id_of(stoke)),
            (std::set<std::string>{id_of(north), id_of(stoke)}));

  // Caveats: "open" is three statuses, and the programme's are those on its votes.
  auto proposed = caveat(about_north, {{"status", "proposed"}}).json_body();
  auto attached = caveat(of_stoke, {{"status", "attached"}}).json_body();
  auto other = caveat(unrelated, {{"status", "proposed"}}).json_body();
  EXPECT_EQ(ids_of("/api/v1/caveats?programme_id=" + programme + "&status=proposed,attached,accepted"),
            (std::set<std::string>{id_of(proposed), id_of(attached)}));
  EXPECT_EQ(ids_of("/api/v1/caveats?programme_id=" + programme + "&status=attached"),
            (std::set<std::string>{id_of(attached)}));
  // Soonest due first, none last, a page at a time.
  ASSERT_EQ(patch_caveat(attached, {{"due_on", "2019-06-30"}}).status, 200);
  ASSERT_EQ(patch_caveat(proposed, {{"due_on", "2019-09-30"}}).status, 200);
  std::vector<std::string> by_due;
  std::string cursor;
  for (int pages = 0; pages < 4; ++pages) {
    const auto page = call("GET", "/api/v1/caveats?programme_id=" + programme + "&sort=due_on&limit=1" +
                                      (cursor.empty() ? "" : "&cursor=" + cursor))
                          .json_body();
    for (const auto& c : page["items"]) by_due.push_back(c["id"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(by_due, (std::vector<std::string>{id_of(attached), id_of(proposed)}));

  // Decisions of the programme's merging bodies.
  auto decide = [&](const json& body) {
    auto r = call("POST", "/api/v1/decisions",
                  json{{"title", unique("Decision")},
                       {"decided_on", "2019-07-01"},
                       {"outcomes", {{{"organisation_id", body["id"]}, {"outcome", "approved"}}}}}
                      .dump(),
                  "governance");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  };
  auto ours = decide(north);
  decide(elsewhere);
  EXPECT_EQ(ids_of("/api/v1/decisions?programme_id=" + programme), (std::set<std::string>{id_of(ours)}));

  // Positions, a page at a time.
  for (const auto& body : {north, stoke, elsewhere})
    ASSERT_EQ(call("POST", "/api/v1/votes/" + id_of(about_north) + "/positions",
                   json{{"organisation_id", body["id"]}, {"position", "support"}, {"stated_on", "2019-06-01"}}.dump(),
                   "governance")
                  .status,
              201);
  const std::string positions = "/api/v1/votes/" + id_of(about_north) + "/positions";
  auto first = call("GET", positions + "?limit=2").json_body();
  ASSERT_EQ(first["items"].size(), 2u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto rest = call("GET", positions + "?limit=2&cursor=" + first["next_cursor"].get<std::string>()).json_body();
  EXPECT_EQ(rest["items"].size(), 1u);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_EQ(call("GET", positions + "?as_of=2019-05-31").json_body()["items"].size(), 0u);
}
