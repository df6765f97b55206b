#include "tests/support/api_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace incommon::testing {

std::map<std::string, std::string>& server_environment() {
  static std::map<std::string, std::string> env;
  return env;
}

ServerProcess& ApiTest::server() {
  static std::unique_ptr<ServerProcess> instance;
  static std::once_flag once;
  std::call_once(once, [] {
    const auto* info = ::testing::UnitTest::GetInstance();
    std::string label = info->current_test_suite() ? info->current_test_suite()->name() : "api";
    for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    instance = std::make_unique<ServerProcess>(label, server_environment());
  });
  return *instance;
}

const std::string& ApiTest::token_for(const std::string& role) {
  static std::map<std::string, std::string> tokens;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto it = tokens.find(role);
  if (it != tokens.end()) return it->second;
  return tokens[role] = role == "admin" ? server().admin_token() : server().token(role);
}

std::vector<Response> race(int n, const std::function<std::string(int)>& base_url_of,
                           const std::function<Response(HttpClient&, int)>& request) {
  std::vector<Response> out(static_cast<std::size_t>(n));
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < n; ++i) clients.push_back(std::make_unique<HttpClient>(base_url_of(i)));
  for (auto& c : clients) c->request("GET", "/healthz");  // connect first, then go together
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      out[static_cast<std::size_t>(i)] = request(*clients[static_cast<std::size_t>(i)], i);
    });
  go = true;
  for (auto& t : threads) t.join();
  return out;
}

std::vector<Response> ApiTest::race(int n, const std::function<Response(HttpClient&, int)>& request) {
  return testing::race(
      n, [](int) { return server().base_url(); }, request);
}

HttpClient& ApiTest::client() {
  if (!client_) client_ = std::make_unique<HttpClient>(server().base_url());
  return *client_;
}

Response ApiTest::raw(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& role, std::vector<std::string> headers) {
  if (!role.empty()) headers.push_back("Authorization: Bearer " + token_for(role));
  return client().request(method, path, body, std::move(headers));
}

Response ApiTest::call(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& role, std::vector<std::string> headers) {
  auto r = raw(method, path, body, role, std::move(headers));
  for (const auto& problem : Contract::instance().check(method, path, r.status, r.header("content-type"), r.body))
    ADD_FAILURE() << "contract: " << problem << "\n  body: " << r.body.substr(0, 400);
  if (r.header("x-request-id").empty()) ADD_FAILURE() << method << " " << path << " has no X-Request-Id";
  return r;
}

std::string ApiTest::unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + " " + std::to_string(getpid()) + "-" + std::to_string(n++);
}

json ApiTest::make_organisation(json fields) {
  if (!fields.contains("name")) fields["name"] = unique("Organisation");
  if (!fields.contains("type")) fields["type"] = "ccg";
  auto r = call("POST", "/api/v1/organisations", fields.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json_body();
}

std::int64_t etag_version(const Response& r) {
  const std::string etag = r.header("etag");
  if (etag.size() < 3 || etag.front() != '"') return -1;
  const auto end = etag.find_first_of("-\"", 1);
  try {
    return std::stoll(etag.substr(1, end - 1));
  } catch (const std::exception&) {
    return -1;
  }
}

::testing::AssertionResult is_problem(const Response& r, int status, const std::string& field) {
  if (r.status != status)
    return ::testing::AssertionFailure() << "status " << r.status << " (wanted " << status << "): " << r.body;
  if (r.header("content-type").rfind("application/problem+json", 0) != 0)
    return ::testing::AssertionFailure() << "content-type " << r.header("content-type");
  auto j = r.json_body();
  if (!j.is_object() || j.value("status", 0) != status || !j.contains("title") || !j.contains("detail"))
    return ::testing::AssertionFailure() << "not a problem document: " << r.body;
  // Every problem's type is one of the registry's, whichever route answered it (the contract check
  // in call() also holds it to the operation's own list).
  const auto& types = Contract::instance().problem_types();
  if (std::find(types.begin(), types.end(), j.value("type", "")) == types.end())
    return ::testing::AssertionFailure() << "type " << j.value("type", "") << " is not in the registry: " << r.body;
  if (!field.empty()) {
    // `field` names a body field as a JSON Pointer ("/outcomes/2/outcome") or, for short, by its
    // top-level name ("name"); or it names a query parameter or header.
    const std::string pointer = field.front() == '/' ? field : "/" + field;
    bool found = false;
    for (const auto& e : j.value("errors", json::array()))
      found = found || e.value("field", "") == pointer || e.value("parameter", "") == field;
    if (!found) return ::testing::AssertionFailure() << "errors[] does not name " << field << ": " << r.body;
  }
  // Library names as they would appear in a leaked error ("soci_error", "soci::", ...), not
  // inside domain words ("social_care_provider").
  for (const char* leak : {"SELECT", "INSERT", "soci_", "soci::", "SOCI", "pistache", "Pistache", "postgres", "libpq",
                           "/work/", ".cpp", "std::"})
    if (r.body.find(leak) != std::string::npos)
      return ::testing::AssertionFailure() << "the problem leaks \"" << leak << "\": " << r.body;
  return ::testing::AssertionSuccess();
}

}  // namespace incommon::testing
