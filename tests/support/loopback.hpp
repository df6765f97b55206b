#pragma once
// A listening socket on 127.0.0.1 at a port the kernel picks, for the tests' own peers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <stdexcept>
#include <string>

namespace incommon::testing {

// Returns the socket and sets `port`; throws naming `who` when it cannot listen.
inline int listen_on_loopback(int backlog, int& port, const std::string& who) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, backlog) != 0)
    throw std::runtime_error(who + ": cannot listen");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace incommon::testing
