// The listener that keeps every server's memory true (tokens, organisations) dying silently:
// a relay of the test's own between one server's listener and PostgreSQL stops forwarding
// without closing. A token revoked through another server must stop working on that one
// within the heartbeat bound, not when the process restarts.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/api_fixture.hpp"
#include "tests/support/tcp_relay.hpp"

using namespace incommon::testing;

namespace {

// The URL with its port replaced.
std::string with_port(const std::string& url, int port) {
  const auto at = url.find('@');
  const auto colon = url.find(':', at);
  const auto slash = url.find('/', colon);
  return url.substr(0, colon + 1) + std::to_string(port) + url.substr(slash);
}

int port_of(const std::string& url) {
  const auto colon = url.find(':', url.find('@'));
  return std::stoi(url.substr(colon + 1));
}

}  // namespace

class Listener : public ApiTest {};

TEST_F(Listener, ASilentlyDeadListenerIsNoticedAndItsMemoryForgotten) {
  const std::string direct = server().database().app_url();
  TcpRelay relay(port_of(direct));
  ServerProcess relayed("listener-relayed", &server(),
                        {{"INCOMMON_LISTEN_DATABASE_URL", with_port(direct, relay.port())}});
  HttpClient frozen_side(relayed.base_url());

  const std::string token = server().token("viewer");
  const std::string bearer = "Authorization: Bearer " + token;
  ASSERT_EQ(frozen_side.request("GET", "/api/v1/organisations", "", {bearer}).status, 200);  // now remembered there
  // The token's id, for revoking it through the other server.
  const std::string id = server().database().query_value(
      "SELECT id FROM tokens WHERE secret_hash = encode(sha256(convert_to('" + token + "', 'UTF8')), 'hex')");
  ASSERT_FALSE(id.empty());

  relay.freeze();
  const auto frozen_at = std::chrono::steady_clock::now();
  auto revoked = call("POST", "/api/v1/tokens/" + id + "/revoke", "{}");
  ASSERT_EQ(revoked.status, 200) << revoked.body;  // the other server's listener heard it
  int status = 200;
  while (status == 200 && std::chrono::steady_clock::now() - frozen_at < std::chrono::seconds(15)) {
    status = frozen_side.request("GET", "/api/v1/organisations", "", {bearer}).status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - frozen_at).count();
  EXPECT_EQ(status, 401) << "the revoked token still works on the frozen server after " << took << " s";
  // The bound: a heartbeat every 2 s that must come back within 3 s, and a moment to notice.
  EXPECT_LT(took, 9.0);
  EXPECT_NE(relayed.log().find("listener_heartbeat_missed"), std::string::npos);

  // Thawed, it listens again and answers as before.
  relay.thaw();
  EXPECT_EQ(frozen_side.request("GET", "/api/v1/organisations", "", {"Authorization: Bearer " + server().admin_token()})
                .status,
            200);
}
