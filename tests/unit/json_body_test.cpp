#include "server/http/json_body.hpp"
#include "server/http/problem.hpp"

#include <gtest/gtest.h>

using namespace incommon;
using namespace incommon::http;

namespace {
HttpRequest post(std::string body, std::string type = "application/json") {
  HttpRequest r;
  r.method = "POST";
  r.body = std::move(body);
  r.headers["content-type"] = std::move(type);
  return r;
}
}  // namespace

TEST(JsonBody, AcceptsAnObject) {
  auto j = parse_json_object(post(R"({"name":"x"})"));
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["name"], "x");
  EXPECT_TRUE(parse_json_object(post("{}", "application/json; charset=utf-8")));
}

TEST(JsonBody, RejectsWhatIsNotAJsonObject) {
  struct Case {
    std::string body;
    int status;
  } cases[] = {
      {"", 400},
      {"{", 400},
      {"[]", 400},
      {"\"x\"", 400},
      {"null", 400},
      {"{'a':1}", 400},
      {"{\"a\":1,}", 400},
      {"{\"a\":\"\\u0000\"}", 400},
      {"{\"a\":\"\xff\"}", 400},
      {"{\"a\":1} x", 400},
      {"{\"\\u0000\":1}", 400},
      {"{\"a\":1e999}", 400},
      {"{\"a\":-1e999}", 400},
  };
  for (const auto& c : cases) {
    auto j = parse_json_object(post(c.body));
    ASSERT_FALSE(j) << c.body;
    EXPECT_EQ(status_of(j.error().kind), c.status) << c.body;
    EXPECT_EQ(problem(j.error()).content_type, "application/problem+json");
  }
}

TEST(JsonBody, RejectsDeepNesting) {
  std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
  auto j = parse_json_object(post(deep));
  ASSERT_FALSE(j);
  EXPECT_EQ(status_of(j.error().kind), 400);
}

TEST(JsonBody, WantsJsonMediaType) {
  EXPECT_EQ(parse_json_object(post("{}", "text/plain")).error().kind, ErrorKind::unsupported_media);
  EXPECT_EQ(parse_json_object(post("{}", "")).error().kind, ErrorKind::unsupported_media);
  EXPECT_EQ(parse_json_object(post("{}", "application/merge-patch+json")).error().kind, ErrorKind::unsupported_media);
  EXPECT_TRUE(parse_json_object(post("{}", "application/merge-patch+json"), true));
}

TEST(MergePatch, FollowsRfc7396) {
  auto target = json::parse(R"({"a":"b","c":{"d":"e","f":"g"}})");
  auto patch = json::parse(R"({"a":"z","c":{"f":null}})");
  EXPECT_EQ(merge_patch(target, patch), json::parse(R"({"a":"z","c":{"d":"e"}})"));
  EXPECT_EQ(merge_patch(json::parse(R"({"a":[1]})"), json::parse(R"({"a":[2]})")), json::parse(R"({"a":[2]})"));
}

TEST(FieldReader, SeparatesTypeErrorsFromRuleErrors) {
  auto body = json::parse(R"({"name": 5, "extra": true})");
  FieldReader r(body);
  r.text("name");
  auto s = r.finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::malformed);
  ASSERT_EQ(s.error().errors.size(), 2u);

  auto missing = json::parse(R"({})");
  FieldReader r2(missing);
  r2.text("name");
  EXPECT_EQ(r2.finish().error().kind, ErrorKind::rule_broken);
}

TEST(FieldReader, IntegersAreWholeAndInRange) {
  for (const char* bad : {R"({"n": 1.5})", R"({"n": 18446744073709551615})", R"({"n": 1e400})", R"({"n": "1"})"}) {
    auto body = json::parse(bad, nullptr, false);
    if (body.is_discarded()) continue;  // the parser itself refuses some
    FieldReader r(body);
    r.optional_integer("n");
    EXPECT_EQ(r.finish().error().kind, ErrorKind::malformed) << bad;
  }
  auto ok = json::parse(R"({"n": 9223372036854775807})");
  FieldReader r(ok);
  EXPECT_EQ(r.optional_integer("n"), INT64_MAX);
}

TEST(FieldReader, ServerOwnedFieldsAreRefused) {
  auto body = json::parse(R"({"id": "x", "version": 3})");
  FieldReader r(body);
  auto s = r.finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::malformed);
}

TEST(FieldReader, DatesAndUuidsAreChecked) {
  auto body = json::parse(R"({"d": "2019-02-30", "u": "not-a-uuid"})");
  FieldReader r(body);
  r.optional_date("d");
  r.optional_uuid("u");
  auto s = r.finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::rule_broken);
  EXPECT_EQ(s.error().errors.size(), 2u);
}
