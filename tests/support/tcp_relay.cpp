#include "tests/support/tcp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "tests/support/loopback.hpp"

namespace incommon::testing {

namespace {
sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}
}  // namespace

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) {
  listener_ = listen_on_loopback(64, port_, "relay");
  acceptor_ = std::thread([this] { accept_loop(); });
}

TcpRelay::~TcpRelay() {
  stopping_ = true;
  acceptor_.join();
  close(listener_);
  std::lock_guard lock(mutex_);
  for (auto& t : threads_) t.join();
}

void TcpRelay::accept_loop() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    const int server = socket(AF_INET, SOCK_STREAM, 0);
    auto addr = loopback(target_port_);
    if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(client);
      close(server);
      continue;
    }
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, client, server] { forward(client, server); });
  }
}

void TcpRelay::forward(int a, int b) {
  char buf[16384];
  while (!stopping_) {
    if (frozen_) {  // hold everything: read nothing, write nothing, close nothing
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (poll(p, 2, 100) <= 0) continue;
    if (frozen_) continue;
    bool closed = false;
    for (int i = 0; i < 2; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(p[i].fd, buf, sizeof buf);
      if (n <= 0) {
        closed = true;
        break;
      }
      const int to = i == 0 ? b : a;
      for (ssize_t sent = 0; sent < n;) {
        const ssize_t w = write(to, buf + sent, static_cast<std::size_t>(n - sent));
        if (w <= 0) {
          closed = true;
          break;
        }
        sent += w;
      }
    }
    if (closed) break;
  }
  close(a);
  close(b);
}

}  // namespace incommon::testing
