// The conventions every resource shares, proved on the real server over HTTP.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/api_fixture.hpp"
#include "tests/support/listening.hpp"

using namespace incommon::testing;

class Conventions : public ApiTest {
 protected:
  // A feed's next page once it holds `n` events, polled as a reader would: a feed gives events
  // only up to the oldest write still under way anywhere on the cluster (other suites' too).
  json feed_page(const std::string& cursor, std::size_t n, const std::string& limit = "") {
    json page;
    eventually(
        [&] {
          page = call("GET", "/api/v1/audit-events?" + limit + "cursor=" + cursor).json_body();
          return page["items"].size() >= n;
        },
        std::chrono::seconds(10));
    return page;
  }
};

TEST_F(Conventions, OperationsEndpointsNeedNoToken) {
  EXPECT_EQ(call("GET", "/healthz", "", "").status, 200);
  EXPECT_EQ(call("GET", "/readyz", "", "").status, 200);
  auto metrics = call("GET", "/metrics", "", "");
  EXPECT_EQ(metrics.status, 200);
  auto contract = call("GET", "/openapi.yaml", "", "");
  EXPECT_EQ(contract.status, 200);
  EXPECT_NE(contract.body.find("openapi: 3.1.0"), std::string::npos);
}

TEST_F(Conventions, MetricsCountRequestsByRouteTemplate) {
  make_organisation();
  auto m = call("GET", "/metrics", "", "");
  EXPECT_NE(m.body.find("route=\"/api/v1/organisations\",status=\"201\""), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("incommon_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("incommon_db_pool_in_use"), std::string::npos);
  EXPECT_NE(m.body.find("incommon_db_errors_total"), std::string::npos);
}

TEST_F(Conventions, RequestIdIsEchoedOrMade) {
  auto echoed = call("GET", "/healthz", "", "", {"X-Request-Id: abc.DEF_123-x"});
  EXPECT_EQ(echoed.header("x-request-id"), "abc.DEF_123-x");
  for (const std::string& bad : {std::string(129, 'a'), std::string("has space"), std::string("semi;colon")}) {
    auto made = call("GET", "/healthz", "", "", {"X-Request-Id: " + bad});
    EXPECT_NE(made.header("x-request-id"), bad);
    EXPECT_FALSE(made.header("x-request-id").empty());
  }
  auto made = call("GET", "/healthz", "", "");
  EXPECT_EQ(made.header("x-request-id").size(), 32u);
}

TEST_F(Conventions, RequestIdIsInTheLogLines) {
  call("GET", "/api/v1/organisations", "", "admin", {"X-Request-Id: find-me-in-the-log-42"});
  EXPECT_NE(server().log().find("\"request_id\":\"find-me-in-the-log-42\""), std::string::npos);
}

TEST_F(Conventions, UnknownPathsAndMethodsAreProblems) {
  EXPECT_TRUE(is_problem(raw("GET", "/api/v1/nothing-here"), 404));
  EXPECT_TRUE(is_problem(raw("GET", "/"), 404));
  auto r = raw("DELETE", "/api/v1/organisations");
  EXPECT_TRUE(is_problem(r, 405));
  EXPECT_EQ(r.header("allow"), "POST, GET");
  auto item = raw("PUT", "/api/v1/organisations/00000000-0000-0000-0000-000000000000", "{}");
  EXPECT_TRUE(is_problem(item, 405));
  EXPECT_EQ(item.header("allow"), "GET, PATCH");
}

// The registry the server answers from is the one the contract declares, and every type resolves.
TEST_F(Conventions, EveryProblemTypeResolvesToItsExplanation) {
  auto list = call("GET", "/problems", "", "");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> served;
  const auto registry = list.json_body();
  for (const auto& t : registry["items"]) {
    served.push_back(t["type"]);
    const std::string type = t["type"];
    ASSERT_EQ(type.rfind("/problems/", 0), 0u) << type;
    auto one = call("GET", type, "", "");
    ASSERT_EQ(one.status, 200) << type;
    EXPECT_EQ(one.json_body(), t);
    EXPECT_FALSE(t["explanation"].get<std::string>().empty()) << type;
    auto page = call("GET", type, "", "", {"Accept: text/html"});
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find(t["title"].get<std::string>().substr(0, 12)), std::string::npos) << page.body;
  }
  EXPECT_EQ(served, Contract::instance().problem_types());
  auto unknown = call("GET", "/problems/no-such-type", "", "");
  EXPECT_TRUE(is_problem(unknown, 404));
  EXPECT_EQ(unknown.json_body()["type"], "/problems/not-found");
}

// A client tells failures apart by type: the 409s of booking are four different types.
TEST_F(Conventions, ProblemsSayTheirTypeAndPointIntoTheBody) {
  auto org = make_organisation();
  auto bad = call("POST", "/api/v1/decisions",
                  json{{"title", "X"},
                       {"decided_on", "2019-07-01"},
                       {"outcomes", {{{"organisation_id", org["id"]}, {"outcome", "maybe"}}}}}
                      .dump(),
                  "governance");
  ASSERT_TRUE(is_problem(bad, 422, "/outcomes/0/outcome")) << bad.body;
  EXPECT_EQ(bad.json_body()["type"], "/problems/rule-broken");
  auto query = call("GET", "/api/v1/organisations?limit=0", "", "viewer");
  ASSERT_TRUE(is_problem(query, 400, "limit"));
  EXPECT_EQ(query.json_body()["errors"][0],
            json({{"parameter", "limit"}, {"in", "query"}, {"message", query.json_body()["errors"][0]["message"]}}));
  auto stale = call("PATCH", "/api/v1/organisations/" + org["id"].get<std::string>(), R"({"population":5})", "admin",
                    {"If-Match: \"9\""});
  ASSERT_TRUE(is_problem(stale, 412));
  EXPECT_EQ(stale.json_body()["type"], "/problems/stale-version");
  auto unversioned =
      call("PATCH", "/api/v1/organisations/" + org["id"].get<std::string>(), R"({"population":5})", "admin");
  EXPECT_EQ(unversioned.json_body()["type"], "/problems/version-required");
  auto twice = call("POST", "/api/v1/organisations", json{{"name", org["name"]}, {"type", "ccg"}}.dump(), "admin");
  ASSERT_TRUE(is_problem(twice, 409, "name"));
  EXPECT_EQ(twice.json_body()["type"], "/problems/duplicate");
}

TEST_F(Conventions, MissingRecordsAre404) {
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations/00000000-0000-0000-0000-000000000000"), 404));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations/not-a-uuid"), 404));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/people/00000000-0000-0000-0000-000000000000"), 404));
}

struct BadInput {
  const char* name;
  std::string body;
  std::string content_type;
  int status;
  const char* field;
};

TEST_F(Conventions, BadInputTableOnCreate) {
  const std::string ok_name = "\"name\":\"Bad input org\",\"type\":\"ccg\"";
  const std::vector<BadInput> table = {
      {"malformed JSON", "{\"name\":", "application/json", 400, ""},
      {"trailing garbage", "{" + ok_name + "} x", "application/json", 400, ""},
      {"array body", "[]", "application/json", 400, ""},
      {"string body", "\"x\"", "application/json", 400, ""},
      {"empty body", "", "application/json", 400, ""},
      {"single quotes", "{'name':'x'}", "application/json", 400, ""},
      {"unknown field", "{" + ok_name + ",\"colour\":\"red\"}", "application/json", 400, "colour"},
      {"server-owned id", "{" + ok_name + ",\"id\":\"00000000-0000-0000-0000-000000000000\"}", "application/json", 400,
       "id"},
      {"server-owned version", "{" + ok_name + ",\"version\":9}", "application/json", 400, "version"},
      {"wrong type name", "{\"name\":5,\"type\":\"ccg\"}", "application/json", 400, "name"},
      {"wrong type population", "{" + ok_name + ",\"population\":\"many\"}", "application/json", 400, "population"},
      {"float population", "{" + ok_name + ",\"population\":1.5}", "application/json", 400, "population"},
      {"huge population", "{" + ok_name + ",\"population\":99999999999999999999}", "application/json", 400,
       "population"},
      {"huge negative", "{" + ok_name + ",\"population\":-99999999999999999999}", "application/json", 400,
       "population"},
      {"NUL in text", "{\"name\":\"a\\u0000b\",\"type\":\"ccg\"}", "application/json", 400, ""},
      {"invalid UTF-8", "{\"name\":\"a\xff\xfe\",\"type\":\"ccg\"}", "application/json", 400, ""},
      {"deep nesting", "{\"name\":" + std::string(64, '[') + std::string(64, ']') + "}", "application/json", 400, ""},
      {"text/plain", "{" + ok_name + "}", "text/plain", 415, ""},
      {"form", "name=x", "application/x-www-form-urlencoded", 415, ""},
      {"bad enum", "{\"name\":\"Enum org\",\"type\":\"hospital\"}", "application/json", 422, "type"},
      {"bad status", "{" + ok_name + ",\"status\":\"alive\"}", "application/json", 422, "status"},
      {"bad date", "{" + ok_name + ",\"established_on\":\"2019-02-30\"}", "application/json", 422, "established_on"},
      {"date with time", "{" + ok_name + ",\"established_on\":\"2019-02-03T10:00:00Z\"}", "application/json", 422,
       "established_on"},
      {"negative population", "{" + ok_name + ",\"population\":-1}", "application/json", 422, "population"},
      {"missing name", "{\"type\":\"ccg\"}", "application/json", 422, "name"},
      {"blank name", "{\"name\":\"  \",\"type\":\"ccg\"}", "application/json", 422, "name"},
      {"missing type", "{\"name\":\"No type\"}", "application/json", 422, "type"},
      {"bad uuid", "{" + ok_name + ",\"parent_id\":\"123\"}", "application/json", 422, "parent_id"},
      {"unknown parent", "{" + ok_name + ",\"parent_id\":\"00000000-0000-0000-0000-000000000000\"}", "application/json",
       422, "parent_id"},
      {"long name", "{\"name\":\"" + std::string(201, 'x') + "\",\"type\":\"ccg\"}", "application/json", 422, "name"},
  };
  const auto before =
      call("GET", "/api/v1/audit-events?entity_type=organisations&limit=200").json_body()["items"].size();
  for (const auto& c : table) {
    auto r = call("POST", "/api/v1/organisations", c.body, "admin", {"Content-Type: " + c.content_type});
    EXPECT_TRUE(is_problem(r, c.status, c.field)) << c.name;
  }
  const auto after =
      call("GET", "/api/v1/audit-events?entity_type=organisations&limit=200").json_body()["items"].size();
  EXPECT_EQ(before, after) << "a refused request wrote something";
}

TEST_F(Conventions, OversizedBodyIs413) {
  std::string big = "{\"name\":\"" + std::string(1048576 + 10, 'x') + "\",\"type\":\"ccg\"}";
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/organisations", big), 413));
  std::string four_mib = "{\"name\":\"" + std::string(4u << 20, 'x') + "\",\"type\":\"ccg\"}";
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/people", four_mib), 413));
  // The server is still there afterwards.
  EXPECT_EQ(call("GET", "/healthz", "", "").status, 200);
}

TEST_F(Conventions, QueryParametersAreChecked) {
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?colour=red"), 400, "colour"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?limit=0"), 400, "limit"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?limit=201"), 400, "limit"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?limit=ten"), 400, "limit"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?cursor=garbage!"), 400, "cursor"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?type=hospital"), 400, "type"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?parent_id=nope"), 400, "parent_id"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/audit-events?from=yesterday"), 400, "from"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?q=%00"), 400, "q"));
  EXPECT_TRUE(is_problem(call("GET", "/healthz?x=1", "", ""), 400, "x"));
}

TEST_F(Conventions, ForgedCursorIsA400NotA500) {
  // base64url of ["x","not-a-uuid"]: the right shape, the wrong types.
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations?cursor=WyJ4Iiwibm90LWEtdXVpZCJd"), 400));
}

TEST_F(Conventions, PaginationWalksEveryRecordOnce) {
  const std::string tag = unique("Walk");
  for (int i = 0; i < 11; ++i) make_organisation({{"name", tag + " " + std::to_string(100 + i)}});
  std::vector<std::string> names;
  std::string path = "/api/v1/organisations?limit=4&q=" + tag.substr(0, 4) + "%20" + tag.substr(5);
  for (int guard = 0; guard < 10; ++guard) {
    auto page = call("GET", path).json_body();
    ASSERT_TRUE(page.contains("items"));
    EXPECT_LE(page["items"].size(), 4u);
    for (const auto& o : page["items"]) names.push_back(o["name"]);
    if (page["next_cursor"].is_null()) break;
    path = "/api/v1/organisations?limit=4&q=" + tag.substr(0, 4) + "%20" + tag.substr(5) +
           "&cursor=" + page["next_cursor"].get<std::string>();
  }
  ASSERT_EQ(names.size(), 11u);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(names[static_cast<std::size_t>(i)], tag + " " + std::to_string(100 + i));
}

TEST_F(Conventions, PatchNeedsIfMatchAndRefusesStaleVersions) {
  auto org = make_organisation();
  const std::string path = "/api/v1/organisations/" + org["id"].get<std::string>();
  EXPECT_EQ(etag_version(call("GET", path)), 1);
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"sub_region":"north"})"), 428));
  auto stale = call("PATCH", path, R"({"sub_region":"north"})", "admin", {"If-Match: \"7\""});
  EXPECT_TRUE(is_problem(stale, 412));
  EXPECT_EQ(stale.json_body()["current_version"], 1);
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"sub_region":"north"})", "admin", {"If-Match: garbage"}), 412));
  auto ok = call("PATCH", path, R"({"sub_region":"north"})", "admin",
                 {"If-Match: \"1\"", "Content-Type: application/merge-patch+json"});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(etag_version(ok), 2);
  EXPECT_EQ(ok.json_body()["sub_region"], "north");
  EXPECT_EQ(ok.json_body()["version"], 2);
  // null removes an optional field (merge patch)
  auto removed = call("PATCH", path, R"({"sub_region":null})", "admin", {"If-Match: \"2\""});
  EXPECT_TRUE(removed.json_body()["sub_region"].is_null());
  // a required field cannot be removed
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"name":null})", "admin", {"If-Match: \"3\""}), 422, "name"));
  // server-owned fields cannot be patched
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"version":10})", "admin", {"If-Match: \"3\""}), 400, "version"));
  EXPECT_TRUE(is_problem(call("PATCH", path, R"({"id":"x"})", "admin", {"If-Match: \"3\""}), 400, "id"));
  EXPECT_TRUE(is_problem(call("PATCH", path, "{}", "admin", {"If-Match: \"3\"", "Content-Type: text/plain"}), 415));
}

TEST_F(Conventions, IdempotencyKeyReplaysTheFirstResponse) {
  const std::string key = "Idempotency-Key: key-a-" + std::to_string(getpid());
  auto a =
      call("POST", "/api/v1/organisations", json{{"name", unique("Idem")}, {"type", "lmc"}}.dump(), "admin", {key});
  ASSERT_EQ(a.status, 201);
  auto b =
      call("POST", "/api/v1/organisations", json{{"name", unique("Other")}, {"type", "lmc"}}.dump(), "admin", {key});
  EXPECT_TRUE(is_problem(b, 422, "Idempotency-Key")) << "same key, different body";
  // exact replay of the same request
  const std::string body2 = json{{"name", unique("Replay")}, {"type", "lmc"}}.dump();
  const std::string key2 = "Idempotency-Key: key-b-" + std::to_string(getpid());
  auto r1 = call("POST", "/api/v1/organisations", body2, "admin", {key2});
  auto r2 = call("POST", "/api/v1/organisations", body2, "admin", {key2});
  ASSERT_EQ(r1.status, 201);
  EXPECT_EQ(r2.status, 201);
  EXPECT_EQ(r2.body, r1.body);
  EXPECT_EQ(r2.header("location"), r1.header("location"));
  EXPECT_EQ(r2.header("etag"), r1.header("etag"));
  EXPECT_EQ(r2.header("idempotent-replayed"), "true");
  auto list = call(
      "GET", "/api/v1/organisations?q=" + json::parse(body2)["name"].get<std::string>().substr(0, 6) + "&limit=200");
  const auto listed = list.json_body();  // keep the document alive while iterating it
  int same = 0;
  for (const auto& o : listed["items"]) same += o["name"] == json::parse(body2)["name"] ? 1 : 0;
  EXPECT_EQ(same, 1) << list.body;
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/organisations", body2, "admin", {"Idempotency-Key: has space"}), 400));
}

TEST_F(Conventions, EveryWriteIsAuditedWithBeforeAndAfter) {
  auto org = make_organisation();
  const std::string id = org["id"];
  call("PATCH", "/api/v1/organisations/" + id, R"({"population":1100000})", "admin",
       {"If-Match: \"1\"", "X-Request-Id: audit-me-1"});
  auto history = call("GET", "/api/v1/organisations/" + id + "/history");
  ASSERT_EQ(history.status, 200);
  auto items = history.json_body()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["action"], "create");
  EXPECT_TRUE(items[0]["before"].is_null());
  EXPECT_EQ(items[1]["action"], "update");
  EXPECT_EQ(items[1]["request_id"], "audit-me-1");
  EXPECT_TRUE(items[1]["before"]["population"].is_null());
  EXPECT_EQ(items[1]["after"]["population"], 1100000);
  EXPECT_EQ(items[1]["actor"]["name"], "admin test token");
  auto filtered =
      call("GET", "/api/v1/audit-events?entity_id=" + id + "&entity_type=organisations&actor=admin%20test%20token");
  EXPECT_EQ(filtered.json_body()["items"].size(), 2u);
  auto none = call("GET", "/api/v1/audit-events?entity_id=" + id + "&from=2999-01-01T00:00:00Z");
  EXPECT_EQ(none.json_body()["items"].size(), 0u);
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/organisations/00000000-0000-0000-0000-000000000000/history"), 404));
}

// An event's seq is taken when it is written, not when its transaction commits: a write that
// began first can commit after one that wrote later, with the lower seq. A feed that paged by
// seq alone had passed it by then, and its reader never saw it.
TEST_F(Conventions, TheAuditFeedWaitsForAWriteThatCommitsAfterALaterOne) {
  auto first = make_organisation();
  const std::string started =
      call("GET", "/api/v1/audit-events?entity_id=" + first["id"].get<std::string>()).json_body()["items"][0]["id"];
  auto start = call("GET", "/api/v1/audit-events?after=" + started).json_body();
  ASSERT_EQ(start["items"].size(), 0u);
  std::string cursor = start["next_cursor"];
  ASSERT_EQ(call("GET", "/api/v1/audit-events?cursor=" + cursor).json_body()["items"].size(), 0u);
  Connection slow(server().database().url());
  ASSERT_TRUE(slow.sql("BEGIN").ok);
  ASSERT_TRUE(slow.sql("INSERT INTO organisations (name, type) VALUES ('Slow to commit CCG', 'ccg') RETURNING id").ok);
  auto later = make_organisation();  // its event has the higher seq, and commits first
  auto held = call("GET", "/api/v1/audit-events?cursor=" + cursor).json_body();
  EXPECT_EQ(held["items"].size(), 0u) << held.dump();
  ASSERT_TRUE(held["next_cursor"].is_string());
  ASSERT_TRUE(slow.sql("COMMIT").ok);
  auto both = feed_page(held["next_cursor"].get<std::string>(), 2);
  ASSERT_EQ(both["items"].size(), 2u) << both.dump();
  EXPECT_EQ(both["items"][0]["after"]["name"], "Slow to commit CCG");
  EXPECT_EQ(both["items"][1]["entity_id"], later["id"]);
}

TEST_F(Conventions, TheAuditFeedGivesEachEventOnceAndAlwaysSaysWhereToPollFrom) {
  auto first = make_organisation();
  const auto started =
      call("GET", "/api/v1/audit-events?entity_id=" + first["id"].get<std::string>()).json_body()["items"][0]["id"];
  // Whatever came after that event (nothing else happens in this suite meanwhile), then the
  // tail: no items, and still a cursor to poll with.
  auto page = call("GET", "/api/v1/audit-events?after=" + started.get<std::string>()).json_body();
  for (const auto& e : page["items"]) EXPECT_NE(e["id"], started);
  ASSERT_TRUE(page["next_cursor"].is_string());
  std::string cursor = page["next_cursor"];
  auto tail = call("GET", "/api/v1/audit-events?cursor=" + cursor).json_body();
  EXPECT_EQ(tail["items"].size(), 0u);
  ASSERT_TRUE(tail["next_cursor"].is_string());
  cursor = tail["next_cursor"];

  // Two new events: each comes once, oldest first, then the tail again.
  auto second = make_organisation();
  call("PATCH", "/api/v1/organisations/" + second["id"].get<std::string>(), R"({"population": 1})", "admin",
       {"Content-Type: application/merge-patch+json", "If-Match: \"1\""});
  auto news = feed_page(cursor, 1, "limit=1&");
  ASSERT_EQ(news["items"].size(), 1u);
  EXPECT_EQ(news["items"][0]["action"], "create");
  EXPECT_EQ(news["items"][0]["entity_id"], second["id"]);
  auto more = feed_page(news["next_cursor"].get<std::string>(), 1);
  ASSERT_EQ(more["items"].size(), 1u);
  EXPECT_EQ(more["items"][0]["action"], "update");
  auto after = call("GET", "/api/v1/audit-events?cursor=" + more["next_cursor"].get<std::string>()).json_body();
  EXPECT_EQ(after["items"].size(), 0u);
  EXPECT_TRUE(after["next_cursor"].is_string());

  // An event no one has, or a feed started and resumed at once: 400 naming `after`.
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/audit-events?after=00000000-0000-4000-8000-000000000000"), 400, "after"));
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/audit-events?after=" + started.get<std::string>() + "&cursor=" + cursor),
                         400, "after"));
  // A plain list still ends with null.
  auto listed = call("GET", "/api/v1/audit-events?entity_id=" + second["id"].get<std::string>()).json_body();
  EXPECT_TRUE(listed["next_cursor"].is_null());
}

TEST(Shutdown, SigtermExitsCleanly) {
  ServerProcess s("shutdown");
  HttpClient c(s.base_url());
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST(Shutdown, SigtermUnderLoadFinishesWhatItStartedAndExitsZero) {
  ServerProcess s("shutdown_load");
  const std::string auth = "Authorization: Bearer " + s.admin_token();
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, created{0}, server_errors{0}, refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&, i] {
      HttpClient c(s.base_url());
      for (int n = 0; !done; ++n) {
        try {
          auto r =
              i % 2
                  ? c.request("GET", "/api/v1/organisations?limit=5", "", {auth})
                  : c.request("POST", "/api/v1/organisations",
                              json{{"name", "Shutdown " + std::to_string(i) + "-" + std::to_string(n)}, {"type", "ccg"}}
                                  .dump(),
                              {auth});
          if (r.status >= 500 && r.status != 503)
            ++server_errors;
          else if (r.status < 300)
            ++ok;
          if (r.status == 201) ++created;
        } catch (const std::exception&) {
          ++refused;  // after the listener closed: the connection is refused, not half-answered
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto started = std::chrono::steady_clock::now();
  const int code = s.stop();
  const auto took = std::chrono::steady_clock::now() - started;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  done = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0);
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_GT(refused.load(), 0);
  // Every write answered 201 is in the database (the pool closed after finishing them).
  const auto rows = s.database().query_value("SELECT count(*) FROM organisations WHERE name LIKE 'Shutdown %'");
  EXPECT_GE(std::stoi(rows), created.load());
}
