#include "tests/support/own_cluster.hpp"

#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace incommon::testing {

OwnCluster::OwnCluster(const std::string& label)
    : dir_(std::filesystem::temp_directory_path() / ("incommon-" + label + "-" + std::to_string(getpid()))) {
  std::filesystem::create_directories(dir_);
  // A busy machine may refuse a first start (a port taken meanwhile): try again, then say why.
  std::string said;
  for (int attempt = 0; attempt < 3 && !ready(); ++attempt) said += run("start");
  if (!ready()) throw std::runtime_error("the " + label + " test's own cluster did not start: " + said + run("log"));
  url_ = line("url");
}

bool OwnCluster::ready() const {
  if (!std::filesystem::exists(dir_ / "pg.port")) return false;
  return run("psql -tAc 'SELECT 42'") == "42\n";
}

OwnCluster::~OwnCluster() {
  run("standby stop");  // when it has one
  run("stop");
  std::filesystem::remove_all(dir_);
}

std::string OwnCluster::line(const std::string& command) const {
  std::string out = run(command);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string OwnCluster::run(const std::string& command) const {
  const std::string line =
      "INCOMMON_PG_DIR=" + dir_.string() + " " + INCOMMON_SOURCE_DIR + "/scripts/pg " + command + " 2>&1";
  std::string out;
  if (FILE* pipe = popen(line.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
  }
  return out;
}

}  // namespace incommon::testing
