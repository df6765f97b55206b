// Tested as a front end would: the typed TypeScript client (openapi-typescript types,
// openapi-fetch, `tsc --strict`) calls every operation of the contract over the demo data.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class Client : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    std::string out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", "staffordshire-2019"}, &out), 0) << out;
    ASSERT_EQ(run_cli(server().database().url(), {"seed", "live-example"}, &out), 0) << out;
  }
};

TEST_F(Client, TheTypedClientCallsEveryOperation) {
  auto [code, out] = run_typed_tour(server().base_url(), token_for("admin"));
  ASSERT_EQ(code, 0) << out;
  const auto& contract = Contract::instance();
  std::set<std::string> called;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("CALL ", 0) != 0) continue;
    std::istringstream words(line.substr(5));
    std::string method, path;
    int status = 0;
    words >> method >> path >> status;
    const json* op = contract.operation(method, path);
    if (!op) {
      ADD_FAILURE() << line << ": no operation of the contract";
      continue;
    }
    called.insert(op->at("operationId").get<std::string>());
  }
  std::printf("the typed tour called %zu operations of the contract\n", called.size());
  std::vector<std::string> missed;
  for (const auto& [tmpl, item] : contract.document().at("paths").items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters" && !called.count(op.at("operationId").get<std::string>()))
        missed.push_back(op.at("operationId").get<std::string>() + " (" + method + " " + tmpl + ")");
  EXPECT_TRUE(missed.empty()) << "operations the typed tour does not call:\n  " << [&] {
    std::string joined;
    for (const auto& m : missed) joined += m + "\n  ";
    return joined;
  }();
}
