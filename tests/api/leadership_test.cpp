// Appointments, the one-holder rule, office holders on a date, and financial positions.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Leadership : public ApiTest {
 protected:
  json person(const std::string& name = "") {
    auto r = call("POST", "/api/v1/people", json{{"full_name", name.empty() ? unique("Person") : name}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  Response appoint(const json& person, const std::string& role, const std::vector<json>& orgs, const std::string& from,
                   const json& to = nullptr, std::vector<std::string> headers = {}) {
    json ids = json::array();
    for (const auto& o : orgs) ids.push_back(o["id"]);
    return call("POST", "/api/v1/appointments",
                json{{"person_id", person["id"]},
                     {"role", role},
                     {"organisation_ids", ids},
                     {"starts_on", from},
                     {"ends_on", to}}
                    .dump(),
                "governance", std::move(headers));
  }
  json holders(const json& org, const std::string& on) {
    auto r = call("GET", "/api/v1/organisations/" + org["id"].get<std::string>() + "/office-holders?on=" + on);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body()["office_holders"];
  }
};

TEST_F(Leadership, OneSharedAccountableOfficerCoversSixCcgs) {
  std::vector<json> ccgs;
  for (int i = 0; i < 6; ++i) ccgs.push_back(make_organisation({{"sub_region", i < 2 ? "north" : "south"}}));
  auto officer = person("Illustrative Accountable Officer");
  auto r = appoint(officer, "accountable_officer", ccgs, "2019-04-01");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json_body()["organisation_ids"].size(), 6u);
  for (const auto& ccg : ccgs) {
    auto on_day = holders(ccg, "2019-06-13");
    ASSERT_EQ(on_day.size(), 1u);
    EXPECT_EQ(on_day[0]["role"], "accountable_officer");
    EXPECT_EQ(on_day[0]["person"]["full_name"], "Illustrative Accountable Officer");
    EXPECT_EQ(on_day[0]["appointment"]["id"], r.json_body()["id"]);
    EXPECT_EQ(on_day[0]["shared"], true);
    EXPECT_TRUE(holders(ccg, "2019-03-31").empty());
  }
  auto listed =
      call("GET", "/api/v1/appointments?organisation_id=" + ccgs[3]["id"].get<std::string>() + "&on=2019-06-13");
  EXPECT_EQ(listed.json_body()["items"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/appointments?organisation_id=" + ccgs[3]["id"].get<std::string>() + "&on=2019-01-01")
                .json_body()["items"]
                .size(),
            0u);
}

TEST_F(Leadership, ASecondAccountableOfficerOnTheSameDayIsAConflictNamingTheFirst) {
  auto north = make_organisation(), stoke = make_organisation(), south = make_organisation();
  auto first = appoint(person(), "accountable_officer", {north, stoke}, "2019-04-01", "2020-03-31");
  ASSERT_EQ(first.status, 201);
  // Shares one organisation and one day (the last one).
  auto clash = appoint(person(), "accountable_officer", {south, stoke}, "2020-03-31");
  EXPECT_TRUE(is_problem(clash, 409));
  EXPECT_EQ(clash.json_body()["conflicting_id"], first.json_body()["id"]);
  EXPECT_TRUE(holders(south, "2020-05-01").empty()) << "a refused appointment wrote nothing";
  EXPECT_EQ(appoint(person(), "accountable_officer", {south, stoke}, "2020-04-01").status, 201);
  // Offices that may be held by several at once.
  EXPECT_EQ(appoint(person(), "lay_member", {north}, "2019-04-01").status, 201);
  EXPECT_EQ(appoint(person(), "lay_member", {north}, "2019-04-01").status, 201);
  // The clinical chair is a sole office of its own, independent of the accountable officer.
  auto chambers = person("Ruth Chambers");
  EXPECT_EQ(appoint(chambers, "clinical_chair", {north, stoke}, "2019-04-01").status, 201);
  EXPECT_TRUE(is_problem(appoint(person(), "clinical_chair", {stoke}, "2021-01-01"), 409));
  auto both = holders(stoke, "2019-06-13");
  std::set<std::string> roles;
  for (const auto& h : both) roles.insert(h["role"]);
  EXPECT_EQ(roles, (std::set<std::string>{"accountable_officer", "clinical_chair"}));
}

TEST_F(Leadership, EndingAnAppointmentMakesRoomAndChangesAreCheckedToo) {
  auto org = make_organisation();
  auto first = appoint(person(), "accountable_officer", {org}, "2019-04-01").json_body();
  const std::string path = "/api/v1/appointments/" + first["id"].get<std::string>();
  EXPECT_TRUE(is_problem(appoint(person(), "accountable_officer", {org}, "2020-04-01"), 409));
  auto ended = call("PATCH", path, R"({"ends_on":"2020-03-31"})", "governance", {"If-Match: \"1\""});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json_body()["ends_on"], "2020-03-31");
  auto second = appoint(person(), "accountable_officer", {org}, "2020-04-01");
  ASSERT_EQ(second.status, 201);
  // Re-opening the first would overlap the second.
  auto reopen = call("PATCH", path, R"({"ends_on":null})", "governance", {"If-Match: \"2\""});
  EXPECT_TRUE(is_problem(reopen, 409));
  EXPECT_EQ(reopen.json_body()["conflicting_id"], second.json_body()["id"]);
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"ends_on":"2019-01-01"})", "governance", {"If-Match: \"2\""}), 422,
                         "ends_on"));
  auto history = call("GET", path + "/history").json_body()["items"];
  EXPECT_EQ(history.size(), 2u);
}

TEST_F(Leadership, InputRules) {
  auto org = make_organisation();
  auto p = person();
  EXPECT_TRUE(is_problem(appoint(p, "accountable_officer", {org}, "2019-04-01", "2019-03-31"), 422, "ends_on"));
  EXPECT_TRUE(is_problem(appoint(p, "overlord", {org}, "2019-04-01"), 422, "role"));
  EXPECT_TRUE(is_problem(appoint(p, "chair", {}, "2019-04-01"), 422, "organisation_ids"));
  EXPECT_TRUE(is_problem(appoint(p, "chair", {org}, "2019-02-30"), 422, "starts_on"));
  EXPECT_TRUE(is_problem(appoint(json{{"id", "00000000-0000-0000-0000-000000000000"}}, "chair", {org}, "2019-04-01"),
                         422, "person_id"));
  EXPECT_TRUE(is_problem(appoint(p, "chair", {json{{"id", "00000000-0000-0000-0000-000000000000"}}}, "2019-04-01"), 422,
                         "organisation_ids"));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/appointments",
           json{{"person_id", p["id"]}, {"role", "chair"}, {"organisation_ids", org["id"]}, {"starts_on", "2019-04-01"}}
               .dump()),
      400, "organisation_ids"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/appointments", json{{"role", "chair"}}.dump()), 422, "person_id"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/appointments?on=someday"), 400, "on"));
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/organisations/" + org["id"].get<std::string>() + "/office-holders?on=2019-13-01"),
                 400, "on"));
  EXPECT_TRUE(
      is_problem(call("GET", "/api/v1/organisations/00000000-0000-0000-0000-000000000000/office-holders"), 404));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/appointments", "{}", "transformation"), 403));
}

TEST_F(Leadership, ADissolvedOrganisationTakesNoNewAppointments) {
  auto org =
      make_organisation({{"established_on", "2013-04-01"}, {"dissolved_on", "2022-06-30"}, {"status", "dissolved"}});
  EXPECT_TRUE(is_problem(appoint(person(), "chair", {org}, "2022-07-01"), 422, "starts_on"));
  EXPECT_EQ(appoint(person(), "chair", {org}, "2022-06-30").status, 201);
}

TEST_F(Leadership, TenConcurrentAccountableOfficersOnlyOneIsAppointed) {
  auto org = make_organisation();
  std::vector<json> people;
  for (int i = 0; i < 10; ++i) people.push_back(person());
  auto results = race(10, [&](HttpClient& c, int i) {
    return c.request("POST", "/api/v1/appointments",
                     json{{"person_id", people[static_cast<std::size_t>(i)]["id"]},
                          {"role", "accountable_officer"},
                          {"organisation_ids", {org["id"]}},
                          {"starts_on", "2019-0" + std::to_string(1 + i % 9) + "-01"}}
                         .dump(),
                     {auth("governance")});
  });
  int created = 0, conflicts = 0;
  std::string winner;
  for (const auto& r : results) {
    if (r.status == 201) {
      ++created;
      winner = r.json_body()["id"];
    }
    if (r.status == 409) ++conflicts;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, 9);
  for (const auto& r : results) {
    if (r.status == 409) {
      EXPECT_EQ(r.json_body()["conflicting_id"], winner) << r.body;
    }
  }
}

class Finance : public ApiTest {
 protected:
  Response position(const json& org, json body, const std::string& role = "governance") {
    return call("POST", "/api/v1/organisations/" + org["id"].get<std::string>() + "/financial-positions", body.dump(),
                role);
  }
};

TEST_F(Finance, OnePositionPerOrganisationAndYear) {
  auto org = make_organisation();
  auto r = position(org, {{"financial_year", "2018/19"},
                          {"cumulative_position_pence", -15'000'000'000LL},
                          {"in_year_surplus_pence", -2'550'000'000LL},
                          {"source", "Annual accounts (illustrative)"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json_body()["cumulative_position_pence"], -15'000'000'000LL);
  EXPECT_EQ(r.header("location"), "/api/v1/financial-positions/" + r.json_body()["id"].get<std::string>());
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2018/19"}, {"cumulative_position_pence", 1}}), 409,
                         "financial_year"));
  EXPECT_EQ(position(org, {{"financial_year", "2019/20"}, {"in_year_surplus_pence", 0}}).status, 201);
  auto list = call("GET", "/api/v1/organisations/" + org["id"].get<std::string>() + "/financial-positions")
                  .json_body()["items"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["financial_year"], "2018/19");
  const std::string path = r.header("location");
  auto fixed = call("PATCH", path, R"({"in_year_surplus_pence":-2600000000})", "governance", {"If-Match: \"1\""});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_TRUE(is_problem(call("PATCH", path, json{{"organisation_id", make_organisation()["id"]}}.dump(), "governance",
                              {"If-Match: \"2\""}),
                         422, "organisation_id"));
  EXPECT_EQ(call("GET", path + "/history").json_body()["items"].size(), 2u);
}

TEST_F(Finance, InputRules) {
  auto org = make_organisation();
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2018/2019"}, {"cumulative_position_pence", 1}}), 422,
                         "financial_year"));
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2018/20"}, {"cumulative_position_pence", 1}}), 422,
                         "financial_year"));
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2018/19"}}), 422, "in_year_surplus_pence"));
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2018/19"}, {"cumulative_position_pence", 1.5}}), 400,
                         "cumulative_position_pence"));
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/organisations/" + org["id"].get<std::string>() + "/financial-positions",
                      R"({"financial_year":"2018/19","cumulative_position_pence":9223372036854775808})", "governance"),
                 400, "cumulative_position_pence"));
  EXPECT_TRUE(is_problem(
      position(org, {{"financial_year", "2018/19"}, {"cumulative_position_pence", 1}, {"organisation_id", org["id"]}}),
      400, "organisation_id"));
  EXPECT_TRUE(is_problem(position(json{{"id", "00000000-0000-0000-0000-000000000000"}},
                                  {{"financial_year", "2018/19"}, {"cumulative_position_pence", 1}}),
                         404));
  EXPECT_TRUE(is_problem(
      position(org, {{"financial_year", "2018/19"}, {"cumulative_position_pence", 1}}, "transformation"), 403));
  // Amounts are bounded to 10^13 pence either way (so sums cannot overflow); the bounds
  // themselves survive the round trip.
  EXPECT_TRUE(is_problem(position(org, {{"financial_year", "2030/31"}, {"cumulative_position_pence", INT64_MIN}}), 422,
                         "cumulative_position_pence"));
  auto extreme = position(org, {{"financial_year", "2030/31"},
                                {"cumulative_position_pence", -10000000000000LL},
                                {"in_year_surplus_pence", 10000000000000LL}});
  ASSERT_EQ(extreme.status, 201) << extreme.body;
  EXPECT_EQ(extreme.json_body()["cumulative_position_pence"], -10000000000000LL);
  EXPECT_EQ(extreme.json_body()["in_year_surplus_pence"], 10000000000000LL);
}

TEST_F(Finance, SummarySumsBySubRegionAndInTotal) {
  auto n1 = make_organisation({{"sub_region", "north"}}), n2 = make_organisation({{"sub_region", "north"}});
  auto s1 = make_organisation({{"sub_region", "south"}});
  auto none = make_organisation();
  const std::string year = "2017/18";
  position(n1, {{"financial_year", year}, {"cumulative_position_pence", -600}, {"in_year_surplus_pence", 100}});
  position(n2, {{"financial_year", year}, {"cumulative_position_pence", -400}});
  position(s1, {{"financial_year", year}, {"cumulative_position_pence", -15000}});
  position(none, {{"financial_year", year}, {"in_year_surplus_pence", 7}});
  position(s1, {{"financial_year", "2016/17"}, {"cumulative_position_pence", -1}});
  std::string ids = n1["id"].get<std::string>() + "," + n2["id"].get<std::string>() + "," + s1["id"].get<std::string>();
  auto r = call("GET", "/api/v1/financial-positions/summary?financial_year=2017/18&organisation_ids=" + ids);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json_body();
  EXPECT_EQ(s["by_sub_region"]["north"]["cumulative_position_pence"], -1000);
  EXPECT_EQ(s["by_sub_region"]["north"]["in_year_surplus_pence"], 100);
  EXPECT_EQ(s["by_sub_region"]["north"]["organisations"], 2);
  EXPECT_EQ(s["by_sub_region"]["south"]["cumulative_position_pence"], -15000);
  EXPECT_TRUE(s["by_sub_region"]["south"]["in_year_surplus_pence"].is_null());
  EXPECT_EQ(s["total"]["cumulative_position_pence"], -16000);
  EXPECT_EQ(s["total"]["organisations"], 3);
  auto all = call("GET", "/api/v1/financial-positions/summary?financial_year=2017/18").json_body();
  EXPECT_EQ(all["by_sub_region"]["none"]["in_year_surplus_pence"], 7);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/financial-positions/summary"), 400, "financial_year"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/financial-positions/summary?financial_year=2017/18&organisation_ids=x,y"),
                         400, "organisation_ids"));
  auto empty = call("GET", "/api/v1/financial-positions/summary?financial_year=1990/91").json_body();
  EXPECT_EQ(empty["total"]["organisations"], 0);
}
