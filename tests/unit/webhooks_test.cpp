// Standard Webhooks signatures, as the standard's own `standardwebhooks` npm library makes
// them, and the addresses a webhook may never be delivered to.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "domain/webhooks/webhook.hpp"
#include "persistence/webhook_queue.hpp"
#include "server/webhooks/destination.hpp"
#include "server/webhooks/signature.hpp"

using namespace incommon;
using namespace incommon::webhooks;

TEST(WebhookSignature, IsTheStandardsHmacUnderEachSecret) {
  // Made with standardwebhooks 1.1.1: new Webhook(secret).sign(id, new Date(1560420000000), body).
  const std::string body = R"({"type":"milestone.updated","timestamp":"2019-06-13T10:00:00Z","data":{"key":"M07"}})";
  const std::string id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  EXPECT_EQ(signature_header(id, 1560420000, body, {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}),
            "v1,IqIGxh7iKHcM8WXwZhR+4pTSODNK5fh3L5K8rR3xgA4=");
  // While a rotated secret overlaps, both sign: a receiver holding either verifies.
  EXPECT_EQ(signature_header(
                id, 1560420000, body,
                {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_YW5vdGhlciBrZXkgb2YgdGhpcnR5LXR3byBieXRlcyE="}),
            "v1,IqIGxh7iKHcM8WXwZhR+4pTSODNK5fh3L5K8rR3xgA4= v1,KfV0uhzZIXaEcfFWbdAgZKqlsmhBN4XRhI2WyZULfAk=");
  EXPECT_NE(signature_header(id, 1560420001, body, {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}),
            signature_header(id, 1560420000, body, {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}));
}

TEST(WebhookSignature, SecretsAreWhsecAndThirtyTwoRandomBytes) {
  const auto a = new_secret(), b = new_secret();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.rfind("whsec_", 0), 0u);
  ASSERT_TRUE(key_of(a));
  EXPECT_EQ(key_of(a)->size(), 32u);
  EXPECT_FALSE(key_of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));  // no prefix
  EXPECT_FALSE(key_of("whsec_"));
  EXPECT_FALSE(key_of("whsec_not base64!"));
  EXPECT_THROW(signature_header("msg_1", 1, "{}", {"plain"}), std::invalid_argument);
}

TEST(WebhookDestination, OnlyHttpsToPublicAddressesUnlessTheHostIsAllowed) {
  const std::set<std::string> none;
  auto ok = destination_of("https://hooks.example.org/incommon?x=1", none);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->host, "hooks.example.org");
  EXPECT_EQ(ok->port, 443);
  EXPECT_TRUE(destination_of("https://93.184.216.34:8443/hook", none));
  EXPECT_TRUE(destination_of("https://[2606:4700:4700::1111]/hook", none));
  for (const char* bad : {"http://hooks.example.org/",
                          "ftp://hooks.example.org/",
                          "file:///etc/passwd",
                          "https://user:pw@hooks.example.org/",
                          "https://hooks.example.org/#x",
                          "not a url",
                          "https://localhost/",
                          "https://LOCALHOST./",
                          "https://127.0.0.1/",
                          "https://10.1.2.3/",
                          "https://172.16.0.1/",
                          "https://192.168.1.1/",
                          "https://169.254.169.254/latest/meta-data/",
                          "https://100.64.0.1/",
                          "https://0.0.0.0/",
                          "https://[::1]/",
                          "https://[fd00:ec2::254]/",
                          "https://[fe80::1]/",
                          "https://[::ffff:127.0.0.1]/",
                          "https://[64:ff9b::a9fe:a9fe]/",
                          "https://[2002:7f00:1::]/",
                          "https://224.0.0.1/"}) {
    auto r = destination_of(bad, none);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().errors.at(0).field, "url") << bad;
    }
  }
  // A listed host (the tests' loopback receiver) may be any address, over http too.
  const std::set<std::string> loopback{"127.0.0.1"};
  auto allowed = destination_of("http://127.0.0.1:18999/hook", loopback);
  ASSERT_TRUE(allowed) << allowed.error().detail;
  EXPECT_TRUE(allowed->allowed_host);
  EXPECT_EQ(allowed->port, 18999);
}

TEST(WebhookDestination, ResolvedAddressesAreJudgedByTheirRange) {
  auto v4 = [](const char* text) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, text, &a.sin_addr);
    return a;
  };
  auto v6 = [](const char* text) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    inet_pton(AF_INET6, text, &a.sin6_addr);
    return a;
  };
  std::string why;
  auto metadata = v4("169.254.169.254");
  EXPECT_FALSE(public_address(reinterpret_cast<sockaddr*>(&metadata), &why));
  EXPECT_NE(why.find("metadata"), std::string::npos) << why;
  auto mapped = v6("::ffff:10.0.0.1");
  EXPECT_FALSE(public_address(reinterpret_cast<sockaddr*>(&mapped), &why));
  EXPECT_NE(why.find("10.0.0.0/8"), std::string::npos) << why;
  auto world = v4("8.8.8.8");
  EXPECT_TRUE(public_address(reinterpret_cast<sockaddr*>(&world)));
  auto world6 = v6("2a00:1450:4009:81f::200e");
  EXPECT_TRUE(public_address(reinterpret_cast<sockaddr*>(&world6)));
  EXPECT_FALSE(public_address(nullptr));
}

TEST(WebhookSubscriptionRules, EventTypesAreKnownOnceEachAndNeverNone) {
  WebhookSubscription s;
  s.url = "https://hooks.example.org/incommon";
  s.event_types = {"milestone.rag_changed", "caveat.overdue"};
  EXPECT_TRUE(validate(s));
  for (const auto& types : std::vector<std::vector<std::string>>{
           {}, {"milestone.exploded"}, {"vote.closed", "vote.closed"}, {"Milestone.Created"}}) {
    s.event_types = types;
    auto ok = validate(s);
    ASSERT_FALSE(ok);
    EXPECT_EQ(ok.error().errors.front().field, "event_types");
  }
  s.event_types = {"vote.closed"};
  s.description = std::string(2001, 'x');
  EXPECT_FALSE(validate(s));
  for (auto type : kWebhookEventTypes) EXPECT_TRUE(is_webhook_event_type(type)) << type;
}

TEST(WebhookRetries, BackOffFourfoldFromFiveSecondsToSixHoursWithJitter) {
  const db::RetryPolicy p;  // the defaults: 5 s, x4, at most 6 h, +/- 20 %
  using ms = std::chrono::milliseconds;
  // The middle of the jitter is the schedule the README and the contract give.
  const std::vector<std::int64_t> seconds{5, 20, 80, 320, 1280, 5120, 20480, 21600, 21600};
  for (std::size_t i = 0; i < seconds.size(); ++i)
    EXPECT_EQ(db::retry_delay(p, static_cast<int>(i + 1), 0.5), ms(seconds[i] * 1000)) << "attempt " << i + 1;
  EXPECT_EQ(db::retry_delay(p, 1, 0.0), ms(4000));
  EXPECT_EQ(db::retry_delay(p, 1, 0.999999).count(), 5999);
  // About ten attempts fit in the day before a delivery is failed.
  std::int64_t elapsed = 0;
  int attempts = 1;
  while (elapsed + db::retry_delay(p, attempts, 0.5).count() <= 24LL * 3600 * 1000)
    elapsed += db::retry_delay(p, attempts++, 0.5).count();
  EXPECT_EQ(attempts, 10);
}
