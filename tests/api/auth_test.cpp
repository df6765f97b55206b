// Authentication and the role matrix, generated from the server's own route table, plus the
// check that the router and the contract describe the same operations.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "domain/auth/role.hpp"
#include "domain/organisations/organisation.hpp"
#include "domain/people/person.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "tests/support/api_fixture.hpp"

using namespace incommon;
using namespace incommon::testing;

namespace {

// The route table as the server builds it (no connection is made).
const std::vector<http::Route>& routes() {
  static db::Database db({"postgresql://unused@127.0.0.1:1/none", 1});
  static http::App app({}, db);
  return app.router().routes();
}

std::string concrete(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex(R"(\{[a-z_]+\})"), "00000000-0000-0000-0000-000000000000");
}

}  // namespace

class Auth : public ApiTest {};

TEST(Inventory, RouterAndContractHaveTheSameOperations) {
  std::set<std::string> router, contract;
  for (const auto& r : routes()) router.insert(r.method + " " + r.pattern);
  for (const auto& op : Contract::instance().operations()) contract.insert(op);
  for (const auto& r : router) EXPECT_TRUE(contract.count(r)) << r << " is served but not in openapi.yaml";
  for (const auto& c : contract) EXPECT_TRUE(router.count(c)) << c << " is in openapi.yaml but not served";
}

TEST_F(Auth, EveryNonPublicRouteWantsAToken) {
  for (const auto& r : routes()) {
    if (r.access.kind == http::Access::Kind::open) continue;
    auto res = call(r.method, concrete(r.pattern), r.method == "GET" ? "" : "{}", "");
    EXPECT_TRUE(is_problem(res, 401)) << r.method << " " << r.pattern;
    EXPECT_EQ(res.header("www-authenticate").rfind("Bearer", 0), 0u) << r.method << " " << r.pattern;
  }
}

TEST_F(Auth, BadTokensAre401) {
  const std::vector<std::string> headers = {"Authorization: Bearer nope",
                                            "Authorization: Basic YWRtaW46YWRtaW4=", "Authorization: Bearer",
                                            "Authorization: Bearer inc_" + std::string(64, '0')};
  for (const auto& header : headers) {
    auto r = call("GET", "/api/v1/organisations", "", "", {header});
    EXPECT_TRUE(is_problem(r, 401)) << header;
  }
  // RFC 6750 3.1: no bearer token, the bare challenge; a token that failed, invalid_token.
  for (const std::string& none : {std::string("Authorization: Basic YWRtaW46YWRtaW4="), std::string("X-None: 1")}) {
    auto r = call("GET", "/api/v1/organisations", "", "", {none});
    EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"incommon\"") << none;
    EXPECT_EQ(r.json_body()["type"], "/problems/unauthenticated") << none;
  }
  for (const std::string& bad : {std::string("nope"), "inc_" + std::string(64, '0')}) {
    auto r = call("GET", "/api/v1/organisations", "", "", {"Authorization: Bearer " + bad});
    EXPECT_EQ(r.json_body()["type"], "/problems/invalid-token") << bad;
    EXPECT_EQ(r.header("www-authenticate"),
              "Bearer realm=\"incommon\", error=\"invalid_token\", error_description=\"The token is not valid or has "
              "been revoked.\"")
        << bad;
  }
}

TEST_F(Auth, WriteRoutesFollowTheRoleTable) {
  // Each role on each write route: either past authorisation (anything but 401/403) or 403.
  for (const auto& r : routes()) {
    if (r.access.kind != http::Access::Kind::write) continue;
    for (Role role : {Role::admin, Role::governance, Role::transformation, Role::engagement, Role::viewer}) {
      const std::string name(to_string(role));
      auto res = call(r.method, concrete(r.pattern), r.method == "GET" ? "" : "{}", name);
      if (may_write(role, r.access.area))
        EXPECT_TRUE(res.status != 401 && res.status != 403)
            << name << " " << r.method << " " << r.pattern << ": " << res.body;
      else
        EXPECT_TRUE(is_problem(res, 403)) << name << " " << r.method << " " << r.pattern;
    }
  }
}

TEST_F(Auth, EveryRoleReadsOrganisationsAndPeople) {
  auto org = make_organisation();
  for (const char* role : {"admin", "governance", "transformation", "engagement", "viewer"}) {
    EXPECT_EQ(call("GET", "/api/v1/organisations", "", role).status, 200) << role;
    EXPECT_EQ(call("GET", "/api/v1/organisations/" + org["id"].get<std::string>(), "", role).status, 200) << role;
    EXPECT_EQ(call("GET", "/api/v1/people", "", role).status, 200) << role;
    EXPECT_EQ(call("GET", "/api/v1/audit-events", "", role).status, 200) << role;
  }
}

TEST_F(Auth, GovernanceWritesOrganisationsAndPeopleOthersDoNot) {
  EXPECT_EQ(
      call("POST", "/api/v1/organisations", json{{"name", unique("Gov")}, {"type", "ccg"}}.dump(), "governance").status,
      201);
  EXPECT_EQ(call("POST", "/api/v1/people", R"({"full_name":"Gov Person"})", "governance").status, 201);
  for (const char* role : {"transformation", "engagement", "viewer"}) {
    EXPECT_TRUE(is_problem(
        call("POST", "/api/v1/organisations", json{{"name", unique("X")}, {"type", "ccg"}}.dump(), role), 403));
    EXPECT_TRUE(is_problem(call("POST", "/api/v1/people", R"({"full_name":"X"})", role), 403));
  }
}

TEST_F(Auth, TokensAreShownOnceAndRevokedAtOnce) {
  auto created = call("POST", "/api/v1/tokens", R"({"name":"dashboard","role":"viewer"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json_body()["token"];
  const std::string id = created.json_body()["id"];
  EXPECT_GE(secret.size(), 32u);
  EXPECT_EQ(created.header("location"), "/api/v1/tokens/" + id);
  HttpClient c(server().base_url());
  EXPECT_EQ(c.request("GET", "/api/v1/organisations", "", {"Authorization: Bearer " + secret}).status, 200);
  auto listed = call("GET", "/api/v1/tokens?limit=200");
  EXPECT_EQ(listed.body.find(secret), std::string::npos);
  EXPECT_EQ(listed.body.find("secret_hash"), std::string::npos);
  auto one = call("GET", "/api/v1/tokens/" + id);
  EXPECT_FALSE(one.json_body().contains("token"));
  auto revoked = call("POST", "/api/v1/tokens/" + id + "/revoke");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(revoked.json_body()["revoked_at"].is_null());
  EXPECT_EQ(c.request("GET", "/api/v1/organisations", "", {"Authorization: Bearer " + secret}).status, 401);
  EXPECT_EQ(call("POST", "/api/v1/tokens/" + id + "/revoke").json_body()["revoked_at"],
            revoked.json_body()["revoked_at"]);
  auto history = call("GET", "/api/v1/tokens/" + id + "/history");
  ASSERT_EQ(history.json_body()["items"].size(), 2u);
  EXPECT_EQ(history.json_body()["items"][1]["action"], "revoke") << history.body;
  EXPECT_EQ(history.body.find("secret_hash"), std::string::npos);
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/tokens/00000000-0000-0000-0000-000000000000/revoke"), 404));
}

TEST_F(Auth, TokenInputIsChecked) {
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/tokens", R"({"name":"x","role":"god"})"), 422, "role"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/tokens", R"({"role":"viewer"})"), 422, "name"));
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/tokens", R"({"name":"x","role":"viewer","token":"mine"})"), 400, "token"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/tokens", "", "viewer"), 403));
}

// A front end asks who it is and draws only the buttons that will work.
TEST_F(Auth, MeSaysWhoTheCallerIsAndWhatItMayWrite) {
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/me", "", ""), 401));
  auto me = call("GET", "/api/v1/me", "", "transformation");
  ASSERT_EQ(me.status, 200) << me.body;
  const auto body = me.json_body();
  EXPECT_EQ(body["kind"], "api_token");
  EXPECT_EQ(body["role"], "transformation");
  EXPECT_FALSE(body["token_id"].get<std::string>().empty());
  EXPECT_EQ(body["areas"], json({"caveat_status_and_links", "programmes", "milestones", "milestone_updates", "risks"}));
  EXPECT_FALSE(body["reads_personal_data"].get<bool>());
  EXPECT_EQ(call("GET", "/api/v1/me", "", "viewer").json_body()["areas"], json::array());
  EXPECT_TRUE(call("GET", "/api/v1/me", "", "engagement").json_body()["reads_personal_data"].get<bool>());
  EXPECT_EQ(call("GET", "/api/v1/me", "", "admin").json_body()["areas"].size(), 20u);
}
