// Organisations: every field and rule of the spec, over HTTP.
#include <gtest/gtest.h>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Organisations : public ApiTest {
 protected:
  Response patch(const json& org, const json& body) {
    return call("PATCH", "/api/v1/organisations/" + org["id"].get<std::string>(), body.dump(), "admin",
                {"If-Match: \"" + std::to_string(org["version"].get<int>()) + "\""});
  }
};

TEST_F(Organisations, CreateReturnsTheRecordWithLocationAndEtag) {
  const std::string name = unique("NHS Stoke-on-Trent CCG");
  auto r = call("POST", "/api/v1/organisations",
                json{{"name", name},
                     {"code", "05W"},
                     {"type", "ccg"},
                     {"sub_region", "north"},
                     {"population", 256000},
                     {"status", "active"},
                     {"established_on", "2013-04-01"}}
                    .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto o = r.json_body();
  EXPECT_EQ(o["name"], name);
  EXPECT_EQ(o["code"], "05W");
  EXPECT_EQ(o["version"], 1);
  EXPECT_EQ(r.header("location"), "/api/v1/organisations/" + o["id"].get<std::string>());
  EXPECT_EQ(etag_version(r), 1);
  auto got = call("GET", r.header("location"));
  EXPECT_EQ(got.json_body(), o);
}

TEST_F(Organisations, NamesAndCodesAreUnique) {
  auto a = make_organisation({{"code", "ABC12"}});
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/organisations", json{{"name", a["name"]}, {"type", "ccg"}}.dump()), 409,
                         "name"));
  std::string upper = a["name"];
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/organisations", json{{"name", upper}, {"type", "ccg"}}.dump()), 409, "name"));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/organisations", json{{"name", unique("Other")}, {"type", "ccg"}, {"code", "ABC12"}}.dump()),
      409, "code"));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/organisations", json{{"name", unique("Lower")}, {"type", "ccg"}, {"code", "abc"}}.dump()),
      422, "code"));
}

TEST_F(Organisations, ParentChainsNeverLoop) {
  auto ccg = make_organisation();
  auto practice = make_organisation({{"type", "gp_practice"}, {"parent_id", ccg["id"]}});
  auto branch = make_organisation({{"type", "gp_practice"}, {"parent_id", practice["id"]}});
  auto r = patch(ccg, {{"parent_id", branch["id"]}});
  EXPECT_TRUE(is_problem(r, 422, "parent_id"));
  EXPECT_NE(r.json_body()["detail"].get<std::string>().find("cycle"), std::string::npos);
  EXPECT_NE(r.json_body()["detail"].get<std::string>().find(ccg["id"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(is_problem(patch(ccg, {{"parent_id", ccg["id"]}}), 422, "parent_id"));
  EXPECT_EQ(call("GET", "/api/v1/organisations/" + ccg["id"].get<std::string>()).json_body()["version"], 1);
  auto children = call("GET", "/api/v1/organisations?parent_id=" + ccg["id"].get<std::string>());
  ASSERT_EQ(children.json_body()["items"].size(), 1u);
  EXPECT_EQ(children.json_body()["items"][0]["id"], practice["id"]);
}

TEST_F(Organisations, SuccessorIsNeverItself) {
  auto ccg = make_organisation();
  auto sco = make_organisation({{"type", "strategic_commissioning_organisation"}, {"status", "planned"}});
  EXPECT_TRUE(is_problem(patch(ccg, {{"successor_id", ccg["id"]}}), 422, "successor_id"));
  auto ok = patch(ccg, {{"successor_id", sco["id"]}, {"status", "merging"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json_body()["successor_id"], sco["id"]);
  EXPECT_EQ(ok.json_body()["status"], "merging");
}

TEST_F(Organisations, DissolutionDateFollowsEstablishment) {
  auto r = call(
      "POST", "/api/v1/organisations",
      json{{"name", unique("Dates")}, {"type", "ccg"}, {"established_on", "2013-04-01"}, {"dissolved_on", "2012-01-01"}}
          .dump());
  EXPECT_TRUE(is_problem(r, 422, "dissolved_on"));
}

TEST_F(Organisations, FiltersNarrowTheList) {
  const std::string tag = unique("Filter");
  make_organisation({{"name", tag + " north ccg"}, {"sub_region", "north"}});
  make_organisation({{"name", tag + " south ccg"}, {"sub_region", "south"}});
  make_organisation({{"name", tag + " lmc"}, {"type", "lmc"}, {"status", "planned"}});
  auto q = [&](const std::string& extra) {
    return call("GET", "/api/v1/organisations?limit=200&q=" + tag.substr(0, 6) + extra).json_body()["items"];
  };
  EXPECT_EQ(q("").size(), 3u);
  EXPECT_EQ(q("&type=ccg").size(), 2u);
  EXPECT_EQ(q("&sub_region=north").size(), 1u);
  EXPECT_EQ(q("&status=planned").size(), 1u);
  EXPECT_EQ(q("&type=lmc&status=active").size(), 0u);
  auto any_case = call("GET", "/api/v1/organisations?q=" + std::string("FILTER")).json_body()["items"];
  EXPECT_GE(any_case.size(), 3u);
}
