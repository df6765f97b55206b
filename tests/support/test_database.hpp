#pragma once
// A fresh database for one test binary, made on the private cluster that scripts/test starts
// (INCOMMON_TEST_DATABASE_URL) and dropped at the end.
#include <string>

namespace incommon::testing {

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& label);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  // Runs SQL as the cluster's superuser on this database; returns the first column of the first row.
  std::string query_value(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// The cluster's URL with the database name replaced.
std::string with_database(const std::string& url, const std::string& name);

}  // namespace incommon::testing
