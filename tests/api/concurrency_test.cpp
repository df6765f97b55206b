// Races: If-Match, idempotency keys and unique names under real concurrency.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Concurrency : public ApiTest {};

TEST_F(Concurrency, TwentyEditsOfOneVersionExactlyOneWins) {
  auto org = make_organisation();
  const std::string path = "/api/v1/organisations/" + org["id"].get<std::string>();
  auto results = race(20, [&](HttpClient& c, int i) {
    return c.request("PATCH", path, json{{"population", 1000 + i}}.dump(), {auth(), "If-Match: \"1\""});
  });
  int ok = 0, stale = 0;
  for (const auto& r : results) {
    if (r.status == 200) ++ok;
    if (r.status == 412) {
      ++stale;
      EXPECT_EQ(r.json_body()["current_version"], 2);
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(stale, 19);
  auto now = call("GET", path).json_body();
  EXPECT_EQ(now["version"], 2);
  EXPECT_EQ(call("GET", path + "/history").json_body()["items"].size(), 2u);
}

TEST_F(Concurrency, ParallelRetriesWithOneKeyCreateOnce) {
  const std::string name = unique("Raced idempotent");
  const std::string body = json{{"name", name}, {"type", "other"}}.dump();
  const std::string key = "Idempotency-Key: race-" + std::to_string(getpid());
  auto results = race(10, [&](HttpClient& c, int) {
    return c.request("POST", "/api/v1/organisations", body, {auth(), key});
  });
  for (const auto& r : results) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body, results[0].body);
  }
  auto list = call("GET", "/api/v1/organisations?q=" + name.substr(0, 5)).json_body()["items"];
  int same = 0;
  for (const auto& o : list) same += o["name"] == name;
  EXPECT_EQ(same, 1);
}

TEST_F(Concurrency, SameNameCreatedAtOnceOnlyOnce) {
  const std::string name = unique("Raced name");
  auto results = race(10, [&](HttpClient& c, int) {
    return c.request("POST", "/api/v1/organisations", json{{"name", name}, {"type", "other"}}.dump(), {auth()});
  });
  int created = 0, conflicts = 0;
  for (const auto& r : results) {
    created += r.status == 201;
    conflicts += r.status == 409;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, 9);
}

TEST_F(Concurrency, OppositeParentMovesCannotMakeALoop) {
  for (int round = 0; round < 5; ++round) {
    auto a = make_organisation();
    auto b = make_organisation();
    const std::string pa = "/api/v1/organisations/" + a["id"].get<std::string>();
    const std::string pb = "/api/v1/organisations/" + b["id"].get<std::string>();
    auto results = race(2, [&](HttpClient& c, int i) {
      return i == 0 ? c.request("PATCH", pa, json{{"parent_id", b["id"]}}.dump(), {auth(), "If-Match: *"})
                    : c.request("PATCH", pb, json{{"parent_id", a["id"]}}.dump(), {auth(), "If-Match: *"});
    });
    int ok = (results[0].status == 200) + (results[1].status == 200);
    EXPECT_EQ(ok, 1) << results[0].body << " / " << results[1].body;
  }
}
