#include "server/webhooks/deliverer.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "domain/core/instant.hpp"
#include "server/handlers/events.hpp"
#include "server/http/log.hpp"
#include "server/webhooks/destination.hpp"
#include "server/webhooks/signature.hpp"

namespace incommon::webhooks {

namespace {

constexpr std::size_t kResponseKept = 1024;  // the first KiB of an answer is recorded

// One attempt in flight.
struct InFlight {
  db::ClaimedDelivery delivery;
  bool allowed_host = false;
  std::string refused;  // why the connect-time check refused an address
  std::string response;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  std::string started_at;
  std::chrono::steady_clock::time_point started;
};

std::size_t keep_start(char* data, std::size_t size, std::size_t count, void* user) {
  auto* f = static_cast<InFlight*>(user);
  const std::size_t n = size * count;
  if (f->response.size() < kResponseKept) f->response.append(data, std::min(n, kResponseKept - f->response.size()));
  return n;  // read the rest, and drop it
}

// Every address libcurl is about to connect to is checked here, after its own resolution: a
// name that resolved to a public address when subscribing and to a private one now is refused.
curl_socket_t open_checked(void* user, curlsocktype, curl_sockaddr* address) {
  auto* f = static_cast<InFlight*>(user);
  std::string why;
  if (!f->allowed_host && !public_address(&address->addr, &why)) {
    f->refused = "refused to connect to " + why;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::string worker_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace

db::RetryPolicy Deliverer::policy_of(const WebhookConfig& c) {
  db::RetryPolicy p;
  p.first = std::chrono::milliseconds(c.first_retry_ms);
  p.give_up_after = std::chrono::seconds(c.give_up_seconds);
  return p;
}

Deliverer::Deliverer(db::Database& db, WebhookConfig config)
    : db_(db), config_(std::move(config)), worker_(worker_name()), multi_(curl_multi_init()) {
  thread_ = std::thread([this] { run(); });
}

Deliverer::~Deliverer() {
  stopping_ = true;
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  thread_.join();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void Deliverer::run() {
  auto* multi = static_cast<CURLM*>(multi_);
  const auto policy = policy_of(config_);
  // A lease outlasts the attempt it covers: another server takes it over only once this one
  // must have given up (or died).
  const auto lease = std::chrono::seconds((2 * config_.timeout_ms + 1000 + 999) / 1000);
  const auto poll = std::chrono::milliseconds(config_.poll_ms);
  std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::map<CURL*, std::unique_ptr<InFlight>> in_flight;
  std::vector<db::AttemptOutcome> finished;  // recorded together, once per turn of the loop
  const std::function<double()> draw = [&] { return unit(random); };
  auto record = [&] {
    if (finished.empty()) return;
    if (auto ok = db::record_attempts(db_, worker_, finished, policy, draw); !ok)
      log::warn("webhook_record_failed",
                {{"detail", ok.error().detail}, {"attempts", static_cast<std::int64_t>(finished.size())}});
    for (const auto& o : finished)
      if (!o.succeeded)
        log::info("webhook_attempt_failed",
                  {{"delivery_id", o.delivery_id}, {"attempt", o.attempt}, {"error", o.error.value_or("")}});
    finished.clear();
  };
  using clock = std::chrono::steady_clock;
  auto next_claim = clock::now();
  auto next_sweep = clock::now() + std::chrono::seconds(1);

  auto start = [&](db::ClaimedDelivery d) {
    auto f = std::make_unique<InFlight>();
    f->delivery = std::move(d);
    auto destination = destination_of(f->delivery.url, config_.allow_hosts);
    CURL* c = curl_easy_init();
    f->started = clock::now();
    f->started_at = Instant::now().to_string();
    if (!destination || !c) {
      db::AttemptOutcome o{f->delivery.id,
                           f->delivery.subscription_id,
                           f->delivery.attempt,
                           f->started_at,
                           0,
                           std::nullopt,
                           destination ? std::string("could not start") : destination.error().detail,
                           std::nullopt,
                           false};
      finished.push_back(std::move(o));
      if (c) curl_easy_cleanup(c);
      return;
    }
    f->allowed_host = destination->allowed_host;
    const auto timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string signature =
        signature_header(f->delivery.message_id, timestamp, f->delivery.body, f->delivery.secrets);
    f->headers = curl_slist_append(f->headers, "content-type: application/json");
    f->headers = curl_slist_append(f->headers, ("webhook-id: " + f->delivery.message_id).c_str());
    f->headers = curl_slist_append(f->headers, ("webhook-timestamp: " + std::to_string(timestamp)).c_str());
    f->headers = curl_slist_append(f->headers, ("webhook-signature: " + signature).c_str());
    f->headers = curl_slist_append(f->headers, "expect:");
    curl_easy_setopt(c, CURLOPT_URL, destination->url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, destination->allowed_host ? "http,https" : "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_ms));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout_ms));
    curl_easy_setopt(c, CURLOPT_USERAGENT, "incommon-webhooks");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, f->headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, f->delivery.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(f->delivery.body.size()));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->error);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_start);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f.get());
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_checked);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, f.get());
    curl_multi_add_handle(multi, c);
    in_flight.emplace(c, std::move(f));
  };

  auto finish = [&](CURL* c, CURLcode result) {
    auto it = in_flight.find(c);
    if (it == in_flight.end()) return;
    InFlight& f = *it->second;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    db::AttemptOutcome o;
    o.delivery_id = f.delivery.id;
    o.subscription_id = f.delivery.subscription_id;
    o.attempt = f.delivery.attempt;
    o.started_at = f.started_at;
    o.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - f.started).count();
    if (result == CURLE_OK) {
      o.status = static_cast<int>(status);
      o.response = f.response;
      o.succeeded = status >= 200 && status < 300;
      if (!o.succeeded)
        o.error = status >= 300 && status < 400 ? "HTTP " + std::to_string(status) + ": redirects are not followed"
                                                : "HTTP " + std::to_string(status);
    } else {
      o.error = !f.refused.empty() ? f.refused : (f.error[0] ? std::string(f.error) : curl_easy_strerror(result));
      if (status) o.status = static_cast<int>(status);
    }
    finished.push_back(std::move(o));
    curl_multi_remove_handle(multi, c);
    curl_slist_free_all(f.headers);
    curl_easy_cleanup(c);
    in_flight.erase(it);
  };

  while (!stopping_) {
    const auto now = clock::now();
    const int room = config_.concurrency - static_cast<int>(in_flight.size());
    if (room > 0 && now >= next_claim) {
      auto claimed = db::claim_deliveries(db_, worker_, room, lease);
      if (!claimed) {
        next_claim = now + poll * 4;
      } else {
        const bool full = static_cast<int>(claimed->size()) == room;
        for (auto& d : *claimed) start(std::move(d));
        next_claim = full ? now : now + poll;
      }
    }
    if (now >= next_sweep) {
      if (auto ok = http::announce_dated_events(db_, Date::today_utc(), 30); !ok)
        log::warn("webhook_sweep_failed", {{"detail", ok.error().detail}});
      next_sweep = now + std::chrono::seconds(config_.sweep_seconds);
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    bool freed = false;
    while (CURLMsg* m = curl_multi_info_read(multi, &queued))
      if (m->msg == CURLMSG_DONE) {
        finish(m->easy_handle, m->data.result);
        freed = true;
      }
    record();
    // Room again: look for more at once (while there is a backlog each claim finds some).
    if (freed) next_claim = std::min(next_claim, clock::now());
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_claim - clock::now());
    if (room <= 0 || wait > poll) wait = poll;
    if (wait.count() > 0) curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
  }
  // What is still in flight is left to its lease: another server (or this one, restarted)
  // sends it again under the same id.
  for (auto& [c, f] : in_flight) {
    curl_multi_remove_handle(multi, c);
    curl_slist_free_all(f->headers);
    curl_easy_cleanup(c);
  }
}

}  // namespace incommon::webhooks
