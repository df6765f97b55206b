// Two `incommon serve` processes on one database, driven alternately: every guarantee that a
// client relies on holds across replicas, because it lives in PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

namespace {

const std::map<std::string, std::string> kEnv = {{"INCOMMON_PUBLIC_RATE_LIMIT", "5"},
                                                 {"INCOMMON_TRUSTED_PROXIES", "127.0.0.1"}};

class Replicas : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    a_ = new ServerProcess("replica_a", kEnv);
    b_ = new ServerProcess("replica_b", a_, kEnv);
    token_ = a_->admin_token();
  }
  static void TearDownTestSuite() {
    delete b_;
    delete a_;
  }
  static std::string auth() { return "Authorization: Bearer " + token_; }
  static const std::string& base(int i) { return (i % 2 ? b_ : a_)->base_url(); }

  // `n` requests at once, alternating between the replicas, each on its own connection.
  static std::vector<Response> race(int n, const std::function<Response(HttpClient&, int)>& request) {
    return incommon::testing::race(n, base, request);
  }

  static ServerProcess* a_;
  static ServerProcess* b_;
  static std::string token_;
};

ServerProcess* Replicas::a_ = nullptr;
ServerProcess* Replicas::b_ = nullptr;
std::string Replicas::token_;

int count(const std::vector<Response>& rs, int status) {
  int n = 0;
  for (const auto& r : rs) n += r.status == status;
  return n;
}

}  // namespace

TEST_F(Replicas, IfMatchRaceAcrossReplicasHasOneWinner) {
  HttpClient a(base(0));
  auto org = a.request("POST", "/api/v1/organisations", R"({"name":"Replica race CCG","type":"ccg"})", {auth()});
  ASSERT_EQ(org.status, 201) << org.body;
  const std::string path = "/api/v1/organisations/" + org.json_body()["id"].get<std::string>();
  auto results = race(20, [&](HttpClient& c, int i) {
    return c.request("PATCH", path, json{{"population", 1000 + i}}.dump(), {auth(), "If-Match: \"1\""});
  });
  EXPECT_EQ(count(results, 200), 1);
  EXPECT_EQ(count(results, 412), 19);
}

// Organisations are answered from memory until the database announces a change: a change
// made on one replica is what the other answers next, never the version from before it.
TEST_F(Replicas, AnOrganisationChangedOnOneReplicaIsReadAtOnceOnTheOther) {
  HttpClient a(base(0)), b(base(1));
  auto org = a.request("POST", "/api/v1/organisations", R"({"name":"Remembered CCG","type":"ccg","population":100})",
                       {auth()});
  ASSERT_EQ(org.status, 201) << org.body;
  const std::string path = "/api/v1/organisations/" + org.json_body()["id"].get<std::string>();
  for (int i = 0; i < 2; ++i) {  // the second from memory
    auto seen = b.request("GET", path, "", {auth()});
    ASSERT_EQ(seen.status, 200);
    EXPECT_EQ(seen.json_body()["population"], 100);
    EXPECT_EQ(etag_version(seen), 1);
  }
  for (int version = 1; version <= 3; ++version) {
    auto changed = a.request("PATCH", path, json{{"population", 100 + version}}.dump(),
                             {auth(), "If-Match: \"" + std::to_string(version) + "\""});
    ASSERT_EQ(changed.status, 200) << changed.body;
    for (auto* c : {&b, &a}) {
      auto seen = c->request("GET", path, "", {auth()});
      ASSERT_EQ(seen.status, 200);
      EXPECT_EQ(seen.json_body()["population"], 100 + version) << "a replica answered from before the change";
      EXPECT_EQ(etag_version(seen), version + 1);
    }
  }
}

TEST_F(Replicas, BookingRaceAcrossReplicasNeverOverbooks) {
  HttpClient a(base(0));
  auto c = a.request("POST", "/api/v1/consultations",
                     R"({"title":"Replica consultation","opens_on":"2019-06-13","closes_on":"2099-07-31"})", {auth()});
  ASSERT_EQ(c.status, 201) << c.body;
  auto e = a.request(
      "POST", "/api/v1/consultations/" + c.json_body()["id"].get<std::string>() + "/events",
      R"({"title":"Tamworth","starts_at":"2019-06-20T15:30:00+01:00","ends_at":"2019-06-20T16:30:00+01:00","capacity":10})",
      {auth()});
  ASSERT_EQ(e.status, 201) << e.body;
  const std::string event = e.json_body()["id"];
  auto results = race(30, [&](HttpClient& client, int i) {
    return client.request("POST", "/api/v1/events/" + event + "/bookings",
                          json{{"name", "R"}, {"email", "r" + std::to_string(i) + "@example.org"}}.dump(),
                          {"X-Forwarded-For: 198.51.100." + std::to_string(i + 1)});
  });
  EXPECT_EQ(count(results, 201), 10);
  EXPECT_EQ(count(results, 409), 20);
  HttpClient b(base(1));
  EXPECT_EQ(b.request("GET", "/api/v1/events/" + event).json_body()["places_left"], 0);
}

TEST_F(Replicas, AnIdempotencyKeyReplaysOnTheOtherReplica) {
  const std::string body = R"({"name":"Replica idempotent LMC","type":"lmc"})";
  HttpClient a(base(0)), b(base(1));
  auto first = a.request("POST", "/api/v1/organisations", body, {auth(), "Idempotency-Key: replica-key-1"});
  auto again = b.request("POST", "/api/v1/organisations", body, {auth(), "Idempotency-Key: replica-key-1"});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.header("location"), first.header("location"));
  auto other = b.request("POST", "/api/v1/organisations", R"({"name":"Something else","type":"lmc"})",
                         {auth(), "Idempotency-Key: replica-key-1"});
  EXPECT_EQ(other.status, 422);
}

TEST_F(Replicas, TheRateLimitCountsBothReplicas) {
  const std::string missing = "/api/v1/events/00000000-0000-4000-8000-000000000000/bookings";
  const std::string body = R"({"name":"x","email":"x@example.org"})";
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    HttpClient c(base(i));
    statuses.push_back(c.request("POST", missing, body, {"X-Forwarded-For: 10.1.2.3"}).status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{404, 404, 404, 404, 404, 429}));
}

TEST_F(Replicas, ARevokedTokenIsRefusedByEveryReplicaAtOnce) {
  HttpClient a(base(0)), b(base(1));
  auto created = a.request("POST", "/api/v1/tokens", R"({"name":"replica viewer","role":"viewer"})", {auth()});
  ASSERT_EQ(created.status, 201);
  const std::string secret = created.json_body()["token"];
  EXPECT_EQ(b.request("GET", "/api/v1/organisations", "", {"Authorization: Bearer " + secret}).status, 200);
  ASSERT_EQ(
      a.request("POST", "/api/v1/tokens/" + created.json_body()["id"].get<std::string>() + "/revoke", "", {auth()})
          .status,
      200);
  // The other replica hears the same announcement at the same moment, but acts on it on its
  // listener's thread: on a loaded machine (CI building beside the tests) that can take a
  // scheduling slice or two. Refused within 250 ms, and nothing cached outlives the notice.
  const auto revoked_at = std::chrono::steady_clock::now();
  int status = 0;
  while ((status = b.request("GET", "/api/v1/organisations", "", {"Authorization: Bearer " + secret}).status) == 200 &&
         std::chrono::steady_clock::now() - revoked_at < std::chrono::milliseconds(250))
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(status, 401);
}

// Dashboards are answered from memory while the database is unchanged: a write on one replica
// shows on the other's next poll, never an answer from before it.
TEST_F(Replicas, APolledDashboardShowsAWriteMadeOnTheOtherReplicaAtOnce) {
  HttpClient a(base(0)), b(base(1));
  auto p = a.request("POST", "/api/v1/programmes",
                     R"({"name":"Replica dashboard","target_date":"2020-04-01","status":"active"})", {auth()});
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string programme = p.json_body()["id"];
  auto m = a.request("POST", "/api/v1/programmes/" + programme + "/milestones",
                     R"({"key":"M01","title":"Consultation","workstream":"engagement","baseline_date":"2019-07-01"})",
                     {auth()});
  ASSERT_EQ(m.status, 201) << m.body;
  const std::string dashboard = "/api/v1/programmes/" + programme + "/dashboard?as_of=2019-08-01";
  auto complete_count = [&](HttpClient& c) {
    auto r = c.request("GET", dashboard, "", {auth()});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body()["milestones"]["by_status"]["complete"].get<int>();
  };
  EXPECT_EQ(complete_count(b), 0);
  EXPECT_EQ(complete_count(b), 0);  // polled again: the same answer
  auto done = a.request("POST", "/api/v1/milestones/" + m.json_body()["id"].get<std::string>() + "/updates",
                        R"({"comment":"Consultation closed","status":"complete","actual_date":"2019-07-15"})",
                        {auth(), "If-Match: *"});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(complete_count(b), 1) << "the other replica answered from before the write";
  EXPECT_EQ(complete_count(a), 1);
}

TEST(Migrations, TwoRunsStartedTogetherApplyEachMigrationOnce) {
  TestDatabase db("migrate_race");
  int codes[2] = {-1, -1};
  std::string out[2];
  std::thread first([&] { codes[0] = run_cli(db.url(), {"migrate"}, &out[0]); });
  std::thread second([&] { codes[1] = run_cli(db.url(), {"migrate"}, &out[1]); });
  first.join();
  second.join();
  EXPECT_EQ(codes[0], 0) << out[0];
  EXPECT_EQ(codes[1], 0) << out[1];
  EXPECT_EQ(db.query_value("SELECT count(*) FROM schema_migrations"),
            db.query_value("SELECT count(DISTINCT name) FROM schema_migrations"));
  // Each "applied" line appears once across both runs.
  std::multiset<std::string> applied;
  for (const auto& text : out) {
    std::size_t at = 0;
    while ((at = text.find("applied ", at)) != std::string::npos) {
      const auto end = text.find('\n', at);
      applied.insert(text.substr(at, end - at));
      at = end;
    }
  }
  EXPECT_EQ(applied.size(), std::set<std::string>(applied.begin(), applied.end()).size());
  EXPECT_EQ(std::to_string(applied.size()), db.query_value("SELECT count(*) FROM schema_migrations"));
}
