#pragma once
// A PostgreSQL cluster of a test's own (scripts/pg with a directory of its own), so that
// stopping or restarting it disturbs no other suite.
#include <filesystem>
#include <string>

namespace incommon::testing {

class OwnCluster {
 public:
  // `label` names its directory under the temporary one.
  explicit OwnCluster(const std::string& label);
  ~OwnCluster();
  OwnCluster(const OwnCluster&) = delete;
  OwnCluster& operator=(const OwnCluster&) = delete;

  bool ready() const;
  const std::string& url() const { return url_; }
  // Runs `scripts/pg COMMAND` on it (start, stop, restart, psql ...); what it printed.
  std::string run(const std::string& command) const;
  // The same, without the line ends it printed: a URL, a port, the answer of `psql -tAc`.
  std::string line(const std::string& command) const;

 private:
  std::filesystem::path dir_;
  std::string url_;
};

}  // namespace incommon::testing
