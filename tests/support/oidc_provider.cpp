#include "tests/support/oidc_provider.hpp"

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

OidcProvider::OidcProvider(const std::string& alg, const std::string& claim) {
  const int port = free_port();
  const int control_port = free_port();
  dir_ = std::filesystem::temp_directory_path() /
         ("incommon-oidc-" + std::to_string(getpid()) + "-" + std::to_string(port));
  std::filesystem::create_directories(dir_);
  cert_ = dir_ + "/cert.pem";
  key_ = dir_ + "/key.pem";
  // A certificate for 127.0.0.1, as the issuer URL names it.
  auto [code, out] = run_shell(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
      key_ + " -out " + cert_);
  if (code != 0) throw std::runtime_error("openssl req failed: " + out);
  issuer_ = "https://127.0.0.1:" + std::to_string(port);
  control_url_ = "http://127.0.0.1:" + std::to_string(control_port);
  const int log = open((dir_ + "/provider.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_ = spawn_program(
      "node",
      {std::string(INCOMMON_SOURCE_DIR) + "/tests/oidc/provider.mjs", "--port", std::to_string(port), "--control-port",
       std::to_string(control_port), "--cert", cert_, "--key", key_, "--alg", alg, "--claim", claim},
      {{"NODE_EXTRA_CA_CERTS", cert_}}, log, log);
  close(log);
  for (int i = 0; i < 400; ++i) {
    try {
      if (control("/health").value("up", false)) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("oidc-provider did not start; see " + dir_ + "/provider.log (npm ci installs it)");
}

OidcProvider::~OidcProvider() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

nlohmann::json OidcProvider::control(const std::string& path) {
  HttpClient client(control_url_);
  auto r = client.request("GET", path);
  if (r.status != 200)
    throw std::runtime_error("oidc control " + path + ": " + std::to_string(r.status) + " " + r.body);
  return r.json_body();
}

std::string OidcProvider::token(const std::string& person, const std::string& resource) {
  return control("/token?client=" + person + (resource.empty() ? "" : "&resource=" + resource))["token"];
}
std::string OidcProvider::forge(const std::string& kind) {
  return control("/forge?kind=" + kind)["token"];
}
std::string OidcProvider::rotate() {
  return control("/rotate")["kid"];
}
void OidcProvider::stop() {
  control("/stop");
}
void OidcProvider::start() {
  control("/start");
}
int OidcProvider::jwks_requests() {
  return control("/jwks-requests")["count"];
}

}  // namespace incommon::testing
