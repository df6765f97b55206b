// The database goes away under load - restarted, then stopped for ten seconds - and comes
// back: the server keeps running, answers 503 with Retry-After while it is away, never a 500,
// recovers by itself, and every write it acknowledged is there exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "tests/support/api_fixture.hpp"
#include "tests/support/own_cluster.hpp"

using namespace incommon::testing;
using namespace std::chrono_literals;

namespace {

struct Tally {
  std::mutex mutex;
  std::map<int, int> statuses;
  std::vector<std::string> acknowledged;  // names of organisations created with 201
  int missing_retry_after = 0;
  int not_problems = 0;
};

}  // namespace

TEST(Outage, RestartAndTenSecondsAwayLoseNothingAndNeverFiveHundred) {
  OwnCluster cluster("outage");
  setenv("INCOMMON_TEST_DATABASE_URL", cluster.url().c_str(), 1);
  ServerProcess server("outage", {{"INCOMMON_THREADS", "4"}});
  const std::string auth = "Authorization: Bearer " + server.admin_token();
  Tally tally;
  std::atomic<bool> stop{false};
  std::atomic<int> sequence{0};
  auto load = [&](int worker) {
    HttpClient c(server.base_url());
    while (!stop) {
      const bool write = worker % 2 == 0;
      Response r;
      std::string name;
      try {
        if (write) {
          name = "Outage org " + std::to_string(worker) + "-" + std::to_string(sequence++);
          r = c.request("POST", "/api/v1/organisations", json{{"name", name}, {"type", "ccg"}}.dump(), {auth});
        } else {
          r = c.request("GET", "/api/v1/organisations?limit=5", "", {auth});
        }
      } catch (const std::exception&) {
        continue;
      }
      std::lock_guard lock(tally.mutex);
      ++tally.statuses[r.status];
      if (r.status == 201) tally.acknowledged.push_back(name);
      if (r.status == 503 && r.header("retry-after").empty()) ++tally.missing_retry_after;
      if (r.status >= 400 && r.header("content-type") != "application/problem+json") ++tally.not_problems;
      std::this_thread::sleep_for(5ms);
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(load, i);

  std::this_thread::sleep_for(1s);
  cluster.run("restart");
  std::this_thread::sleep_for(2s);
  cluster.run("stop");
  HttpClient probe(server.base_url());
  std::this_thread::sleep_for(1s);
  const int ready_while_away = probe.request("GET", "/readyz").status;
  const int healthy_while_away = probe.request("GET", "/healthz").status;
  std::this_thread::sleep_for(9s);
  cluster.run("start");
  // Back by itself: within the longest back-off and then some.
  int recovered_after_ms = -1;
  for (int waited = 0; waited < 15000; waited += 100) {
    if (probe.request("GET", "/readyz").status == 200 &&
        probe.request("GET", "/api/v1/organisations?limit=1", "", {auth}).status == 200) {
      recovered_after_ms = waited;
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1s);
  stop = true;
  for (auto& w : workers) w.join();

  int total = 0;
  for (const auto& [status, n] : tally.statuses) total += n;
  std::cout << "outage: " << total << " requests;";
  for (const auto& [status, n] : tally.statuses) std::cout << " " << status << " x" << n;
  std::cout << "; recovered " << recovered_after_ms << " ms after the database came back\n";

  EXPECT_EQ(ready_while_away, 503);
  EXPECT_EQ(healthy_while_away, 200);
  EXPECT_GE(recovered_after_ms, 0) << "the server did not recover without a restart";
  for (const auto& [status, n] : tally.statuses)
    EXPECT_LT(status, 500 + (status == 503 ? 100 : 0)) << status << " x" << n;
  EXPECT_GT(tally.statuses[503], 0) << "the outage was not seen";
  EXPECT_GT(tally.statuses[201], 0);
  EXPECT_EQ(tally.missing_retry_after, 0);
  EXPECT_EQ(tally.not_problems, 0);
  // Every acknowledged write is there, exactly once.
  const auto& db = server.database();
  for (const auto& name : tally.acknowledged)
    EXPECT_EQ(db.query_value("SELECT count(*) FROM organisations WHERE name = '" + name + "'"), "1") << name;
  EXPECT_EQ(server.stop(), 0);
}
