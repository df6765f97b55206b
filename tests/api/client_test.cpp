// Tested as a front end would: the typed TypeScript client (openapi-typescript types,
// openapi-fetch, `tsc --strict`) calls every operation of the contract over the demo data.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <set>
#include <sstream>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

namespace {

std::pair<int, std::string> run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// "METHOD /api/v1/organisations/{id}" -> operationId, for the operation a concrete request reached.
std::string operation_of(const json& doc, const std::string& method, const std::string& path) {
  std::string m = method;
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string found;
  for (const auto& [tmpl, item] : doc.at("paths").items()) {
    if (!item.contains(m)) continue;
    std::size_t i = 0, j = 0;
    bool match = true;
    while (match && i < tmpl.size() && j < path.size()) {
      if (tmpl[i] == '{') {
        i = tmpl.find('}', i) + 1;
        const auto slash = path.find('/', j);
        match = slash != j;
        j = slash == std::string::npos ? path.size() : slash;
      } else {
        match = tmpl[i++] == path[j++];
      }
    }
    if (!match || i != tmpl.size() || j != path.size()) continue;
    found = item[m].at("operationId");
    if (tmpl.find('{') == std::string::npos) break;  // a literal path wins over a template
  }
  return found;
}

}  // namespace

class Client : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    std::string out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", "staffordshire-2019"}, &out), 0) << out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", "live-example"}, &out), 0) << out;
  }
};

TEST_F(Client, TheTypedClientCallsEveryOperation) {
  auto [code, out] = run("CLIENT_SCRIPT=tour " + std::string(INCOMMON_SOURCE_DIR) + "/tests/client/check " +
                         server().base_url() + " " + token_for("admin"));
  ASSERT_EQ(code, 0) << out;
  const json& doc = Contract::instance().document();
  std::set<std::string> called;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("CALL ", 0) != 0) continue;
    std::istringstream words(line.substr(5));
    std::string method, path;
    int status = 0;
    words >> method >> path >> status;
    const std::string op = operation_of(doc, method, path);
    EXPECT_FALSE(op.empty()) << line << ": no operation of the contract";
    called.insert(op);
  }
  std::printf("the typed tour called %zu operations of the contract\n", called.size());
  std::vector<std::string> missed;
  for (const auto& [tmpl, item] : doc.at("paths").items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters" && !called.count(op.at("operationId").get<std::string>()))
        missed.push_back(op.at("operationId").get<std::string>() + " (" + method + " " + tmpl + ")");
  EXPECT_TRUE(missed.empty()) << "operations the typed tour does not call:\n  " << [&] {
    std::string joined;
    for (const auto& m : missed) joined += m + "\n  ";
    return joined;
  }();
}
