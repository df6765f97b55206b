// Webhooks, as a receiver sees them: every delivery is verified with the `standardwebhooks`
// npm library (tests/webhooks/receiver.mjs). Subscriptions and their rules; every event type
// from a real write; order per record and retries under one webhook-id; the receiver down,
// slow, failing, resetting and redirecting; a replica killed mid-delivery; the database
// restarted under writes; a rotated secret; nothing announced for a write that did not commit.
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "tests/support/api_fixture.hpp"
#include "tests/support/own_cluster.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace incommon::testing;
using namespace std::chrono_literals;

namespace {

// Short waits, so that a day of retries fits in seconds: first retry after 150 ms (x4 each
// time), given up after 5 s; an attempt times out after 1.5 s; dated events swept every second.
const std::map<std::string, std::string> kFast = {
    {"INCOMMON_WEBHOOK_ALLOW_HOSTS", "127.0.0.1"},   {"INCOMMON_WEBHOOK_FIRST_RETRY_MS", "150"},
    {"INCOMMON_WEBHOOK_GIVE_UP_SECONDS", "5"},       {"INCOMMON_WEBHOOK_TIMEOUT_MS", "1500"},
    {"INCOMMON_WEBHOOK_CONNECT_TIMEOUT_MS", "1000"}, {"INCOMMON_WEBHOOK_POLL_MS", "50"},
    {"INCOMMON_WEBHOOK_SWEEP_SECONDS", "1"},         {"INCOMMON_WEBHOOK_SECRET_OVERLAP_SECONDS", "3600"},
    {"INCOMMON_TRUSTED_PROXIES", "127.0.0.1"}};

const bool configured = [] {
  for (const auto& [k, v] : kFast) server_environment()[k] = v;
  return true;
}();

std::string id_of(const json& j) {
  return j["id"].get<std::string>();
}

// Waits (at most `limit`) until `done()`; whether it came true.
template <class Done>
bool eventually(Done done, std::chrono::milliseconds limit = 10s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

}  // namespace

class Webhooks : public ApiTest {
 protected:
  static WebhookReceiver& receiver() {
    static WebhookReceiver r(4000);
    return r;
  }

  // A subscription to `types` delivering to the receiver's `name`, whose secret the receiver
  // verifies with.
  json subscribe(const std::string& name, const std::vector<std::string>& types) {
    auto r = call("POST", "/api/v1/webhooks",
                  json{{"url", receiver().url(name)}, {"event_types", types}, {"description", "test " + name}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    auto body = r.json_body();
    receiver().set_secrets(name, {body["secret"].get<std::string>()});
    return body;
  }

  json programme() {
    auto r = call("POST", "/api/v1/programmes",
                  json{{"name", unique("Programme")}, {"target_date", "2099-04-01"}, {"status", "active"}}.dump(),
                  "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  json milestone(const json& p, json fields = json::object()) {
    static int n = 0;
    json body = {{"key", "W" + std::to_string(++n)},
                 {"title", "Constitution agreed"},
                 {"workstream", "governance"},
                 {"baseline_date", "2098-01-10"}};
    body.update(fields);
    auto r = call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones", body.dump(), "transformation");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json_body();
  }
  Response progress(const json& m, json fields) {
    fields["comment"] = fields.value("comment", "progress");
    return call("POST", "/api/v1/milestones/" + id_of(m) + "/updates", fields.dump(), "transformation",
                {"If-Match: *"});
  }
  json deliveries(const json& subscription, const std::string& query = "?limit=200") {
    auto r = call("GET", "/api/v1/webhooks/" + id_of(subscription) + "/deliveries" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json_body();
  }
  // Every delivery of a subscription, oldest first.
  std::vector<json> all_deliveries(const json& subscription) {
    std::vector<json> out;
    const auto page = deliveries(subscription);
    for (const auto& d : page["items"]) out.insert(out.begin(), d);
    return out;
  }
  // What `name` has received and verified, each body parsed.
  std::vector<json> verified(const std::string& name) {
    std::vector<json> out;
    for (const auto& r : receiver().received(name)) {
      EXPECT_TRUE(r["verified"].get<bool>()) << r.dump();
      if (r["verified"].get<bool>()) {
        json one = r;
        one["payload"] = json::parse(r["body"].get<std::string>());
        out.push_back(one);
      }
    }
    return out;
  }
};

TEST_F(Webhooks, SubscribingShowsTheSecretOnceAndRefusesWhatItMust) {
  const auto before = call("GET", "/api/v1/webhooks?limit=200").json_body()["items"].size();
  auto made = call("POST", "/api/v1/webhooks",
                   json{{"url", "https://hooks.example.org/incommon"},
                        {"event_types", {"milestone.rag_changed", "caveat.overdue"}},
                        {"description", "Transformation team channel"}}
                       .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto s = made.json_body();
  EXPECT_EQ(s["secret"].get<std::string>().rfind("whsec_", 0), 0u);
  EXPECT_TRUE(s["enabled"].get<bool>());
  EXPECT_EQ(made.header("location"), "/api/v1/webhooks/" + id_of(s));
  auto got = call("GET", "/api/v1/webhooks/" + id_of(s));
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.json_body().contains("secret")) << "the secret is shown once, when it is made";
  // The history records the subscription, never its secret.
  auto history = call("GET", "/api/v1/webhooks/" + id_of(s) + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.body.find(s["secret"].get<std::string>()), std::string::npos);
  EXPECT_EQ(history.body.find("\"secret\""), std::string::npos);

  // Refused, each with its field, and nothing written.
  const auto refuse = [&](json body, const std::string& field) {
    json b = {{"url", "https://hooks.example.org/x"}, {"event_types", {"vote.closed"}}};
    b.update(body);
    EXPECT_TRUE(is_problem(call("POST", "/api/v1/webhooks", b.dump()), 422, field)) << b.dump();
  };
  refuse({{"event_types", {"milestone.exploded"}}}, "event_types");
  refuse({{"event_types", json::array()}}, "event_types");
  refuse({{"event_types", {"vote.closed", "vote.closed"}}}, "event_types");
  refuse({{"url", "http://hooks.example.org/x"}}, "url");                 // not https
  refuse({{"url", "https://127.0.0.2/x"}}, "url");                        // loopback
  refuse({{"url", "https://10.1.2.3/x"}}, "url");                         // private
  refuse({{"url", "https://169.254.169.254/latest/meta-data/"}}, "url");  // cloud metadata
  refuse({{"url", "https://[::1]/x"}}, "url");
  refuse({{"url", "https://localhost/x"}}, "url");
  refuse({{"url", "ftp://hooks.example.org/x"}}, "url");
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/webhooks", json{{"url", "https://hooks.example.org/x"}}.dump()), 422,
                         "event_types"));
  EXPECT_EQ(call("GET", "/api/v1/webhooks?limit=200").json_body()["items"].size(), before + 1);

  // Admins only.
  for (const std::string role : {"governance", "transformation", "viewer"}) {
    EXPECT_TRUE(
        is_problem(call("POST", "/api/v1/webhooks",
                        json{{"url", "https://hooks.example.org/x"}, {"event_types", {"vote.closed"}}}.dump(), role),
                   403))
        << role;
    EXPECT_TRUE(is_problem(call("GET", "/api/v1/webhooks", "", role), 403)) << role;
  }

  // PATCH under If-Match: 428 without, 412 when stale, and the rules again.
  const std::string path = "/api/v1/webhooks/" + id_of(s);
  EXPECT_TRUE(is_problem(call("PATCH", path, json{{"description", "x"}}.dump()), 428));
  EXPECT_TRUE(is_problem(call("PATCH", path, json{{"description", "x"}}.dump(), "admin", {"If-Match: \"9\""}), 412));
  EXPECT_TRUE(is_problem(
      call("PATCH", path, json{{"url", "https://192.168.1.1/"}}.dump(), "admin", {"If-Match: \"1\""}), 422, "url"));
  EXPECT_TRUE(
      is_problem(call("PATCH", path, json{{"enabled", false}}.dump(), "admin", {"If-Match: \"1\""}), 400, "enabled"));
  auto patched = call("PATCH", path, json{{"event_types", {"milestone.overdue"}}}.dump(), "admin", {"If-Match: \"1\""});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json_body()["event_types"], json({"milestone.overdue"}));

  // Disabled with a reason, enabled again.
  auto off = call("POST", path + "/disable", json{{"reason", "Channel archived"}}.dump(), "admin", {"If-Match: \"2\""});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json_body()["enabled"].get<bool>());
  EXPECT_EQ(off.json_body()["disabled_reason"], "Channel archived");
  auto on = call("POST", path + "/enable", "", "admin", {"If-Match: \"3\""});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json_body()["enabled"].get<bool>());
  EXPECT_TRUE(on.json_body()["disabled_reason"].is_null());
  EXPECT_TRUE(is_problem(call("GET", "/api/v1/webhooks/00000000-0000-4000-8000-000000000000"), 404));
}

TEST_F(Webhooks, EveryEventTypeComesFromARealWriteSignedAndVerified) {
  const std::vector<std::string> all = {"milestone.created",
                                        "milestone.updated",
                                        "milestone.rag_changed",
                                        "milestone.overdue",
                                        "decision.created",
                                        "decision.ratified",
                                        "decision.superseded",
                                        "vote.closed",
                                        "caveat.status_changed",
                                        "caveat.overdue",
                                        "appointment.started",
                                        "appointment.ended",
                                        "consultation.response_received",
                                        "comment.hidden"};
  const auto s = subscribe("every", all);
  const auto day = [](int offset) {
    const auto t = std::chrono::system_clock::now() + std::chrono::hours(24 * offset);
    const std::time_t c = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&c, &tm);
    char out[11];
    std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
    return std::string(out);
  };

  // Milestones: created; a slip that turns it red is an update and a RAG change.
  auto p = programme();
  auto m = milestone(p, {{"baseline_date", day(60)}, {"forecast_date", day(60)}});
  ASSERT_EQ(progress(m, {{"forecast_date", "2099-12-31"}}).status, 201);
  // One whose forecast passed yesterday: overdue, announced once by the sweep.
  auto late = milestone(p, {{"baseline_date", day(-1)}, {"forecast_date", day(-1)}, {"status", "in_progress"}});

  // Decisions: created, ratified, and superseded by a later one.
  auto org = make_organisation();
  json outcomes = {{{"organisation_id", org["id"]}, {"outcome", "approved"}}};
  auto d = call("POST", "/api/v1/decisions",
                json{{"title", unique("Decision")}, {"decided_on", "2019-07-01"}, {"outcomes", outcomes}}.dump(),
                "governance");
  ASSERT_EQ(d.status, 201) << d.body;
  ASSERT_EQ(
      call("POST", "/api/v1/decisions/" + id_of(d.json_body()) + "/ratify", "", "governance", {"If-Match: *"}).status,
      200);
  auto later = call("POST", "/api/v1/decisions",
                    json{{"title", unique("Decision")},
                         {"decided_on", "2019-08-01"},
                         {"outcomes", outcomes},
                         {"supersedes_id", d.json_body()["id"]}}
                        .dump(),
                    "governance");
  ASSERT_EQ(later.status, 201) << later.body;

  // A vote closed; its caveat's status changed; another caveat overdue since yesterday.
  auto v =
      call("POST", "/api/v1/votes",
           json{{"motion", unique("Motion")}, {"kind", "approval"}, {"opened_on", "2019-05-01"}, {"body_id", org["id"]}}
               .dump(),
           "governance");
  ASSERT_EQ(v.status, 201) << v.body;
  auto c = call("POST", "/api/v1/votes/" + id_of(v.json_body()) + "/caveats",
                json{{"text", unique("Caveat")}, {"added_on", "2019-05-10"}}.dump(), "governance");
  ASSERT_EQ(c.status, 201) << c.body;
  auto overdue_caveat =
      call("POST", "/api/v1/votes/" + id_of(v.json_body()) + "/caveats",
           json{{"text", unique("Caveat")}, {"added_on", "2019-05-10"}, {"due_on", day(-1)}}.dump(), "governance");
  ASSERT_EQ(overdue_caveat.status, 201) << overdue_caveat.body;
  ASSERT_EQ(call("POST", "/api/v1/votes/" + id_of(v.json_body()) + "/close",
                 json{{"closed_on", "2019-05-20"}, {"votes_for", 20}, {"votes_against", 5}}.dump(), "governance",
                 {"If-Match: *"})
                .status,
            200);
  ASSERT_EQ(call("PATCH", "/api/v1/caveats/" + id_of(c.json_body()), json{{"status", "accepted"}}.dump(), "governance",
                 {"If-Match: *"})
                .status,
            200);

  // An appointment that started three days ago and ended yesterday.
  auto person = call("POST", "/api/v1/people", json{{"full_name", unique("Person")}}.dump()).json_body();
  auto a = call("POST", "/api/v1/appointments",
                json{{"person_id", person["id"]},
                     {"role", "chair"},
                     {"organisation_ids", {org["id"]}},
                     {"starts_on", day(-3)},
                     {"ends_on", day(-1)}}
                    .dump(),
                "governance");
  ASSERT_EQ(a.status, 201) << a.body;

  // A response from the public, and its comment hidden by a moderator's report.
  auto consultation = call("POST", "/api/v1/consultations",
                           json{{"title", unique("Consultation")},
                                {"opens_on", "2019-05-13"},
                                {"closes_on", "2099-07-31"},
                                {"document",
                                 {{"title", "Consultation document"},
                                  {"url", "https://example.org/sco.pdf"},
                                  {"size_bytes", 196608},
                                  {"media_type", "application/pdf"}}}}
                               .dump(),
                           "engagement");
  ASSERT_EQ(consultation.status, 201) << consultation.body;
  const std::string words = "My neighbour Jo Bloggs at 1 High Street says keep it local";
  auto response = call("POST", "/api/v1/consultations/" + id_of(consultation.json_body()) + "/responses",
                       json{{"position", "keep_current_system"},
                            {"respondent_type", "public"},
                            {"comments_on_proposal", words},
                            {"consent_to_publish", true}}
                           .dump(),
                       "", {"X-Forwarded-For: 203.0.113.7"});
  ASSERT_EQ(response.status, 201) << response.body;
  ASSERT_EQ(call("POST", "/api/v1/responses/" + id_of(response.json_body()) + "/reports",
                 json{{"reason", "Names a private person"}}.dump(), "engagement")
                .status,
            202);

  std::set<std::string> types;
  ASSERT_TRUE(eventually([&] {
    types.clear();
    for (const auto& r : verified("every")) types.insert(r["type"].get<std::string>());
    return types.size() == all.size();
  })) << "received: "
      << json(types).dump();

  std::map<std::string, int> overdue_count;
  for (const auto& r : verified("every")) {
    const auto& payload = r["payload"];
    EXPECT_EQ(payload["type"], r["type"]);
    EXPECT_TRUE(payload["timestamp"].is_string());
    EXPECT_TRUE(payload["data"]["record"].is_object()) << payload.dump();
    EXPECT_EQ(r["id"].get<std::string>().rfind("msg_", 0), 0u);
    // Never what a member of the public wrote.
    EXPECT_EQ(r["body"].get<std::string>().find("Bloggs"), std::string::npos) << r["body"];
    const std::string type = payload["type"];
    const auto& record = payload["data"]["record"];
    if (type == "milestone.rag_changed") {
      EXPECT_EQ(record["id"], m["id"]);
      EXPECT_EQ(payload["data"]["changes"]["rag"]["to"], "red") << payload.dump();
    }
    if (type == "milestone.updated" && record["id"] == m["id"]) {
      EXPECT_EQ(payload["data"]["changes"]["forecast_date"]["to"], "2099-12-31");
    }
    if (type == "milestone.overdue") {
      EXPECT_EQ(record["id"], late["id"]);
      EXPECT_TRUE(record["overdue"].get<bool>());
    }
    if (type == "decision.superseded") {
      EXPECT_EQ(record["id"], d.json_body()["id"]);
    }
    if (type == "caveat.status_changed") {
      EXPECT_EQ(payload["data"]["changes"]["status"]["to"], "accepted");
    }
    if (type == "caveat.overdue") {
      EXPECT_EQ(record["id"], overdue_caveat.json_body()["id"]);
    }
    if (type == "comment.hidden") {
      EXPECT_EQ(record["hidden_by"], "moderator");
    }
    if (type.ends_with(".overdue") || type.starts_with("appointment.")) ++overdue_count[type];
  }
  // The sweep runs every second: the events of a date are still announced once each.
  std::this_thread::sleep_for(2500ms);
  std::map<std::string, int> again;
  for (const auto& r : verified("every"))
    if (r["type"].get<std::string>().ends_with(".overdue") || r["type"].get<std::string>().starts_with("appointment."))
      ++again[r["type"].get<std::string>()];
  EXPECT_EQ(again, overdue_count);
  for (const auto& [type, n] : again) EXPECT_EQ(n, 1) << type;

  // Every delivery is listed as succeeded with its attempt.
  for (const auto& dl : all_deliveries(s)) {
    EXPECT_EQ(dl["status"], "succeeded") << dl.dump();
    ASSERT_FALSE(dl["attempt_log"].empty());
    EXPECT_EQ(dl["attempt_log"].back()["status"], 204);
  }
}

TEST_F(Webhooks, RetriesKeepTheIdAndOneRecordsEventsArriveInOrder) {
  const auto s = subscribe("ordered", {"milestone.updated"});
  auto p = programme();
  auto m = milestone(p);
  receiver().set_mode("fail");
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(progress(m, {{"percent_complete", i * 10}, {"comment", "step " + std::to_string(i)}}).status, 201);
  // The first is tried again and again; the others wait behind it (order per record).
  ASSERT_TRUE(eventually([&] { return receiver().received("ordered").size() >= 3; }));
  for (const auto& r : receiver().received("ordered"))
    EXPECT_EQ(r["id"], receiver().received("ordered").front()["id"]) << "only the first is tried while it fails";
  receiver().set_mode("ok");
  ASSERT_TRUE(eventually([&] {
    std::set<std::string> ok;
    for (const auto& r : receiver().received("ordered"))
      if (r["mode"] == "ok") ok.insert(r["id"].get<std::string>());
    return ok.size() == 3;
  }));
  // In order of the writes: each first answered delivery carries the next percentage.
  std::vector<int> percents;
  std::map<std::string, std::string> body_of;
  for (const auto& r : verified("ordered")) {
    const std::string id = r["id"];
    if (body_of.count(id)) {
      EXPECT_EQ(body_of[id], r["body"]) << "one id, one body, on every attempt";
    }
    body_of[id] = r["body"];
    if (r["mode"] == "ok") percents.push_back(r["payload"]["data"]["record"]["percent_complete"]);
  }
  EXPECT_EQ(percents, (std::vector<int>{10, 20, 30}));
  const auto listed = all_deliveries(s);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_GE(listed[0]["attempts"].get<int>(), 3);
  const auto& first_try = listed[0]["attempt_log"][0];
  EXPECT_EQ(first_try["status"], 500);
  EXPECT_EQ(first_try["response"], "receiver failing on purpose");
  EXPECT_GE(first_try["latency_ms"].get<int>(), 0);
  // Results are recorded in batches: the last answer may reach the log a moment after the
  // receiver has it.
  EXPECT_TRUE(eventually(
      [&] {
        for (const auto& dl : all_deliveries(s))
          if (dl["status"] != "succeeded") return false;
        return true;
      },
      std::chrono::seconds(10)));
}

TEST_F(Webhooks, ReceiverDownSlowResettingOrRedirectingIsRetriedUntilItAnswers) {
  struct Fault {
    std::string mode;
    std::string error;  // what the attempt log says
  };
  const std::vector<Fault> faults = {{"down", "onnect"},
                                     {"slow", "timed out"},
                                     {"reset", ""},
                                     {"redirect", "redirects are not followed"},
                                     {"fail", "HTTP 500"}};
  for (const auto& f : faults) {
    SCOPED_TRACE(f.mode);
    const std::string name = "fault-" + f.mode;
    const auto s = subscribe(name, {"milestone.created"});
    if (f.mode == "down")
      receiver().stop();
    else
      receiver().set_mode(f.mode);
    auto m = milestone(programme());
    ASSERT_TRUE(eventually([&] {
      auto d = all_deliveries(s);
      return d.size() == 1 && d[0]["attempts"].get<int>() >= 2 && d[0]["attempt_log"].size() >= 2;
    }));
    const auto failing = all_deliveries(s)[0];
    EXPECT_EQ(failing["status"], "pending");
    EXPECT_NE(failing["attempt_log"][0]["error"].get<std::string>().find(f.error), std::string::npos) << failing.dump();
    if (f.mode == "down") receiver().start();
    receiver().set_mode("ok");
    ASSERT_TRUE(eventually([&] { return all_deliveries(s)[0]["status"] == "succeeded"; })) << all_deliveries(s)[0];
    std::set<std::string> ids;
    for (const auto& r : verified(name)) ids.insert(r["id"].get<std::string>());
    EXPECT_EQ(ids, std::set<std::string>{failing["message_id"].get<std::string>()});
    EXPECT_EQ(verified(name).back()["payload"]["data"]["record"]["id"], m["id"]);
  }
}

TEST_F(Webhooks, FailingForTheWholeWindowFailsTheDeliveryAndDisablesTheSubscription) {
  const auto s = subscribe("doomed", {"milestone.created"});
  receiver().set_mode("fail");
  auto m = milestone(programme());
  // Given up after 5 s (the tests' window for a day).
  ASSERT_TRUE(eventually([&] { return all_deliveries(s)[0]["status"] == "failed"; }, 15s)) << all_deliveries(s)[0];
  auto sub = call("GET", "/api/v1/webhooks/" + id_of(s)).json_body();
  ASSERT_TRUE(eventually(
      [&] {
        sub = call("GET", "/api/v1/webhooks/" + id_of(s)).json_body();
        return !sub["enabled"].get<bool>();
      },
      15s))
      << sub;
  EXPECT_NE(sub["disabled_reason"].get<std::string>().find("HTTP 500"), std::string::npos) << sub;
  EXPECT_TRUE(sub["failing_since"].is_string());
  // A disabled subscription is offered nothing new.
  receiver().set_mode("ok");
  const auto failed = all_deliveries(s)[0];
  milestone(programme());
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(all_deliveries(s).size(), 1u);
  // Enabled again and the failed delivery sent again, under its id.
  ASSERT_EQ(call("POST", "/api/v1/webhooks/" + id_of(s) + "/enable", "", "admin", {"If-Match: *"}).status, 200);
  auto retried = call("POST", "/api/v1/webhooks/" + id_of(s) + "/deliveries/" + id_of(failed) + "/retry", "", "admin");
  ASSERT_EQ(retried.status, 202) << retried.body;
  EXPECT_EQ(retried.json_body()["status"], "pending");
  ASSERT_TRUE(eventually([&] { return all_deliveries(s)[0]["status"] == "succeeded"; }));
  EXPECT_EQ(verified("doomed").back()["id"], failed["message_id"]);
  EXPECT_EQ(verified("doomed").back()["payload"]["data"]["record"]["id"], m["id"]);
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/webhooks/" + id_of(s) + "/deliveries/00000000-0000-4000-8000-000000000000/retry",
                      "", "admin"),
                 404));
}

TEST_F(Webhooks, ARotatedSecretSignsBesideTheOldOneForTheOverlap) {
  const auto s = subscribe("rotated", {"milestone.created"});
  const std::string old_secret = s["secret"];
  auto rotated = call("POST", "/api/v1/webhooks/" + id_of(s) + "/rotate-secret", "", "admin", {"If-Match: *"});
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_secret = rotated.json_body()["secret"];
  EXPECT_NE(new_secret, old_secret);
  EXPECT_TRUE(rotated.json_body()["previous_secret_expires_at"].is_string());
  // A receiver that still has only the old secret verifies, and one with only the new one too.
  for (const auto& secret : {old_secret, new_secret}) {
    receiver().set_secrets("rotated", {secret});
    const auto seen = receiver().received("rotated").size();
    milestone(programme());
    ASSERT_TRUE(eventually([&] { return receiver().received("rotated").size() > seen; }));
    EXPECT_TRUE(receiver().received("rotated").back()["verified"].get<bool>()) << receiver().received("rotated").back();
  }
}

TEST_F(Webhooks, AWriteThatDoesNotCommitAnnouncesNothing) {
  const auto s = subscribe("uncommitted", {"milestone.updated", "milestone.created"});
  auto p = programme();
  auto m = milestone(p);
  ASSERT_TRUE(eventually([&] { return all_deliveries(s).size() == 1; }));
  // Refused writes: a stale version, a rule broken, a closed programme.
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/milestones/" + id_of(m) + "/updates",
                      json{{"comment", "x"}, {"percent_complete", 5}}.dump(), "transformation", {"If-Match: \"99\""}),
                 412));
  EXPECT_TRUE(is_problem(progress(m, {{"percent_complete", 101}}), 422, "percent_complete"));
  EXPECT_TRUE(is_problem(
      call("POST", "/api/v1/programmes/" + id_of(p) + "/milestones",
           json{{"key", "bad"}, {"title", "x"}, {"workstream", "nope"}, {"baseline_date", "2099-01-01"}}.dump(),
           "transformation"),
      422));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(all_deliveries(s).size(), 1u);
}

// Two replicas on their own database: the first is killed while its receiver holds the
// request; the second delivers the same message, under the same id, once the lease runs out.
TEST(WebhooksReplicas, AReplicaKilledMidDeliveryIsDeliveredByAnotherUnderTheSameId) {
  WebhookReceiver receiver(20000);
  auto env = kFast;
  env["INCOMMON_WEBHOOK_TIMEOUT_MS"] = "3000";  // a lease of 7 s
  auto a = std::make_unique<ServerProcess>("webhooks_a", env);
  const std::string auth = "Authorization: Bearer " + a->admin_token();
  HttpClient ca(a->base_url());
  auto sub = ca.request("POST", "/api/v1/webhooks",
                        json{{"url", receiver.url("killed")}, {"event_types", {"programme.x"}}}.dump(), {auth});
  ASSERT_EQ(sub.status, 422) << "programme.x is no event type";
  sub = ca.request("POST", "/api/v1/webhooks",
                   json{{"url", receiver.url("killed")}, {"event_types", {"decision.created"}}}.dump(), {auth});
  ASSERT_EQ(sub.status, 201) << sub.body;
  receiver.set_secrets("killed", {sub.json_body()["secret"].get<std::string>()});
  receiver.set_mode("slow");
  auto org =
      ca.request("POST", "/api/v1/organisations", json{{"name", "Killed replica CCG"}, {"type", "ccg"}}.dump(), {auth});
  ASSERT_EQ(org.status, 201) << org.body;
  auto d = ca.request("POST", "/api/v1/decisions",
                      json{{"title", "Decided while a replica died"},
                           {"decided_on", "2019-07-01"},
                           {"outcomes", {{{"organisation_id", org.json_body()["id"]}, {"outcome", "approved"}}}}}
                          .dump(),
                      {auth});
  ASSERT_EQ(d.status, 201) << d.body;
  ASSERT_TRUE(eventually([&] { return receiver.received("killed").size() == 1; }));
  a->kill_now();  // mid-request: the receiver is still holding it
  receiver.set_mode("ok");
  auto b = std::make_unique<ServerProcess>("webhooks_b", a.get(), env);
  ASSERT_TRUE(eventually([&] { return receiver.received("killed").size() >= 2; }, 20s));
  const auto got = receiver.received("killed");
  EXPECT_EQ(got[0]["id"], got[1]["id"]) << "the same message, under the same webhook-id";
  EXPECT_EQ(got[0]["body"], got[1]["body"]);
  for (const auto& r : got) EXPECT_TRUE(r["verified"].get<bool>()) << r;
  HttpClient cb(b->base_url());
  auto listed =
      cb.request("GET", "/api/v1/webhooks/" + sub.json_body()["id"].get<std::string>() + "/deliveries", "", {auth});
  ASSERT_EQ(listed.status, 200);
  const auto dl = listed.json_body()["items"][0];
  EXPECT_EQ(dl["status"], "succeeded") << dl;
  EXPECT_EQ(dl["attempts"], 2) << "the attempt the killed replica began counts";
  std::cout << "[ figures  ] replica killed: 1 event, 1 delivery, " << got.size() << " arrivals, "
            << dl["attempts"].get<int>() << " attempts, 1 id\n";
}

// The database restarted while writes go on: every acknowledged write's event arrives, none
// twice under different ids, nothing for a write that was refused.
TEST(WebhooksOutage, TheDatabaseRestartedUnderWritesLosesNoEvent) {
  OwnCluster cluster("webhooks-outage");
  setenv("INCOMMON_TEST_DATABASE_URL", cluster.url().c_str(), 1);
  WebhookReceiver receiver;
  ServerProcess server("webhooks_outage", kFast);
  const std::string auth = "Authorization: Bearer " + server.admin_token();
  HttpClient c(server.base_url());
  auto sub = c.request("POST", "/api/v1/webhooks",
                       json{{"url", receiver.url("outage")}, {"event_types", {"decision.created"}}}.dump(), {auth});
  ASSERT_EQ(sub.status, 201) << sub.body;
  receiver.set_secrets("outage", {sub.json_body()["secret"].get<std::string>()});
  auto org = c.request("POST", "/api/v1/organisations", json{{"name", "Outage CCG"}, {"type", "ccg"}}.dump(), {auth});
  ASSERT_EQ(org.status, 201);
  std::set<std::string> acknowledged;
  int refused = 0;
  const auto decide = [&](int i) {
    try {
      auto r = c.request("POST", "/api/v1/decisions",
                         json{{"title", "Outage decision " + std::to_string(i)},
                              {"decided_on", "2019-07-01"},
                              {"outcomes", {{{"organisation_id", org.json_body()["id"]}, {"outcome", "approved"}}}}}
                             .dump(),
                         {auth});
      if (r.status == 201)
        acknowledged.insert(r.json_body()["id"].get<std::string>());
      else
        ++refused;
    } catch (const std::exception&) {
      ++refused;
    }
  };
  int i = 0;
  for (; i < 20; ++i) decide(i);
  std::thread restart([&] { cluster.run("restart"); });
  for (; i < 60; ++i) {
    decide(i);
    std::this_thread::sleep_for(20ms);
  }
  restart.join();
  for (; i < 80; ++i) decide(i);
  std::map<std::string, std::set<std::string>> ids_of_record;  // decision id -> webhook ids
  ASSERT_TRUE(eventually(
      [&] {
        ids_of_record.clear();
        for (const auto& r : receiver.received("outage")) {
          if (!r["verified"].get<bool>()) continue;
          auto payload = json::parse(r["body"].get<std::string>());
          ids_of_record[payload["data"]["record"]["id"].get<std::string>()].insert(r["id"].get<std::string>());
        }
        std::size_t delivered = 0;
        for (const auto& id : acknowledged) delivered += ids_of_record.count(id);
        return delivered == acknowledged.size();
      },
      30s));
  std::size_t arrivals = receiver.received("outage").size();
  for (const auto& id : acknowledged) EXPECT_EQ(ids_of_record[id].size(), 1u) << "decision " << id;
  // What committed is what was announced: a write whose answer was lost in the restart may
  // have committed (and is announced), one that did not commit is not.
  std::set<std::string> committed;
  // A pooled connection may still be in its reconnect back-off after the restart (503 with
  // Retry-After): asked again, as a client would.
  Response listed;
  eventually([&] {
    listed = c.request("GET", "/api/v1/decisions?limit=200", "", {auth});
    return listed.status == 200;
  });
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto page = listed.json_body();
  for (const auto& item : page["items"]) committed.insert(item["id"].get<std::string>());
  std::set<std::string> announced;
  for (const auto& [id, ids] : ids_of_record) {
    announced.insert(id);
    EXPECT_EQ(ids.size(), 1u) << "decision " << id << " under two ids";
  }
  EXPECT_EQ(announced, committed);
  for (const auto& r : receiver.received("outage")) EXPECT_TRUE(r["verified"].get<bool>());
  std::cout << "[ figures  ] database restart: " << acknowledged.size() << " writes acknowledged, " << refused
            << " refused, " << ids_of_record.size() << " events delivered, " << arrivals << " arrivals\n";
}
