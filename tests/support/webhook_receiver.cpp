#include "tests/support/webhook_receiver.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

namespace incommon::testing {

WebhookReceiver::WebhookReceiver(int slow_ms) {
  const int port = free_port();
  const int control_port = free_port();
  dir_ = std::filesystem::temp_directory_path() /
         ("incommon-receiver-" + std::to_string(getpid()) + "-" + std::to_string(port));
  std::filesystem::create_directories(dir_);
  base_ = "http://127.0.0.1:" + std::to_string(port);
  control_url_ = "http://127.0.0.1:" + std::to_string(control_port);
  const int log = open((dir_ + "/receiver.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_ =
      spawn_program("node",
                    {std::string(INCOMMON_SOURCE_DIR) + "/tests/webhooks/receiver.mjs", "--port", std::to_string(port),
                     "--control-port", std::to_string(control_port), "--slow-ms", std::to_string(slow_ms)},
                    {}, log, log);
  close(log);
  for (int i = 0; i < 400; ++i) {
    try {
      if (control("GET", "/health").value("up", false)) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("the webhook receiver did not start; see " + dir_ + "/receiver.log (npm ci installs it)");
}

WebhookReceiver::~WebhookReceiver() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

nlohmann::json WebhookReceiver::control(const std::string& method, const std::string& path, const std::string& body) {
  HttpClient client(control_url_);
  auto r = client.request(method, path, body);
  if (r.status != 200)
    throw std::runtime_error("receiver control " + path + ": " + std::to_string(r.status) + " " + r.body);
  return r.json_body();
}

std::string WebhookReceiver::url(const std::string& name) const {
  return base_ + "/hooks/" + name;
}

void WebhookReceiver::set_secrets(const std::string& name, const std::vector<std::string>& secrets) {
  std::string lines;
  for (const auto& s : secrets) lines += s + "\n";
  control("POST", "/secret/" + name, lines);
}

void WebhookReceiver::set_mode(const std::string& mode) {
  control("POST", "/mode/" + mode);
}
void WebhookReceiver::stop() {
  control("POST", "/stop");
}
void WebhookReceiver::start() {
  control("POST", "/start");
}

nlohmann::json WebhookReceiver::received() {
  return control("GET", "/received");
}

std::vector<nlohmann::json> WebhookReceiver::received(const std::string& name) {
  std::vector<nlohmann::json> out;
  const auto all = received();
  for (const auto& r : all)
    if (r["name"] == name) out.push_back(r);
  return out;
}

}  // namespace incommon::testing
