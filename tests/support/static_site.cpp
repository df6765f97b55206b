#include "tests/support/static_site.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/loopback.hpp"

namespace incommon::testing {

StaticSite::StaticSite(std::string html) : html_(std::move(html)) {
  listener_ = listen_on_loopback(16, port_, "static site");
  server_ = std::thread([this] { serve(); });
}

StaticSite::~StaticSite() {
  stopping_ = true;
  server_.join();
  close(listener_);
}

void StaticSite::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    // The request line and headers; the page is the answer whatever was asked.
    char buffer[8192];
    (void)recv(client, buffer, sizeof buffer, 0);
    std::string body;
    {
      std::lock_guard lock(mutex_);
      body = html_;
    }
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < response.size();) {
      const auto n = send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    close(client);
  }
}

}  // namespace incommon::testing
