#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server/http/problem.hpp"
#include "server/http/problem_types.hpp"

using namespace incommon;
using namespace incommon::http;

TEST(ProblemTypes, EveryKindHasADefaultTypeOfItsOwn) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::internal); ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    EXPECT_EQ(kind_of(default_type(kind)), kind) << k;
  }
}

TEST(ProblemTypes, NamesAndTitlesAreUniqueAndUrlSafe) {
  std::set<std::string_view> names, titles;
  for (const auto& t : problem_types()) {
    EXPECT_TRUE(names.insert(t.name).second) << t.name;
    EXPECT_TRUE(titles.insert(t.title).second) << t.title;
    EXPECT_EQ(t.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string_view::npos) << t.name;
    EXPECT_EQ(find_problem_type(t.name), &t);
    EXPECT_FALSE(t.explanation.empty()) << t.name;
  }
  EXPECT_EQ(find_problem_type("about:blank"), nullptr);
}

TEST(ProblemTypes, ANarrowerTypeSetsTheStatus) {
  auto r = problem(Error::conflict("The event is fully booked.", {}, "party_size").as(ProblemType::event_full));
  EXPECT_EQ(r.status, 409);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["type"], "/problems/event-full");
  EXPECT_EQ(body["title"], "The event is fully booked");
  EXPECT_EQ(body["status"], 409);
}

TEST(ProblemTypes, BodyFieldsAreJsonPointersAndParametersSayWhere) {
  Error e = Error::rules({{"outcomes[2].outcome", "outcome must be approved, rejected or deferred"},
                          {"document.url", "document.url must be an http(s) address"},
                          {"name", "name is required"},
                          {"", "the body is empty"}});
  auto body = nlohmann::json::parse(problem(e).body);
  EXPECT_EQ(body["errors"][0]["field"], "/outcomes/2/outcome");
  EXPECT_EQ(body["errors"][1]["field"], "/document/url");
  EXPECT_EQ(body["errors"][2]["field"], "/name");
  EXPECT_EQ(body["errors"][3]["field"], "");
  auto q = nlohmann::json::parse(problem(Error::malformed_parameter("limit", "limit must be 1 to 200")).body);
  EXPECT_EQ(q["errors"][0],
            nlohmann::json({{"parameter", "limit"}, {"in", "query"}, {"message", "limit must be 1 to 200"}}));
  EXPECT_FALSE(q["errors"][0].contains("field"));
}

TEST(ProblemTypes, InternalErrorsSayNothingOfThemselves) {
  auto body = nlohmann::json::parse(problem(Error::internal("database error XX000: secret detail")).body);
  EXPECT_EQ(body["type"], "/problems/internal-error");
  EXPECT_EQ(body["detail"].get<std::string>().find("secret"), std::string::npos);
}

TEST(ProblemTypes, AFailedTokenSaysInvalidTokenInItsChallenge) {
  auto none = problem(Error::unauthenticated("Send Authorization: Bearer <token>."));
  ASSERT_EQ(none.headers.size(), 1u);
  EXPECT_EQ(none.headers[0].second, "Bearer realm=\"incommon\"");
  auto bad = problem(Error::unauthenticated("A \"quoted\" \\ detail").as(ProblemType::invalid_token));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.headers[0].second,
            "Bearer realm=\"incommon\", error=\"invalid_token\", error_description=\"A quoted  detail\"");
}
