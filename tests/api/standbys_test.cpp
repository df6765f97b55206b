// A primary and a real streaming standby (scripts/pg standby: pg_basebackup -R), with the
// server reading from the standby (INCOMMON_DATABASE_READ_URL): a client that sends back its
// last write's WAL-Position never reads older data, even under concurrent writes; a standby
// lagging past INCOMMON_MAX_REPLICA_LAG is not read; a standby stopped sends reads to the
// primary; the primary stopped leaves reads answered; a promoted standby is followed without
// a restart.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "tests/support/api_fixture.hpp"
#include "tests/support/own_cluster.hpp"

using namespace incommon::testing;
using namespace std::chrono_literals;

namespace {

// A cluster with a standby, and a server on a fresh database of it reading from the standby.
struct WithStandby {
  explicit WithStandby(const std::string& label, std::map<std::string, std::string> env = {},
                       bool multi_host_primary = false)
      : cluster(label) {
    started = cluster.run("standby start");
    standby_url = cluster.line("standby app-url");
    setenv("INCOMMON_TEST_DATABASE_URL", cluster.url().c_str(), 1);
    env["INCOMMON_DATABASE_READ_URL"] = with_database(standby_url, "{database}");
    if (multi_host_primary) {
      // The primary, then the standby: libpq connects to whichever accepts writes.
      const std::string primary = cluster.line("app-url");
      const auto host = primary.find('@') + 1;
      const auto path = primary.find('/', host);
      const auto standby_host = standby_url.substr(standby_url.find('@') + 1);
      env["INCOMMON_DATABASE_URL"] =
          with_database(primary.substr(0, path) + "," + standby_host.substr(0, standby_host.find('/')) + "/x",
                        "{database}") +
          "?target_session_attrs=read-write";
    }
    std::string server_label = label;  // it names a database: no dashes
    for (auto& ch : server_label)
      if (ch == '-') ch = '_';
    server = std::make_unique<ServerProcess>(server_label, env);
    auth = "Authorization: Bearer " + server->admin_token();
  }
  // Transactions the standby has run in the server's database: reads answered there.
  long standby_reads() const {
    const auto out = cluster.run(
        "standby psql -tAc \"SELECT xact_commit + xact_rollback FROM pg_stat_database "
        "WHERE datname = '" +
        server->database().name() + "'\"");
    return std::atol(out.c_str());
  }
  // Whether a read without a position is answered by the standby now: with its replay paused,
  // a record written just then is not there (404) when, and only when, the standby answers.
  // (The standby's own statistics reach pg_stat_database up to seconds late.)
  bool standby_answers(HttpClient& c) const {
    on_standby("SELECT pg_wal_replay_pause()");
    auto created = c.request("POST", "/api/v1/organisations", json{{"name", "Probe"}, {"type", "ccg"}}.dump(), {auth});
    const auto id = created.status == 201 ? created.json_body()["id"].get<std::string>() : "none";
    const bool answered = c.request("GET", "/api/v1/organisations/" + id, "", {auth}).status == 404;
    on_standby("SELECT pg_wal_replay_resume()");
    return created.status == 201 && answered;
  }
  std::string on_standby(const std::string& sql) const { return cluster.line("standby psql -tAc \"" + sql + "\""); }
  OwnCluster cluster;
  std::string started;
  std::string standby_url;
  std::unique_ptr<ServerProcess> server;
  std::string auth;
};

json organisation(const std::string& name) {
  return json{{"name", name}, {"type", "ccg"}};
}

}  // namespace

TEST(Standbys, AnEchoedPositionNeverReadsOlderUnderConcurrentWrites) {
  WithStandby s("standby-ryw");
  // The standby has the server's database before the run starts.
  for (int i = 0; i < 100 && s.on_standby("SELECT 1 FROM pg_database WHERE datname = '" + s.server->database().name() +
                                          "'") != "1";
       ++i)
    std::this_thread::sleep_for(50ms);
  const long reads_before = s.standby_reads();
  std::atomic<int> stale{0}, checked{0}, failed{0};
  auto writer = [&](int worker) {
    HttpClient c(s.server->base_url());
    for (int i = 0; i < 25; ++i) {
      auto created =
          c.request("POST", "/api/v1/organisations",
                    organisation("RYW " + std::to_string(worker) + "-" + std::to_string(i)).dump(), {s.auth});
      if (created.status != 201 || created.header("wal-position").empty()) {
        ++failed;
        continue;
      }
      const std::string id = created.json_body()["id"].get<std::string>();
      auto read = c.request("GET", "/api/v1/organisations/" + id, "",
                            {s.auth, "WAL-Position: " + created.header("wal-position")});
      ++checked;
      if (read.status != 200) ++stale;
      // A change, then the list that must show it.
      auto changed = c.request("PATCH", "/api/v1/organisations/" + id, json{{"name", "RYW changed " + id}}.dump(),
                               {s.auth, "If-Match: \"1\"", "WAL-Position: " + created.header("wal-position")});
      if (changed.status != 200) {
        ++failed;
        continue;
      }
      auto again = c.request("GET", "/api/v1/organisations/" + id, "",
                             {s.auth, "WAL-Position: " + changed.header("wal-position")});
      ++checked;
      if (again.status != 200 || again.json_body()["version"] != 2) ++stale;
    }
  };
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) writers.emplace_back(writer, i);
  for (auto& w : writers) w.join();
  const long standby_reads = s.standby_reads() - reads_before;
  std::cout << "read your writes: " << checked << " reads after a write, " << stale << " older than the write, "
            << standby_reads << " transactions counted on the standby so far (its statistics come late)\n";
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(checked, 200);
  EXPECT_EQ(stale, 0);

  // The metrics say how the positions were checked, and that the standby answers.
  HttpClient c(s.server->base_url());
  const std::string metrics = c.request("GET", "/metrics").body;
  const auto figure = [&](const std::string& series) {
    const auto at = metrics.find(series + " ");
    return at == std::string::npos ? -1.0 : std::atof(metrics.c_str() + at + series.size() + 1);
  };
  const double asked_standby = figure("incommon_standby_position_checks_total{answered_by=\"standby\"}");
  const double asked_primary = figure("incommon_standby_position_checks_total{answered_by=\"primary\"}");
  std::cout << "positions checked on the standby: " << asked_standby << " answered there, " << asked_primary
            << " by the primary\n";
  EXPECT_GT(asked_standby, 0);
  EXPECT_NE(metrics.find("incommon_standby_answering{standby=\"127.0.0.1:"), std::string::npos);

  // A position that is not one is refused, not guessed at.
  auto bad = c.request("GET", "/api/v1/organisations", "", {s.auth, "WAL-Position: yesterday"});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("WAL-Position"), std::string::npos);
}

TEST(Standbys, AStandbyLaggingPastTheLimitIsNotRead) {
  WithStandby s("standby-lag", {{"INCOMMON_MAX_REPLICA_LAG", "2s"}});
  HttpClient c(s.server->base_url());
  ASSERT_EQ(c.request("GET", "/api/v1/organisations", "", {s.auth}).status, 200);
  std::this_thread::sleep_for(300ms);
  // Replay paused: the standby stops where it is, as one does behind a long query or a slow disk.
  s.on_standby("SELECT pg_wal_replay_pause()");
  auto created = c.request("POST", "/api/v1/organisations", organisation("Lag test").dump(), {s.auth});
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json_body()["id"].get<std::string>();
  // Within the allowed lag a read without a position may be answered by the standby, which
  // has not seen the write; with its position it never is.
  auto within = c.request("GET", "/api/v1/organisations/" + id, "", {s.auth});
  auto echoed =
      c.request("GET", "/api/v1/organisations/" + id, "", {s.auth, "WAL-Position: " + created.header("wal-position")});
  EXPECT_EQ(within.status, 404) << "a read without a position was not answered by the standby";
  EXPECT_EQ(echoed.status, 200);
  // Past the allowed lag, the standby is not read at all.
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(c.request("GET", "/api/v1/organisations/" + id, "", {s.auth}).status, 200);
  s.on_standby("SELECT pg_wal_replay_resume()");
  // Caught up again, it answers again.
  bool answers = false;
  for (int waited = 0; waited < 10000 && !answers; waited += 500) {
    std::this_thread::sleep_for(500ms);
    answers = s.standby_answers(c);
  }
  EXPECT_TRUE(answers) << "the standby answered no reads once it had caught up";
}

TEST(Standbys, StandbyStoppedReadsGoToThePrimaryAndPrimaryStoppedReadsGoOn) {
  WithStandby s("standby-stop", {{"INCOMMON_THREADS", "2"}});
  HttpClient c(s.server->base_url());
  auto created = c.request("POST", "/api/v1/organisations", organisation("Outage test").dump(), {s.auth});
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json_body()["id"].get<std::string>();
  const std::string position = "WAL-Position: " + created.header("wal-position");

  // The standby stops: every read is answered, by the primary.
  s.cluster.run("standby stop");
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(c.request("GET", "/api/v1/organisations/" + id, "", {s.auth}).status, 200);
    EXPECT_EQ(c.request("GET", "/api/v1/organisations?limit=5", "", {s.auth, position}).status, 200);
  }
  // It comes back, and answers reads again without a restart.
  s.cluster.run("standby start");
  bool answers = false;
  for (int waited = 0; waited < 15000 && !answers; waited += 500) {
    std::this_thread::sleep_for(500ms);
    answers = s.standby_answers(c);
  }
  EXPECT_TRUE(answers) << "the standby answered no reads after it came back";

  // The primary stops: reads go on from the standby (the token too, though its memory of
  // tokens is dropped with the listener's connection); writes answer 503 with Retry-After.
  s.cluster.run("stop");
  std::this_thread::sleep_for(300ms);
  int reads_ok = 0;
  for (int i = 0; i < 20; ++i) {
    if (c.request("GET", "/api/v1/organisations/" + id, "", {s.auth}).status == 200) ++reads_ok;
    if (c.request("GET", "/api/v1/organisations?limit=5", "", {s.auth, position}).status == 200) ++reads_ok;
  }
  EXPECT_EQ(reads_ok, 40);
  auto write = c.request("POST", "/api/v1/organisations", organisation("While away").dump(), {s.auth});
  EXPECT_EQ(write.status, 503);
  EXPECT_FALSE(write.header("retry-after").empty());
  auto ready = c.request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json_body()["status"], "reads only");
  // Back: writes are accepted again, with no restart.
  s.cluster.run("start");
  int status = 0;
  for (int waited = 0; waited < 15000 && status != 201; waited += 200) {
    status = c.request("POST", "/api/v1/organisations", organisation("After").dump(), {s.auth}).status;
    if (status != 201) std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(status, 201);
  EXPECT_EQ(s.server->stop(), 0);
}

TEST(Standbys, APromotedStandbyIsFollowedWithoutARestart) {
  WithStandby s("standby-promote", {}, true);
  HttpClient c(s.server->base_url());
  ASSERT_EQ(c.request("POST", "/api/v1/organisations", organisation("Before failover").dump(), {s.auth}).status, 201);
  // The primary is lost, and the standby is promoted, as a failover does.
  s.cluster.run("stop");
  s.cluster.run("standby promote");
  int status = 0, attempts = 0;
  for (int waited = 0; waited < 20000 && status != 201; waited += 200, ++attempts) {
    status = c.request("POST", "/api/v1/organisations", organisation("After failover").dump(), {s.auth}).status;
    if (status != 201) std::this_thread::sleep_for(200ms);
  }
  std::cout << "failover: writes accepted again after " << attempts << " attempts\n";
  EXPECT_EQ(status, 201);
  auto list = c.request("GET", "/api/v1/organisations?limit=100", "", {s.auth});
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Before failover"), std::string::npos);
  EXPECT_NE(list.body.find("After failover"), std::string::npos);
  EXPECT_EQ(s.on_standby("SELECT count(*) FROM pg_database WHERE datname = '" + s.server->database().name() + "'"),
            "1");
  EXPECT_EQ(s.server->stop(), 0);
}

// The front end's whole tour (every operation of the contract, tests/client/tour.ts) against a
// server whose GETs are answered by the standby: no GET writes, and the client's echoed
// WAL-Position lets every read after a write see it.
TEST(Standbys, TheTypedTourRunsWithReadsOnTheStandby) {
  WithStandby s("standby-tour");
  std::string out;
  ASSERT_EQ(run_cli(s.server->database().url(), {"seed", "staffordshire-2019"}, &out), 0) << out;
  ASSERT_EQ(run_cli(s.server->database().url(), {"seed", "live-example"}, &out), 0) << out;
  HttpClient c(s.server->base_url());
  for (int i = 0; i < 100 && !s.standby_answers(c); ++i) std::this_thread::sleep_for(100ms);
  auto [code, said] = run_typed_tour(s.server->base_url(), s.server->admin_token());
  ASSERT_EQ(code, 0) << said;
  const std::string metrics = c.request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("incommon_standby_answering{standby=\"127.0.0.1:"), std::string::npos);
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("incommon_standby_position_checks_total{")) std::cout << "tour: " << line << "\n";
  EXPECT_EQ(s.server->log().find("\"status\":500"), std::string::npos) << s.server->log();
}
