#pragma once
// The real `incommon serve` on a free loopback port, over a fresh migrated database.
#include <sys/types.h>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_database.hpp"

namespace incommon::testing {

// The `incommon` binary the tests run: this build's, or the one INCOMMON_TEST_SERVER names
// (scripts/test runs the api suites against its sanitizer builds of the server that way).
std::string server_binary();

// Runs `incommon ARGS...` with INCOMMON_DATABASE_URL set; returns its exit code and stdout.
int run_cli(const std::string& database_url, const std::vector<std::string>& args, std::string* out = nullptr,
            const std::map<std::string, std::string>& env = {});

// Starts `program ARGS...` (a path, or a name looked up on PATH) with `env` added to this
// process's, its stdout and stderr on the descriptors given (-1: this process's); its pid.
pid_t spawn_program(const std::string& program, const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, int out_fd, int err_fd);

// Runs a shell command; its exit code (-1 if it did not exit) and what it printed, stderr included.
std::pair<int, std::string> run_shell(const std::string& command);
// The front end's typed tour (tests/client/tour.ts: every operation of the contract) against
// the server at `base_url` with an admin `token`; its exit code and what it printed.
std::pair<int, std::string> run_typed_tour(const std::string& base_url, const std::string& token);

class ServerProcess {
 public:
  // `env` is added to the server's environment; "{database}" in a value is its database's name.
  explicit ServerProcess(const std::string& label, std::map<std::string, std::string> env = {});
  // Another instance on the same database as `replica_of` (already migrated): a second replica.
  ServerProcess(const std::string& label, const ServerProcess* replica_of, std::map<std::string, std::string> env = {});
  ~ServerProcess();

  const std::string& base_url() const { return base_url_; }
  const std::string& admin_token() const { return admin_token_; }
  const TestDatabase& database() const { return *db_; }
  // A new token with this role, made by the command line.
  std::string token(const std::string& role);
  // Sends SIGTERM and returns the exit code.
  int stop();
  // SIGKILL: the process dies at once, mid-request, as a crashed or evicted replica does.
  void kill_now();
  // What the server has logged so far (after waiting out its batching of lines).
  std::string log() const;

 private:
  void start(const std::string& label, std::map<std::string, std::string> env);
  std::shared_ptr<TestDatabase> db_;
  std::string base_url_;
  std::string admin_token_;
  std::string log_path_;
  pid_t pid_ = -1;
};

int free_port();

}  // namespace incommon::testing
