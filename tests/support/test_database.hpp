#pragma once
// A fresh database for one test binary, made on the private cluster that scripts/test starts
// (INCOMMON_TEST_DATABASE_URL) and dropped at the end.
#include <libpq-fe.h>

#include <string>

namespace incommon::testing {

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& label);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The owner's URL (the cluster's superuser): migrations, seeds, the command line.
  const std::string& url() const { return url_; }
  // The API's URL: a login in the incommon_api role, with only the grants of
  // persistence/grants.sql, as deployments run the server.
  const std::string& app_url() const { return app_url_; }
  const std::string& name() const { return name_; }
  // Runs SQL as the cluster's superuser on this database; returns the first column of the first row.
  std::string query_value(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::string app_url_;
};

// A connection of the test's own (a transaction held open across requests, say); `sql`
// answers its first value, or the error with its SQLSTATE.
struct Outcome {
  bool ok = false;
  std::string value;
  std::string sqlstate;
};
class Connection {
 public:
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Outcome sql(const std::string& text);

 private:
  PGconn* c_;
};

// The cluster's URL with the database name replaced.
std::string with_database(const std::string& url, const std::string& name);
// The same URL for another user.
std::string with_user(const std::string& url, const std::string& user);

// The restricted login the api tests serve as (scripts/pg makes the same for scripts/run).
inline constexpr const char* kApiLogin = "incommon_app";

}  // namespace incommon::testing
