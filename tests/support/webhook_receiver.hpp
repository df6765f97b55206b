#pragma once
// A webhook receiver on loopback for the api tests: tests/webhooks/receiver.mjs, which verifies
// every delivery with the `standardwebhooks` npm library as a receiver would, answers as the
// test asks (ok, fail, slow, reset, redirect), and lists what arrived.
#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace incommon::testing {

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int slow_ms = 5000);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // Where deliveries for `name` go.
  std::string url(const std::string& name) const;
  // The secrets `name` verifies against (any of them).
  void set_secrets(const std::string& name, const std::vector<std::string>& secrets);
  void set_mode(const std::string& mode);  // ok, fail, slow, reset, redirect
  void stop();                             // the delivery port closes: connections are refused
  void start();
  // Every delivery so far, in arrival order: {name, id, timestamp, verified, error, type, body, mode}.
  nlohmann::json received();
  // Those to `name`.
  std::vector<nlohmann::json> received(const std::string& name);

 private:
  nlohmann::json control(const std::string& method, const std::string& path, const std::string& body = "");
  std::string dir_, base_, control_url_;
  pid_t pid_ = -1;
};

}  // namespace incommon::testing
