#include "tests/support/test_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace incommon::testing {

namespace {

std::string exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to the test cluster: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  auto status = PQresultStatus(r);
  std::string value = (status == PGRES_TUPLES_OK && PQntuples(r) > 0) ? PQgetvalue(r, 0, 0) : "";
  std::string error = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + error);
  return value;
}

std::string admin_url() {
  const char* url = std::getenv("INCOMMON_TEST_DATABASE_URL");
  if (!url || !*url) throw std::runtime_error("INCOMMON_TEST_DATABASE_URL is not set: run the tests with scripts/test");
  return url;
}

}  // namespace

Connection::Connection(const std::string& url) : c_(PQconnectdb(url.c_str())) {
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c_);
    PQfinish(c_);
    throw std::runtime_error(message);
  }
}

Connection::~Connection() {
  PQfinish(c_);
}

Outcome Connection::sql(const std::string& text) {
  PGresult* r = PQexec(c_, text.c_str());
  Outcome o;
  const auto status = PQresultStatus(r);
  o.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) o.value = PQgetvalue(r, 0, 0);
  if (const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE)) o.sqlstate = state;
  PQclear(r);
  return o;
}

std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

std::string with_user(const std::string& url, const std::string& user) {
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  return url.substr(0, scheme + 3) + user + url.substr(at);
}

TestDatabase::TestDatabase(const std::string& label) : admin_url_(admin_url()) {
  static std::atomic<int> counter{0};
  name_ = "test_" + label + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  // The API's role and its login are the cluster's; test binaries running at once may race to
  // make them, and the loser is told they exist.
  for (const std::string& role : {std::string("CREATE ROLE incommon_api NOLOGIN"),
                                  std::string("CREATE ROLE ") + kApiLogin + " LOGIN IN ROLE incommon_api"})
    exec(admin_url_, "DO $$ BEGIN " + role + "; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  exec(admin_url_, "DROP DATABASE IF EXISTS " + name_);
  exec(admin_url_, "CREATE DATABASE " + name_);
  url_ = with_database(admin_url_, name_);
  app_url_ = with_user(url_, kApiLogin);
}

TestDatabase::~TestDatabase() {
  if (const char* keep = std::getenv("INCOMMON_TEST_KEEP_DATABASES"); keep && std::string(keep) == "1") return;
  try {
    exec(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::string TestDatabase::query_value(const std::string& sql) const {
  return exec(url_, sql);
}

}  // namespace incommon::testing
