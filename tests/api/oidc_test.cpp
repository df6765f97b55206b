// People signing in: access tokens from real OpenID Connect providers (oidc-provider on
// loopback, over HTTPS), their roles from claims, the person in the record, every failure said
// as RFC 6750 says, key rotation, and a provider that goes away.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "tests/support/api_fixture.hpp"
#include "tests/support/oidc_provider.hpp"
#include "tests/support/static_site.hpp"

using namespace incommon::testing;

namespace {

// Entra-style: app roles in `roles`, ES256. And one with `groups`, RS256, where a person with
// no mapped group reads as a viewer.
OidcProvider& entra() {
  static OidcProvider p("ES256", "roles");
  return p;
}
OidcProvider& groups() {
  static OidcProvider p("RS256", "groups");
  return p;
}
StaticSite& dashboard_site() {
  static StaticSite site("");
  return site;
}

constexpr int kCooldown = 2;

const bool configured = [] {
  const json roles = {{"Incommon.Admin", "admin"},
                      {"Incommon.Governance", "governance"},
                      {"Incommon.Transformation", "transformation"},
                      {"Incommon.Engagement", "engagement"},
                      {"Incommon.Viewer", "viewer"}};
  const json issuers = json::array({
      {{"issuer", entra().issuer()},
       {"audience", OidcProvider::audience()},
       {"roles", roles},
       {"clock_skew_seconds", 1},
       {"key_refresh_cooldown_seconds", kCooldown},
       {"ca_file", entra().ca_file()}},
      {{"issuer", groups().issuer()},
       {"audience", OidcProvider::audience()},
       {"roles_claim", "groups"},
       {"roles", {{"Incommon.Governance", "governance"}, {"Incommon.Admin", "governance"}}},
       {"unmatched", "viewer"},
       {"key_refresh_cooldown_seconds", kCooldown},
       {"ca_file", groups().ca_file()}},
  });
  server_environment()["INCOMMON_OIDC_ISSUERS"] = issuers.dump();
  server_environment()["INCOMMON_CORS_ORIGINS"] = dashboard_site().origin();
  return true;
}();

void wait_out_cooldown() {
  std::this_thread::sleep_for(std::chrono::milliseconds(kCooldown * 1000 + 200));
}

}  // namespace

class Oidc : public ApiTest {
 protected:
  Response as(const std::string& token, const std::string& method, const std::string& path,
              const std::string& body = "", std::vector<std::string> headers = {}) {
    headers.push_back("Authorization: Bearer " + token);
    return call(method, path, body, "", std::move(headers));
  }
  json me(const std::string& token) {
    auto r = as(token, "GET", "/api/v1/me");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body();
  }
  // A 401 invalid_token whose WWW-Authenticate and detail both say `why`.
  void expect_refused(const std::string& token, const std::string& why) {
    auto r = as(token, "GET", "/api/v1/organisations");
    EXPECT_TRUE(is_problem(r, 401)) << r.body;
    EXPECT_EQ(r.json_body().value("type", ""), "/problems/invalid-token") << r.body;
    const auto challenge = r.header("www-authenticate");
    EXPECT_EQ(challenge.rfind("Bearer realm=\"incommon\", error=\"invalid_token\", error_description=\"", 0), 0u)
        << challenge;
    EXPECT_NE(challenge.find(why), std::string::npos) << challenge;
    EXPECT_NE(r.json_body().value("detail", "").find(why), std::string::npos) << r.body;
  }
};

TEST_F(Oidc, EachRoleMappingGivesItsRoleAndMeSaysWhoThePersonIs) {
  const std::vector<std::pair<std::string, std::string>> people = {
      {"ada-admin", "admin"},
      {"gina-governance", "governance"},
      {"tom-transformation", "transformation"},
      {"erin-engagement", "engagement"},
      {"vic-viewer", "viewer"},
      // several values: the highest role wins; values that map to nothing are passed over
      {"max-two-roles", "governance"}};
  for (const auto& [person, role] : people) {
    const auto m = me(entra().token(person));
    EXPECT_EQ(m["kind"], "person") << person;
    EXPECT_EQ(m["role"], role) << person;
    EXPECT_EQ(m["issuer"], entra().issuer());
    EXPECT_EQ(m["subject"], person);
    EXPECT_TRUE(m["token_id"].is_null());
  }
  const auto gina = me(entra().token("gina-governance"));
  EXPECT_EQ(gina["name"], "Gina Governance");
  EXPECT_EQ(gina["email"], "gina@example.nhs.uk");
  EXPECT_NE(std::find(gina["areas"].begin(), gina["areas"].end(), "decisions"), gina["areas"].end());
  EXPECT_TRUE(me(entra().token("tom-transformation"))["email"].is_null());

  // The other issuer maps its `groups` claim, two values to one role, RS256 keys.
  const auto via_groups = me(groups().token("ada-admin"));
  EXPECT_EQ(via_groups["role"], "governance");
  EXPECT_EQ(via_groups["issuer"], groups().issuer());
}

TEST_F(Oidc, WritesFollowTheRoleAsForAnApiToken) {
  const json org = {{"name", unique("Stafford and Surrounds CCG")}, {"type", "ccg"}};
  EXPECT_TRUE(is_problem(as(entra().token("vic-viewer"), "POST", "/api/v1/organisations", org.dump()), 403));
  EXPECT_TRUE(is_problem(as(entra().token("tom-transformation"), "POST", "/api/v1/organisations", org.dump()), 403));
  auto made = as(entra().token("gina-governance"), "POST", "/api/v1/organisations", org.dump());
  EXPECT_EQ(made.status, 201) << made.body;
  // An API token beside it, through the same path.
  EXPECT_EQ(call("GET", "/api/v1/me", "", "viewer").json_body()["kind"], "api_token");
}

TEST_F(Oidc, IdempotencyKeysAreEachPersonsOwn) {
  // Two people who happen to send the same key make two records; each replay is the sender's.
  const std::string key = "Idempotency-Key: same-key-" + std::to_string(getpid());
  const auto create = [&](const std::string& person, const std::string& name) {
    return as(entra().token(person), "POST", "/api/v1/organisations", json{{"name", name}, {"type", "ccg"}}.dump(),
              {key});
  };
  const auto gina_name = unique("East Staffordshire CCG");
  const auto max_name = unique("South East Staffordshire and Seisdon Peninsula CCG");
  auto gina = create("gina-governance", gina_name);
  auto max = create("max-two-roles", max_name);
  ASSERT_EQ(gina.status, 201) << gina.body;
  ASSERT_EQ(max.status, 201) << max.body;
  EXPECT_NE(gina.json_body()["id"], max.json_body()["id"]);
  auto replay = create("gina-governance", gina_name);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.json_body()["id"], gina.json_body()["id"]);
}

TEST_F(Oidc, APersonWithNoMappedRoleMayDoNothingUnlessTheIssuerLetsThemRead) {
  const auto nobody = entra().token("nobody-mapped");
  EXPECT_TRUE(is_problem(as(nobody, "GET", "/api/v1/me"), 403));
  EXPECT_TRUE(is_problem(as(nobody, "GET", "/api/v1/organisations"), 403));
  // Where the public may go, they go as the public.
  EXPECT_EQ(as(nobody, "GET", "/api/v1/consultations").status, 200);

  const auto reader = groups().token("nobody-mapped");
  EXPECT_EQ(me(reader)["role"], "viewer");
  EXPECT_EQ(as(reader, "GET", "/api/v1/organisations").status, 200);
  EXPECT_TRUE(is_problem(
      as(reader, "POST", "/api/v1/organisations", json{{"name", unique("Cannock Chase CCG")}, {"type", "ccg"}}.dump()),
      403));
}

TEST_F(Oidc, ThePersonIsInTheRecordNotATokenName) {
  const auto tom = entra().token("tom-transformation");
  auto programme =
      as(tom, "POST", "/api/v1/programmes",
         json{{"name", unique("Single strategic commissioner")}, {"target_date", "2020-04-01"}, {"status", "active"}}
             .dump());
  ASSERT_EQ(programme.status, 201) << programme.body;
  auto milestone =
      as(tom, "POST", "/api/v1/programmes/" + programme.json_body()["id"].get<std::string>() + "/milestones",
         json{{"key", "GB-VOTE"},
              {"title", "Governing bodies vote"},
              {"workstream", "governance"},
              {"baseline_date", "2019-07-31"}}
             .dump());
  ASSERT_EQ(milestone.status, 201) << milestone.body;
  const std::string milestone_id = milestone.json_body()["id"];
  auto update = as(tom, "POST", "/api/v1/milestones/" + milestone_id + "/updates",
                   json{{"comment", "All six governing bodies have the paper."}, {"percent_complete", 40}}.dump(),
                   {"If-Match: *"});
  ASSERT_EQ(update.status, 201) << update.body;
  const auto entry = update.json_body();
  EXPECT_EQ(entry["author"], "Tom Transformation");
  EXPECT_EQ(entry["written_by"], (json{{"kind", "person"},
                                       {"name", "Tom Transformation"},
                                       {"token_id", nullptr},
                                       {"issuer", entra().issuer()},
                                       {"subject", "tom-transformation"},
                                       {"email", nullptr}}));
  auto log = call("GET", "/api/v1/milestones/" + milestone_id + "/updates", "", "viewer").json_body();
  ASSERT_EQ(log["items"].size(), 1u);
  EXPECT_EQ(log["items"][0]["written_by"]["subject"], "tom-transformation");

  // A decision by a governance officer: the audit trail names her, with her email.
  auto decision = as(entra().token("gina-governance"), "POST", "/api/v1/decisions",
                     json{{"title", "Written resolution on the joint committee"}, {"decided_on", "2019-07-01"}}.dump());
  ASSERT_EQ(decision.status, 201) << decision.body;
  auto trail =
      call("GET",
           "/api/v1/audit-events?entity_type=decisions&entity_id=" + decision.json_body()["id"].get<std::string>(), "",
           "viewer")
          .json_body();
  ASSERT_FALSE(trail["items"].empty());
  const auto actor = trail["items"][0]["actor"];
  EXPECT_EQ(actor["kind"], "person");
  EXPECT_EQ(actor["name"], "Gina Governance");
  EXPECT_EQ(actor["email"], "gina@example.nhs.uk");
  EXPECT_EQ(actor["issuer"], entra().issuer());
  // `actor=` finds a person by subject.
  auto by_subject = call("GET", "/api/v1/audit-events?actor=gina-governance", "", "viewer").json_body();
  ASSERT_FALSE(by_subject["items"].empty());
  for (const auto& e : by_subject["items"]) EXPECT_EQ(e["actor"]["subject"], "gina-governance");

  // Moderation by an engagement officer: the person again.
  const auto erin = entra().token("erin-engagement");
  auto consultation = as(erin, "POST", "/api/v1/consultations",
                         json{{"title", unique("Creating a single Strategic Commissioning Organisation")},
                              {"opens_on", "2019-05-13"},
                              {"closes_on", "2099-07-31"},
                              {"document",
                               {{"title", "Consultation document"},
                                {"url", "https://example.org/sco.pdf"},
                                {"size_bytes", 196608},
                                {"media_type", "application/pdf"}}}}
                             .dump());
  ASSERT_EQ(consultation.status, 201) << consultation.body;
  auto response =
      call("POST", "/api/v1/consultations/" + consultation.json_body()["id"].get<std::string>() + "/responses",
           json{{"position", "keep_current_system"},
                {"respondent_type", "public"},
                {"comments_on_proposal", "Keep the local CCGs."},
                {"consent_to_publish", true}}
               .dump(),
           "", {"X-Forwarded-For: 203.0.113.9"});
  ASSERT_EQ(response.status, 201) << response.body;
  const std::string response_id = response.json_body()["id"];
  auto moderated = as(erin, "POST", "/api/v1/responses/" + response_id + "/moderation",
                      json{{"decision", "remove"}, {"note", "Names a member of staff"}}.dump(), {"If-Match: *"});
  ASSERT_EQ(moderated.status, 200) << moderated.body;
  auto moderation_trail =
      call("GET", "/api/v1/audit-events?entity_type=consultation_responses&entity_id=" + response_id, "", "admin")
          .json_body();
  bool seen = false;
  for (const auto& e : moderation_trail["items"])
    if (e["action"] == "moderate") {
      seen = true;
      EXPECT_EQ(e["actor"]["subject"], "erin-engagement");
      EXPECT_EQ(e["actor"]["kind"], "person");
    }
  EXPECT_TRUE(seen) << moderation_trail.dump();
}

TEST_F(Oidc, EveryFailureIsA401ThatSaysWhy) {
  expect_refused(entra().token("gina-governance", OidcProvider::other_audience()), "not for this API");
  expect_refused(entra().forge("stranger"), "signature does not verify");
  expect_refused(entra().forge("not-yet-valid"), "not valid before");
  expect_refused(entra().forge("hs256"), "signed with HS256; only RS256");
  expect_refused(entra().forge("none"), "signed with none; only RS256");
  expect_refused("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "malformed");
  {
    OidcProvider stranger("ES256", "roles");  // a real provider, but not one this server trusts
    expect_refused(stranger.token("ada-admin"), "is not one this server trusts");
  }
  // Expired: the provider gives this person one-second tokens (and the issuer a second's leeway).
  const auto short_lived = entra().token("short-lived");
  EXPECT_EQ(as(short_lived, "GET", "/api/v1/me").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  expect_refused(short_lived, "expired at");
}

TEST_F(Oidc, AStrangersNewKidFetchesTheKeysAtMostOncePerCooldown) {
  wait_out_cooldown();
  const int before = entra().jwks_requests();
  for (int i = 0; i < 5; ++i) expect_refused(entra().forge("stranger-new-kid"), "does not publish");
  EXPECT_EQ(entra().jwks_requests(), before + 1);
}

TEST_F(Oidc, ARotatedKeyIsFetchedOnceAndTheOldOneKeepsWorking) {
  const auto old_token = entra().token("gina-governance");
  EXPECT_EQ(as(old_token, "GET", "/api/v1/me").status, 200);
  wait_out_cooldown();
  const int before = entra().jwks_requests();
  entra().rotate();
  const auto new_token = entra().token("gina-governance");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(as(new_token, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(entra().jwks_requests(), before + 1);
  EXPECT_EQ(as(old_token, "GET", "/api/v1/me").status, 200);
}

TEST_F(Oidc, AProviderThatIsDownKeepsCachedKeysWorkingAndFailsNewKeysWith503) {
  const auto cached = groups().token("ada-admin");
  EXPECT_EQ(as(cached, "GET", "/api/v1/me").status, 200);
  wait_out_cooldown();
  groups().rotate();
  const auto unseen = groups().token("ada-admin");  // signed with a key the server has not fetched
  groups().stop();
  EXPECT_EQ(as(cached, "GET", "/api/v1/me").status, 200);
  auto refused = as(unseen, "GET", "/api/v1/me");
  EXPECT_TRUE(is_problem(refused, 503)) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());
  // Within the cooldown, without asking the provider again.
  EXPECT_TRUE(is_problem(as(unseen, "GET", "/api/v1/me"), 503));
  EXPECT_EQ(as(cached, "GET", "/api/v1/organisations?limit=1").status, 200);
  // Back up: the new key is fetched once the cooldown has passed.
  groups().start();
  wait_out_cooldown();
  EXPECT_EQ(as(unseen, "GET", "/api/v1/me").status, 200);
}

TEST_F(Oidc, ABrowserDashboardCallsTheApiWithAPersonsToken) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "scripts/setup installs Debian's chromium for this check";
  make_organisation();
  dashboard_site().set_page(dashboard_page(server().base_url(), entra().token("vic-viewer")));
  const auto dom = render_in_chromium(dashboard_site().origin() + "/");
  EXPECT_NE(dom.find("id=\"out\">status=200 etag=\""), std::string::npos) << dom;
}
