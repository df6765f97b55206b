#include "server/http/router.hpp"

#include <gtest/gtest.h>

using namespace incommon::http;

namespace {
Router table() {
  Router r;
  auto h = [](RequestContext&) { return HttpResponse{}; };
  r.add({"GET", "/api/v1/organisations", Access::read(), h});
  r.add({"POST", "/api/v1/organisations", Access::read(), h});
  r.add({"GET", "/api/v1/organisations/{id}", Access::read(), h});
  r.add({"PATCH", "/api/v1/organisations/{id}", Access::read(), h});
  return r;
}
}  // namespace

TEST(Router, MatchesTemplatesAndDecodes) {
  auto r = table();
  auto m = r.match("GET", "/api/v1/organisations/abc%20d");
  ASSERT_TRUE(std::holds_alternative<RouteMatch>(m));
  EXPECT_EQ(std::get<RouteMatch>(m).params.at("id"), "abc d");
}

TEST(Router, AnswersNotFoundAndMethodNotAllowed) {
  auto r = table();
  auto missing = r.match("GET", "/api/v1/nothing");
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(missing));
  EXPECT_EQ(std::get<HttpResponse>(missing).status, 404);
  EXPECT_EQ(std::get<HttpResponse>(missing).content_type, "application/problem+json");

  auto wrong = r.match("DELETE", "/api/v1/organisations/x");
  auto& resp = std::get<HttpResponse>(wrong);
  EXPECT_EQ(resp.status, 405);
  bool has_allow = false;
  for (const auto& [k, v] : resp.headers)
    if (k == "Allow") {
      has_allow = true;
      EXPECT_EQ(v, "GET, PATCH");
    }
  EXPECT_TRUE(has_allow);
}

TEST(Router, RejectsBadEscapesAndEmptySegments) {
  auto r = table();
  for (const char* p : {"/api/v1/organisations/%zz", "/api/v1/organisations/%00", "/api/v1/organisations/",
                        "/api/v1/organisations/a/b", "", "organisations"}) {
    auto m = r.match("GET", p);
    ASSERT_TRUE(std::holds_alternative<HttpResponse>(m)) << p;
    EXPECT_EQ(std::get<HttpResponse>(m).status, 404) << p;
  }
}

TEST(PercentDecode, HandlesPlusAndTruncation) {
  std::string out;
  EXPECT_TRUE(percent_decode("a+b%2Bc", out, true));
  EXPECT_EQ(out, "a b+c");
  EXPECT_FALSE(percent_decode("%2", out, false));
  EXPECT_FALSE(percent_decode("%", out, false));
}
