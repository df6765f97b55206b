// Security and privacy, each hole as an attacker found it: no secret and no client address at
// rest, what expires is deleted (by one server at a time), least privilege on the public
// surface, the audit trail and the database, one booking per email, money and instants in range.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <regex>
#include <thread>

#include "server/http/client_address.hpp"
#include "tests/support/api_fixture.hpp"
#include "tests/support/listening.hpp"

using namespace incommon::testing;

namespace {

const bool configured = [] {
  server_environment()["INCOMMON_PUBLIC_RATE_LIMIT"] = "100000";
  server_environment()["INCOMMON_EXPIRY_SECONDS"] = "1";
  return true;
}();

constexpr std::chrono::seconds kExpiryBound{10};  // the expiry runs every second here

}  // namespace

class Security : public ApiTest {
 protected:
  // The tables (by name, comma-separated) any of whose rows, as text, contain `needle`.
  std::string tables_holding(const std::string& needle) {
    return server().database().query_value(
        "SELECT coalesce(string_agg(table_name, ','), '') FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' AND (xpath('/row/n/text()', query_to_xml(format("
        "'SELECT count(*) AS n FROM %I t WHERE t::text LIKE %L', table_name, '%" +
        needle + "%'), false, true, '')))[1]::text::int > 0");
  }

  // A published public comment on an open consultation.
  std::string published_comment() {
    auto c =
        call("POST", "/api/v1/consultations",
             json{{"title", unique("Consultation")}, {"opens_on", "2019-05-13"}, {"closes_on", "2099-07-31"}}.dump(),
             "engagement");
    EXPECT_EQ(c.status, 201) << c.body;
    auto r = call("POST", "/api/v1/consultations/" + c.json_body()["id"].get<std::string>() + "/responses",
                  json{{"position", "keep_current_system"},
                       {"respondent_type", "patient"},
                       {"consent_to_publish", true},
                       {"comments_on_proposal", "Keep our local CCG."}}
                      .dump(),
                  "");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body()["id"].get<std::string>();
  }

  std::string moderation_of(const std::string& response_id) {
    return call("GET", "/api/v1/responses/" + response_id).json_body()["moderation"].get<std::string>();
  }
};

// 1. A token's secret is shown once and stored nowhere: a replay says the token exists, which
// one, and that its secret is not shown again.
TEST_F(Security, ATokenSecretIsNeverAtRest) {
  const std::string body = json{{"name", unique("integration")}, {"role", "viewer"}}.dump();
  auto first = call("POST", "/api/v1/tokens", body, "admin", {"Idempotency-Key: token-secret-at-rest"});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string secret = first.json_body()["token"].get<std::string>();
  auto replay = call("POST", "/api/v1/tokens", body, "admin", {"Idempotency-Key: token-secret-at-rest"});
  ASSERT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.json_body()["id"], first.json_body()["id"]);
  EXPECT_TRUE(replay.json_body()["token"].is_null()) << replay.body;
  EXPECT_EQ(replay.header("location"), first.header("location"));
  EXPECT_EQ(tables_holding(secret.substr(4)), "") << "the secret is stored";
  EXPECT_EQ(server().log().find(secret.substr(4)), std::string::npos) << "the secret is logged";
  // The secret works, and still works once shown.
  EXPECT_EQ(call("GET", "/api/v1/organisations", "", "", {"Authorization: Bearer " + secret}).status, 200);
}

// 1. Stored first responses are deleted past their 24 hours, by one server at a time.
TEST_F(Security, IdempotencyRecordsExpireUnderOneLock) {
  auto& db = server().database();
  Connection holder(db.url());
  // While another server holds the expiry lock, this one leaves the work to it.
  ASSERT_TRUE(holder.sql("SELECT pg_advisory_lock(" + std::to_string(0x696e632d65787069LL) + ")").ok);
  db.query_value(
      "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) VALUES "
      "('token:old', 'expired', 'h', 201, '{}', now() - interval '25 hours'), "
      "('token:old', 'fresh', 'h', 201, '{}', now() - interval '23 hours')");
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  EXPECT_EQ(db.query_value("SELECT count(*) FROM idempotency_keys WHERE scope = 'token:old'"), "2");
  ASSERT_TRUE(holder.sql("SELECT pg_advisory_unlock_all()").ok);
  EXPECT_TRUE(eventually(
      [&] { return db.query_value("SELECT count(*) FROM idempotency_keys WHERE scope = 'token:old'") == "1"; },
      kExpiryBound));
  EXPECT_EQ(db.query_value("SELECT key FROM idempotency_keys WHERE scope = 'token:old'"), "fresh");
}

// 2. Only moderators hide a comment with one report; anyone else's report is one client's.
TEST_F(Security, OnlyModeratorsHideACommentAtOnce) {
  for (const char* role : {"viewer", "governance", "transformation"}) {
    const auto id = published_comment();
    auto r = call("POST", "/api/v1/responses/" + id + "/reports", R"({"reason":"Unsuitable"})", role);
    EXPECT_EQ(r.status, 202) << role << ": " << r.body;
    EXPECT_EQ(moderation_of(id), "published") << role << "'s report hid the comment";
  }
  for (const char* role : {"engagement", "admin"}) {
    const auto id = published_comment();
    ASSERT_EQ(call("POST", "/api/v1/responses/" + id + "/reports", R"({"reason":"Unsuitable"})", role).status, 202);
    EXPECT_EQ(moderation_of(id), "pending") << role;
  }
}

// 2. A token that does not moderate is rate limited on the public surface like the public.
TEST_F(Security, NonModeratorTokensAreRateLimitedLikeThePublic) {
  // The limited server believes its loopback proxy, so this test's client is an address of its own.
  ServerProcess limited("security-limited", &server(),
                        {{"INCOMMON_PUBLIC_RATE_LIMIT", "3"}, {"INCOMMON_TRUSTED_PROXIES", "127.0.0.1"}});
  HttpClient c(limited.base_url());
  const auto id = published_comment();
  const std::string from = "X-Forwarded-For: 198.51.100.77";
  const std::string viewer = "Authorization: Bearer " + token_for("viewer");
  int limited_at = 0;
  for (int i = 1; i <= 5 && !limited_at; ++i)
    if (c.request("POST", "/api/v1/responses/" + id + "/reports", "{}", {viewer, from}).status == 429) limited_at = i;
  EXPECT_EQ(limited_at, 4);
  const std::string moderator = "Authorization: Bearer " + token_for("engagement");
  EXPECT_EQ(c.request("POST", "/api/v1/responses/" + id + "/reports", "{}", {moderator, from}).status, 202);
}

// 3. Events about tokens are for admins; events about bookings and reports (personal data of
// the public) for engagement and admins. Others get the rest of the list.
TEST_F(Security, TheAuditTrailHidesTokensAndPersonalRecords) {
  auto t = call("POST", "/api/v1/tokens", json{{"name", unique("hidden")}, {"role", "viewer"}}.dump());
  ASSERT_EQ(t.status, 201);
  const auto comment = published_comment();
  ASSERT_EQ(call("POST", "/api/v1/responses/" + comment + "/reports", "{}", "").status, 202);
  auto count = [&](const std::string& type, const std::string& role) {
    return call("GET", "/api/v1/audit-events?limit=200&entity_type=" + type, "", role).json_body()["items"].size();
  };
  EXPECT_GT(count("tokens", "admin"), 0u);
  EXPECT_GT(count("response_reports", "engagement"), 0u);
  for (const char* role : {"governance", "transformation", "engagement", "viewer"})
    EXPECT_EQ(count("tokens", role), 0u) << role;
  for (const char* role : {"governance", "transformation", "viewer"}) {
    EXPECT_EQ(count("bookings", role), 0u) << role;
    EXPECT_EQ(count("response_reports", role), 0u) << role;
    // The unfiltered list is answered, with those events left out.
    auto all = call("GET", "/api/v1/audit-events?limit=200", "", role);
    ASSERT_EQ(all.status, 200);
    const json events = all.json_body();
    for (const auto& e : events["items"]) {
      EXPECT_NE(e["entity_type"], "tokens") << role;
      EXPECT_NE(e["entity_type"], "bookings") << role;
    }
  }
}

// 4. No client address at rest: reports, rate limits and public idempotency records keep a
// keyed hash, and reports' hashes are dropped past their window.
TEST_F(Security, NoClientAddressIsKept) {
  const auto id = published_comment();
  ASSERT_EQ(call("POST", "/api/v1/responses/" + id + "/reports", R"({"reason":"x"})", "").status, 202);
  auto c = call("GET", "/api/v1/responses/" + id);
  ASSERT_EQ(call("POST", "/api/v1/consultations/" + c.json_body()["consultation_id"].get<std::string>() + "/responses",
                 R"({"position":"no_view","respondent_type":"public"})", "", {"Idempotency-Key: public-once"})
                .status,
            201);
  EXPECT_EQ(tables_holding("127.0.0.1"), "");
  const auto hash =
      server().database().query_value("SELECT client_hash FROM response_reports WHERE response_id = '" + id + "'");
  EXPECT_TRUE(std::regex_match(hash, std::regex("[0-9a-f]{64}"))) << hash;
  // Past 30 days the hash goes; the report still counts.
  server().database().query_value(
      "UPDATE response_reports SET created_at = now() - interval '31 days' WHERE response_id = '" + id + "'");
  EXPECT_TRUE(eventually(
      [&] {
        return server().database().query_value(
                   "SELECT count(*) FROM response_reports WHERE client_hash IS NULL AND response_id = '" + id + "'") ==
               "1";
      },
      kExpiryBound));
}

TEST(ClientKey, IPv6CountsPerSlash64AndIPv4AsMapped) {
  using incommon::http::client_key;
  const std::string key(32, 'k');
  EXPECT_EQ(client_key("2001:db8:1:2::1", key), client_key("2001:db8:1:2:ffff:1:2:3", key));
  EXPECT_NE(client_key("2001:db8:1:2::1", key), client_key("2001:db8:1:3::1", key));
  EXPECT_EQ(client_key("192.0.2.7", key), client_key("::ffff:192.0.2.7", key));
  EXPECT_NE(client_key("192.0.2.7", key), client_key("192.0.2.8", key));
  EXPECT_NE(client_key("192.0.2.7", key), client_key("192.0.2.7", std::string(32, 'j')));
  EXPECT_EQ(client_key("192.0.2.7", key).find("192"), std::string::npos);
}

// 10. One active booking per email and event; cancelling frees the email to book again.
TEST_F(Security, OneActiveBookingPerEmailPerEvent) {
  auto c = call("POST", "/api/v1/consultations",
                json{{"title", unique("Bookings")}, {"opens_on", "2019-05-13"}, {"closes_on", "2099-07-31"}}.dump(),
                "engagement");
  ASSERT_EQ(c.status, 201);
  auto e = call("POST", "/api/v1/consultations/" + c.json_body()["id"].get<std::string>() + "/events",
                json{{"title", "Tamworth public meeting"},
                     {"starts_at", "2099-06-20T18:00:00+01:00"},
                     {"ends_at", "2099-06-20T20:00:00+01:00"},
                     {"capacity", 100},
                     {"booking_required", true}}
                    .dump(),
                "engagement");
  ASSERT_EQ(e.status, 201) << e.body;
  const std::string path = "/api/v1/events/" + e.json_body()["id"].get<std::string>() + "/bookings";
  auto first = call("POST", path, R"({"name":"A Resident","email":"resident@example.org","party_size":6})", "");
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = call("POST", path, R"({"name":"Another Name","email":"Resident@Example.org","party_size":6})", "");
  EXPECT_TRUE(is_problem(again, 409, "email")) << again.body;
  EXPECT_EQ(again.json_body()["type"], "/problems/booking-exists");
  EXPECT_NE(again.body.find("cancel"), std::string::npos) << again.body;
  EXPECT_EQ(call("GET", "/api/v1/events/" + e.json_body()["id"].get<std::string>()).json_body()["places_left"], 94);
  ASSERT_EQ(call("POST", "/api/v1/bookings/" + first.json_body()["reference"].get<std::string>() + "/cancel",
                 R"({"email":"resident@example.org"})", "")
                .status,
            200);
  EXPECT_EQ(call("POST", path, R"({"name":"A Resident","email":"resident@example.org","party_size":2})", "").status,
            201);
}

// 8. Amounts are bounded; sums never overflow.
TEST_F(Security, MoneyIsBoundedAndSumsExactly) {
  const std::string year = "2018/19";
  const std::string region = unique("region");
  std::string ids;
  for (int i = 0; i < 3; ++i) {
    auto org = make_organisation({{"sub_region", region}});
    const std::string path = "/api/v1/organisations/" + org["id"].get<std::string>() + "/financial-positions";
    if (i == 0) {
      EXPECT_TRUE(is_problem(
          call("POST", path, R"({"financial_year":"2018/19","in_year_surplus_pence":10000000000001})", "governance"),
          422, "in_year_surplus_pence"));
      EXPECT_TRUE(
          is_problem(call("POST", path, R"({"financial_year":"2018/19","cumulative_position_pence":-10000000000001})",
                          "governance"),
                     422, "cumulative_position_pence"));
      EXPECT_TRUE(
          is_problem(call("POST", path, R"({"financial_year":"2018/19","in_year_surplus_pence":9223372036854775807})",
                          "governance"),
                     422, "in_year_surplus_pence"));
    }
    auto r = call(
        "POST", path,
        R"({"financial_year":"2018/19","in_year_surplus_pence":10000000000000,"cumulative_position_pence":-10000000000000})",
        "governance");
    ASSERT_EQ(r.status, 201) << r.body;
    ids += (ids.empty() ? "" : ",") + org["id"].get<std::string>();
  }
  auto s = call("GET", "/api/v1/financial-positions/summary?financial_year=" + year + "&organisation_ids=" + ids);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json_body()["total"]["in_year_surplus_pence"], 30000000000000LL) << s.body;
  EXPECT_EQ(s.json_body()["total"]["cumulative_position_pence"], -30000000000000LL) << s.body;
}

// 9. No instant past year 9999 (in UTC) is accepted, in a body or a query.
TEST_F(Security, InstantsBeyondYear9999AreRefused) {
  auto a = make_organisation(), b = make_organisation();
  json meeting = {{"title", "Governing bodies in common"},
                  {"kind", "governing_body_in_common"},
                  {"organisation_ids", {a["id"], b["id"]}},
                  {"starts_at", "9999-12-31T23:30:00-01:00"},
                  {"ends_at", "9999-12-31T23:59:59-01:00"}};
  auto r = call("POST", "/api/v1/meetings", meeting.dump(), "governance");
  EXPECT_TRUE(is_problem(r, 400, "starts_at")) << r.body;
  EXPECT_NE(r.body.find("9999-12-31T23:59:59Z"), std::string::npos) << r.body;
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/audit-events?from=9999-12-31T23:59:59-01:00"), 400, "from"));
  meeting["starts_at"] = "9999-12-31T20:00:00Z";
  meeting["ends_at"] = "9999-12-31T23:59:59Z";
  auto ok = call("POST", "/api/v1/meetings", meeting.dump(), "governance");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(call("GET", "/api/v1/meetings/" + ok.json_body()["id"].get<std::string>()).json_body()["ends_at"],
            "9999-12-31T23:59:59Z");
}

// 11. The API's database role reads and writes its tables and appends to the audit trail, and
// can do nothing else: not change history, not touch a trigger, a table or a setting.
TEST_F(Security, TheApiDatabaseRoleCannotTouchTheAuditTrail) {
  server();  // migrated, with its grants
  Connection api(server().database().app_url());
  for (const std::string sql :
       {"UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events", "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update",
        "DROP TRIGGER organisations_audit ON organisations", "ALTER TABLE organisations DISABLE TRIGGER ALL",
        "SET session_replication_role = replica", "ALTER SYSTEM SET fsync = off", "CREATE TABLE shadow (a int)",
        "DROP TABLE organisations", "DELETE FROM organisations", "UPDATE schema_migrations SET name = 'x'",
        "UPDATE server_secrets SET value = 'x'", "UPDATE milestone_updates SET comment = 'forged'",
        "CREATE OR REPLACE FUNCTION incommon_audit() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"}) {
    auto o = api.sql(sql);
    EXPECT_FALSE(o.ok) << sql << " was allowed";
    EXPECT_EQ(o.sqlstate, "42501") << sql;
  }
  EXPECT_TRUE(api.sql("SELECT count(*) FROM audit_events").ok);
}

TEST_F(Security, ServingAsAPrivilegedRoleIsWarnedOf) {
  ServerProcess owner("security-owner", &server(), {{"INCOMMON_DATABASE_URL", server().database().url()}});
  EXPECT_NE(owner.log().find("privileged_database_role"), std::string::npos);
  EXPECT_EQ(server().log().find("privileged_database_role"), std::string::npos);
}
