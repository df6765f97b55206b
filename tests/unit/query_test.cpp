#include "server/http/query.hpp"
#include "domain/audit/audit_event.hpp"

#include <gtest/gtest.h>

using namespace incommon;
using namespace incommon::http;

namespace {
HttpRequest get(std::vector<std::pair<std::string, std::string>> query) {
  HttpRequest r;
  r.method = "GET";
  r.query = std::move(query);
  return r;
}
}  // namespace

TEST(Cursor, RoundTripsAnyText) {
  std::vector<std::string> key{"NHS Stoke-on-Trent CCG \xE2\x9C\x93 \"quoted\"",
                               "0d5e8f5e-1c2b-4a8e-9d43-2f7a4f1a0c11"};
  auto back = decode_cursor(encode_cursor(key));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, key);
  EXPECT_FALSE(decode_cursor("!!!"));
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor(encode_cursor({})));
}

TEST(QueryReader, RejectsUnknownParameters) {
  QueryReader q(get({{"colour", "red"}}), {"type"}, true);
  auto verdict = q.finish();
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().kind, ErrorKind::malformed);
  EXPECT_NE(verdict.error().detail.find("colour"), std::string::npos);
}

TEST(QueryReader, LimitIsOneToTwoHundred) {
  for (const char* bad : {"0", "201", "-1", "abc", "1.5", "10x", ""}) {
    QueryReader q(get({{"limit", bad}}), {}, true);
    q.page();
    EXPECT_FALSE(q.finish()) << bad;
  }
  QueryReader q(get({{"limit", "200"}}), {}, true);
  EXPECT_EQ(q.page().limit, 200);
  EXPECT_TRUE(q.finish());
  QueryReader d(get({}), {}, true);
  EXPECT_EQ(d.page().limit, 50);
}

TEST(QueryReader, CursorMustHaveTheListsKeyShape) {
  QueryReader q(get({{"cursor", encode_cursor({"only one"})}}), {}, true);
  q.page(2);
  EXPECT_FALSE(q.finish());
}

TEST(QueryReader, ChecksValues) {
  QueryReader q(get({{"id", "nope"}, {"on", "2019-02-30"}, {"at", "2019-06-13 10:00"}, {"flag", "yes"}}),
                {"id", "on", "at", "flag"}, false);
  q.uuid("id");
  q.date("on");
  q.instant("at");
  q.boolean("flag");
  auto verdict = q.finish();
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().errors.size(), 4u);
}

TEST(Instants, NeedAnOffset) {
  EXPECT_TRUE(is_rfc3339_instant("2019-06-20T15:30:00+01:00"));
  EXPECT_TRUE(is_rfc3339_instant("2019-06-20T14:30:00.123Z"));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T14:30:00"));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T25:30:00Z"));
  EXPECT_FALSE(is_rfc3339_instant("2019-02-30T10:00:00Z"));
  EXPECT_TRUE(is_rfc3339_instant("2019-06-20T15:30:00.5-05:30"));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T15:30:00.-05:30"));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T15:30:00+0100"));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T15:30:00Z "));
  EXPECT_FALSE(is_rfc3339_instant("2019-06-20T15:30:60Z"));
}

// A feed's position (migration 0021): "xact:seq", or the seq alone in a cursor of a feed begun
// before it, whose events had all committed (xact 0). Anything else is no cursor of ours.
TEST(FeedPosition, ReadsTodaysCursorsAndThoseOfFeedsBegunBefore) {
  auto today = parse_feed_position("771:1042");
  ASSERT_TRUE(today);
  EXPECT_EQ(today->xact, 771u);
  EXPECT_EQ(today->seq, 1042);
  EXPECT_EQ(to_string(*today), "771:1042");
  auto before = parse_feed_position("1042");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->xact, 0u);
  EXPECT_EQ(before->seq, 1042);
  for (const char* bad : {"", ":", "1:", ":1", "-1", "1:-1", "x:1", "1:2:3", "1 ", "99999999999999999999:1"})
    EXPECT_FALSE(parse_feed_position(bad)) << bad;
}
