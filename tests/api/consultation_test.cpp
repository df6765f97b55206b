// The public surface over HTTP: the Tamworth meeting's bookings as a race, responses while
// open, published comments reported into moderation and republished, the summary, rate
// limits with the trusted-proxy rule, and no personal data in any public answer or log line.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

namespace {
// The shared server trusts its loopback "proxy", so tests can speak for different clients.
const bool configured = [] {
  server_environment()["INCOMMON_TRUSTED_PROXIES"] = "127.0.0.1";
  server_environment()["INCOMMON_PUBLIC_RATE_LIMIT"] = "100000";
  return true;
}();
}  // namespace

class Consultation : public ApiTest {
 protected:
  static std::string id_of(const json& j) { return j["id"].get<std::string>(); }

  json consultation(const std::string& opens = "2019-05-13", const std::string& closes = "2099-07-31") {
    auto r = call("POST", "/api/v1/consultations",
                  json{{"title", unique("Creating a single Strategic Commissioning Organisation")},
                       {"opens_on", opens},
                       {"closes_on", closes},
                       {"document",
                        {{"title", "Consultation document"},
                         {"url", "https://example.org/sco.pdf"},
                         {"size_bytes", 196608},
                         {"media_type", "application/pdf"}}}}
                      .dump(),
                  "engagement");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  json event(const json& c, int capacity) {
    auto r = call("POST", "/api/v1/consultations/" + id_of(c) + "/events",
                  json{{"title", "Public meeting: South East Staffordshire"},
                       {"area", "South East Staffordshire"},
                       {"venue", "Tamworth Community Fire Station"},
                       {"address", "Marlborough Way, Tamworth"},
                       {"doors_open_at", "2019-06-20T15:00:00+01:00"},
                       {"starts_at", "2019-06-20T15:30:00+01:00"},
                       {"ends_at", "2019-06-20T16:30:00+01:00"},
                       {"capacity", capacity},
                       {"booking_required", true}}
                      .dump(),
                  "engagement");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  Response book(const json& e, const std::string& email, int party = 1, const std::string& from = "203.0.113.1") {
    return call("POST", "/api/v1/events/" + id_of(e) + "/bookings",
                json{{"name", "Resident " + email}, {"email", email}, {"party_size", party}}.dump(), "",
                {"X-Forwarded-For: " + from});
  }
  Response respond(const json& c, json fields, const std::string& role = "", const std::string& from = "203.0.113.1") {
    json body = {{"position", "keep_current_system"}, {"respondent_type", "public"}};
    body.update(fields);
    return call("POST", "/api/v1/consultations/" + id_of(c) + "/responses", body.dump(), role,
                {"X-Forwarded-For: " + from});
  }
  Response report(const std::string& response_id, const std::string& from, const std::string& role = "") {
    return call("POST", "/api/v1/responses/" + response_id + "/reports",
                json{{"reason", "Unsuitable or offensive"}}.dump(), role, {"X-Forwarded-For: " + from});
  }
  std::vector<std::string> comment_ids(const json& c) {
    std::vector<std::string> out;
    const auto body = call("GET", "/api/v1/consultations/" + id_of(c) + "/comments", "", "").json_body();
    for (const auto& item : body["items"]) out.push_back(item["id"]);
    return out;
  }
};

TEST_F(Consultation, StateFollowsTheDatesAndIsPublic) {
  auto c = consultation("2019-05-13", "2019-07-31");
  EXPECT_EQ(c["state"], "closed");
  auto then = call("GET", "/api/v1/consultations/" + id_of(c) + "?as_of=2019-06-13", "", "");
  ASSERT_EQ(then.status, 200) << then.body;
  EXPECT_EQ(then.json_body()["state"], "open");
  EXPECT_EQ(call("GET", "/api/v1/consultations/" + id_of(c) + "?as_of=2019-05-12", "", "").json_body()["state"],
            "upcoming");
  EXPECT_EQ(call("GET", "/api/v1/consultations/" + id_of(c) + "?as_of=2019-07-31", "", "").json_body()["state"],
            "open");
  EXPECT_EQ(then.json_body()["document"]["size_bytes"], 196608);
  EXPECT_EQ(call("GET", "/api/v1/consultations", "", "").status, 200);
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/consultations",
           json{{"title", "t"}, {"opens_on", "2019-07-01"}, {"closes_on", "2019-06-01"}}.dump(), "engagement"),
      422, "closes_on"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/consultations",
                              json{{"title", "t"},
                                   {"opens_on", "2019-06-01"},
                                   {"closes_on", "2019-07-01"},
                                   {"document", {{"title", "d"}, {"url", "javascript:alert(1)"}}}}
                                  .dump(),
                              "engagement"),
                         422, "/document/url"));
  EXPECT_EQ(call("POST", "/api/v1/consultations",
                 json{{"title", "t"}, {"opens_on", "2019-06-01"}, {"closes_on", "2019-07-01"}}.dump(), "governance")
                .status,
            403);
  EXPECT_EQ(call("POST", "/api/v1/consultations",
                 json{{"title", "t"}, {"opens_on", "2019-06-01"}, {"closes_on", "2019-07-01"}}.dump(), "")
                .status,
            401);
}

TEST_F(Consultation, ThirtyPeopleRaceForTenPlaces) {
  auto c = consultation();
  auto e = event(c, 10);
  EXPECT_EQ(e["places_left"], 10);
  const std::string path = "/api/v1/events/" + id_of(e) + "/bookings";
  auto results = race(30, [&](HttpClient& client, int i) {
    return client.request(
        "POST", path,
        json{{"name", "Resident " + std::to_string(i)}, {"email", "r" + std::to_string(i) + "@example.org"}}.dump(),
        {"X-Forwarded-For: 198.51.100." + std::to_string(i + 1)});
  });
  int booked = 0, full = 0;
  std::set<std::string> references;
  for (const auto& r : results) {
    if (r.status == 201) {
      ++booked;
      references.insert(r.json_body()["reference"].get<std::string>());
    }
    if (r.status == 409 && r.json_body()["type"] == "/problems/event-full") ++full;
  }
  EXPECT_EQ(booked, 10);
  EXPECT_EQ(full, 20);
  EXPECT_EQ(references.size(), 10u);
  EXPECT_EQ(call("GET", "/api/v1/events/" + id_of(e), "", "").json_body()["places_left"], 0);
  EXPECT_EQ(call("GET", path + "?limit=50", "", "engagement").json_body()["items"].size(), 10u);
}

TEST_F(Consultation, BookingsNeverShowPersonalDataToThePublic) {
  auto c = consultation();
  auto e = event(c, 5);
  auto r = book(e, "Jo.Bloggs@example.org", 2);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("Bloggs"), std::string::npos);
  EXPECT_FALSE(r.json_body().contains("email"));
  EXPECT_FALSE(r.json_body().contains("name"));
  const std::string reference = r.json_body()["reference"];
  EXPECT_EQ(r.json_body()["places_left"], 3);
  auto too_many = book(e, "a@example.org", 4);
  EXPECT_TRUE(is_problem(too_many, 409, "party_size"));
  EXPECT_EQ(too_many.json_body()["type"], "/problems/too-few-places");
  EXPECT_TRUE(is_problem(book(e, "a@example.org", 7), 422, "party_size"));
  EXPECT_TRUE(is_problem(book(e, "not-an-email", 1), 422, "email"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/events/" + id_of(e) + "/bookings",
                              json{{"name", "x"}, {"email", "x@example.org"}, {"postcode", "B79 7NE"}}.dump(), ""),
                         400, "postcode"));
  // The list with names and emails is for engagement staff.
  const std::string list = "/api/v1/events/" + id_of(e) + "/bookings";
  EXPECT_EQ(call("GET", list, "", "").status, 401);
  EXPECT_EQ(call("GET", list, "", "viewer").status, 403);
  EXPECT_EQ(call("GET", list, "", "governance").status, 403);
  auto staff = call("GET", list, "", "engagement");
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(staff.json_body()["items"][0]["email"], "Jo.Bloggs@example.org");
  // Cancelling needs the email it was made with; the places are free again.
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/bookings/" + reference + "/cancel", json{{"email", "someone@example.org"}}.dump(), ""),
      404));
  auto cancelled =
      call("POST", "/api/v1/bookings/" + reference + "/cancel", json{{"email", "jo.bloggs@EXAMPLE.org"}}.dump(), "");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json_body()["status"], "cancelled");
  EXPECT_EQ(cancelled.json_body()["places_left"], 5);
  auto again =
      call("POST", "/api/v1/bookings/" + reference + "/cancel", json{{"email", "jo.bloggs@example.org"}}.dump(), "");
  EXPECT_TRUE(is_problem(again, 409));
  EXPECT_EQ(again.json_body()["type"], "/problems/booking-cancelled");
  // Capacity cannot fall below what is booked; a cancelled event takes no bookings.
  ASSERT_EQ(book(e, "b@example.org", 3).status, 201);
  EXPECT_TRUE(is_problem(
      call("PATCH", "/api/v1/events/" + id_of(e), json{{"capacity", 2}}.dump(), "engagement", {"If-Match: *"}), 422,
      "capacity"));
  ASSERT_EQ(
      call("PATCH", "/api/v1/events/" + id_of(e), json{{"status", "cancelled"}}.dump(), "engagement", {"If-Match: *"})
          .status,
      200);
  auto closed = book(e, "c@example.org");
  EXPECT_TRUE(is_problem(closed, 409));
  EXPECT_EQ(closed.json_body()["type"], "/problems/event-not-bookable");
  // No log line carries an email or a name given at booking.
  const std::string log = server().log();
  EXPECT_EQ(log.find("Bloggs"), std::string::npos);
  EXPECT_EQ(log.find("example.org"), std::string::npos);
}

TEST_F(Consultation, ResponsesWhileOpenStaffEnterLateOnes) {
  auto open = consultation();
  auto closed = consultation("2019-05-13", "2019-07-31");
  auto r = respond(
      open, {{"comments_on_proposal", "One organisation would lose local knowledge."}, {"consent_to_publish", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json_body()["channel"], "online");
  EXPECT_FALSE(r.json_body()["entered_by_staff"].get<bool>());
  EXPECT_TRUE(is_problem(respond(closed, json::object()), 422));
  for (const char* personal : {"name", "email", "postcode"})
    EXPECT_TRUE(is_problem(respond(open, {{personal, "x"}}), 400, personal)) << personal;
  EXPECT_TRUE(is_problem(respond(open, {{"received_on", "2019-06-01"}}), 400, "received_on"));
  EXPECT_TRUE(is_problem(respond(open, {{"channel", "letter"}}), 400, "channel"));
  EXPECT_TRUE(is_problem(respond(open, {{"position", "maybe"}}), 422, "position"));
  EXPECT_TRUE(is_problem(respond(open, {{"respondent_type", "alien"}}), 422, "respondent_type"));
  EXPECT_TRUE(
      is_problem(respond(open, {{"comments_on_proposal", std::string(10001, 'x')}}), 422, "comments_on_proposal"));
  EXPECT_EQ(respond(open, {{"comments_on_proposal", std::string(10000, 'x')}}).status, 201);
  // A letter that arrived late, entered by engagement staff.
  auto late =
      respond(closed, {{"received_on", "2019-07-30"}, {"channel", "letter"}, {"respondent_type", "local_authority"}},
              "engagement");
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_TRUE(late.json_body()["entered_by_staff"].get<bool>());
  EXPECT_EQ(late.json_body()["channel"], "letter");
  EXPECT_TRUE(is_problem(respond(closed, {{"received_on", "2019-05-01"}}, "engagement"), 422, "received_on"));
  EXPECT_TRUE(is_problem(respond(closed, {{"received_on", "2019-07-30"}}, "viewer"), 400, "received_on"));
  EXPECT_EQ(
      call("GET", "/api/v1/consultations/" + id_of(closed) + "/responses", "", "viewer").json_body()["items"].size(),
      1u);
  EXPECT_EQ(call("GET", "/api/v1/consultations/" + id_of(closed) + "/responses", "", "").status, 401);
}

TEST_F(Consultation, ReportsHideAndModerationRepublishes) {
  auto c = consultation();
  auto hostile = respond(c, {{"comments_on_proposal", "The CCG bosses are useless and should be sacked."},
                             {"consent_to_publish", true}})
                     .json_body();
  auto private_one = respond(c, {{"comments_on_proposal", "Please do not publish this."}}).json_body();
  auto no_text = respond(c, {{"consent_to_publish", true}}).json_body();
  auto ids = comment_ids(c);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0], hostile["id"]);
  EXPECT_TRUE(is_problem(report(id_of(private_one), "192.0.2.1"), 404));
  EXPECT_TRUE(is_problem(report(id_of(no_text), "192.0.2.1"), 404));
  // One client reporting three times counts once; three different clients hide it.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(report(id_of(hostile), "192.0.2.1").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 1u);
  EXPECT_EQ(report(id_of(hostile), "192.0.2.2").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 1u);
  EXPECT_EQ(report(id_of(hostile), "192.0.2.3").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 0u);
  EXPECT_EQ(call("GET", "/api/v1/responses/" + id_of(hostile), "", "engagement").json_body()["moderation"], "pending");
  // The moderation queue is one list.
  const std::string queue = "/api/v1/consultations/" + id_of(c) + "/responses?moderation=pending";
  const auto pending = call("GET", queue, "", "engagement").json_body();
  ASSERT_EQ(pending["items"].size(), 1u);
  EXPECT_EQ(pending["items"][0]["id"], hostile["id"]);
  EXPECT_EQ(
      call("GET", "/api/v1/consultations/" + id_of(c) + "/responses?moderation=published,removed", "", "engagement")
          .json_body()["items"]
          .size(),
      2u);
  // Criticism is not offensive: the moderator republishes it.
  const std::string moderation = "/api/v1/responses/" + id_of(hostile) + "/moderation";
  EXPECT_EQ(call("POST", moderation, json{{"decision", "publish"}}.dump(), "governance", {"If-Match: *"}).status, 403);
  EXPECT_TRUE(is_problem(call("POST", moderation, json{{"decision", "ignore"}}.dump(), "engagement", {"If-Match: *"}),
                         422, "decision"));
  // A change of state: 428 without If-Match.
  EXPECT_TRUE(is_problem(call("POST", moderation, json{{"decision", "publish"}}.dump(), "engagement"), 428));
  auto published = call("POST", moderation, json{{"decision", "publish"}, {"note", "Critical, not offensive"}}.dump(),
                        "engagement", {"If-Match: *"});
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(comment_ids(c).size(), 1u);
  // Reports before the decision are answered: the same clients must report again.
  EXPECT_EQ(report(id_of(hostile), "192.0.2.1").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 1u);
  // One moderator's report hides at once (any other token's counts as one client's); removal
  // hides for good and deletes nothing.
  EXPECT_EQ(report(id_of(hostile), "192.0.2.8", "viewer").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 1u);
  EXPECT_EQ(report(id_of(hostile), "192.0.2.9", "engagement").status, 202);
  EXPECT_EQ(comment_ids(c).size(), 0u);
  auto removed =
      call("POST", moderation, json{{"decision", "remove"}, {"note", "Abusive"}}.dump(), "engagement", {"If-Match: *"});
  ASSERT_EQ(removed.status, 200);
  EXPECT_EQ(removed.json_body()["moderation"], "removed");
  EXPECT_EQ(call("GET", "/api/v1/responses/" + id_of(hostile), "", "viewer").status, 200);
  auto history = call("GET", "/api/v1/responses/" + id_of(hostile) + "/history", "", "viewer").json_body()["items"];
  std::vector<std::string> actions;
  for (const auto& h : history) actions.push_back(h["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "hide", "moderate", "hide", "moderate"}));
  EXPECT_EQ(history.dump().find("192.0.2"), std::string::npos);
}

TEST_F(Consultation, SummaryPercentagesAddUp) {
  auto c = consultation();
  struct R {
    const char* position;
    const char* type;
  };
  for (const auto& x : std::vector<R>{{"support_single_organisation", "patient"},
                                      {"keep_current_system", "public"},
                                      {"keep_current_system", "gp_practice"},
                                      {"no_view", "public"},
                                      {"keep_current_system", "patient"},
                                      {"support_single_organisation", "local_authority"}})
    ASSERT_EQ(respond(c, {{"position", x.position}, {"respondent_type", x.type}}).status, 201);
  auto r = call("GET", "/api/v1/consultations/" + id_of(c) + "/summary", "", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json_body();
  EXPECT_EQ(s["total"], 6);
  EXPECT_EQ(s["by_position"]["keep_current_system"]["count"], 3);
  EXPECT_DOUBLE_EQ(s["by_position"]["keep_current_system"]["percent"].get<double>(), 50.0);
  for (const char* map : {"by_position", "by_respondent_type", "by_channel"}) {
    double sum = 0;
    std::int64_t count = 0;
    for (const auto& [k, v] : s[map].items()) {
      sum += v["percent"].get<double>();
      count += v["count"].get<std::int64_t>();
    }
    EXPECT_NEAR(sum, 100.0, 1e-9) << map;
    EXPECT_EQ(count, 6) << map;
  }
  // 1/6, 1/6, 4/6 of types... every map of thirds still adds to exactly 100.0.
  EXPECT_EQ(s["by_respondent_type"].size(), 10u);
  EXPECT_EQ(s["by_position_and_respondent_type"]["keep_current_system"]["public"]["count"], 1);
  EXPECT_EQ(
      call("GET", "/api/v1/consultations/" + id_of(c) + "/summary?as_of=2019-01-01", "", "viewer").json_body()["total"],
      0);
  EXPECT_EQ(call("GET", "/api/v1/consultations/" + id_of(c) + "/summary", "", "").status, 401);
}

TEST(PublicRateLimit, HoldsPerClientAddressBehindTrustedProxiesOnly) {
  ServerProcess trusted("ratelimit",
                        {{"INCOMMON_PUBLIC_RATE_LIMIT", "5"}, {"INCOMMON_TRUSTED_PROXIES", "127.0.0.0/8"}});
  HttpClient client(trusted.base_url());
  const std::string missing = "/api/v1/events/00000000-0000-4000-8000-000000000000/bookings";
  const std::string body = R"({"name":"x","email":"x@example.org"})";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(client.request("POST", missing, body, {"X-Forwarded-For: 10.0.0.1"}).status, 404);
  auto limited = client.request("POST", missing, body, {"X-Forwarded-For: 10.0.0.1"});
  EXPECT_EQ(limited.status, 429);
  const int retry = std::stoi(limited.headers["retry-after"]);
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_EQ(limited.headers["content-type"], "application/problem+json");
  // Another client behind the same proxy is not limited; a client cannot forge its way out
  // by prepending addresses (the proxy's own entry is the last one).
  EXPECT_EQ(client.request("POST", missing, body, {"X-Forwarded-For: 10.0.0.2"}).status, 404);
  EXPECT_EQ(client.request("POST", missing, body, {"X-Forwarded-For: 10.9.9.9, 10.0.0.1"}).status, 429);
  // Reads are not limited.
  EXPECT_EQ(client.request("GET", "/api/v1/consultations", "", {"X-Forwarded-For: 10.0.0.1"}).status, 200);

  ServerProcess untrusted("ratelimit2",
                          {{"INCOMMON_PUBLIC_RATE_LIMIT", "3"}, {"INCOMMON_TRUSTED_PROXIES", "192.0.2.10"}});
  HttpClient other(untrusted.base_url());
  // The peer is not a trusted proxy: X-Forwarded-For is ignored and the peer is the client.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(other.request("POST", missing, body, {"X-Forwarded-For: 10.0.0." + std::to_string(i)}).status, 404);
  EXPECT_EQ(other.request("POST", missing, body, {"X-Forwarded-For: 10.0.1.1"}).status, 429);
}
