#pragma once
// Base of the api tests: one real server per test binary, a client per test, tokens per role,
// and every response checked against openapi.yaml.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/contract.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

namespace incommon::testing {

// Runs `n` requests at once, request i on its own connection to `base_url_of(i)`; returns the
// answers in order.
std::vector<Response> race(int n, const std::function<std::string(int)>& base_url_of,
                           const std::function<Response(HttpClient&, int)>& request);

// Settings for the shared server of a test binary, set before its first test runs.
std::map<std::string, std::string>& server_environment();

class ApiTest : public ::testing::Test {
 protected:
  static ServerProcess& server();
  static const std::string& token_for(const std::string& role);

  // Sends a request as `role` ("" for none) and checks the answer against the contract.
  Response call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& role = "admin", std::vector<std::string> headers = {});
  // The same without the contract check (for answers the contract cannot describe, e.g. 405).
  Response raw(const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& role = "admin", std::vector<std::string> headers = {});

  // A fresh organisation with a unique name; returns its JSON.
  json make_organisation(json fields = json::object());
  static std::string unique(const std::string& prefix);

  HttpClient& client();

  // Runs `n` requests at once, each on its own connection; returns their answers in order.
  std::vector<Response> race(int n, const std::function<Response(HttpClient&, int)>& request);
  static std::string auth(const std::string& role = "admin") { return "Authorization: Bearer " + token_for(role); }

 private:
  std::unique_ptr<HttpClient> client_;
};

// Asserts a problem+json answer with this status, optionally naming a field in errors[].
// The record version an ETag "N-<tag>" carries (what If-Match compares); -1 without one.
std::int64_t etag_version(const Response& r);
::testing::AssertionResult is_problem(const Response& r, int status, const std::string& field = "");

}  // namespace incommon::testing
