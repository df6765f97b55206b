#pragma once
// A TCP relay on loopback between a client and a server, for faults a test makes happen:
// freeze() stops forwarding without closing anything (what a NAT or proxy that silently drops
// a connection looks like from either end), thaw() forwards again.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace incommon::testing {

class TcpRelay {
 public:
  explicit TcpRelay(int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int port() const { return port_; }
  void freeze() { frozen_ = true; }
  void thaw() { frozen_ = false; }

 private:
  void accept_loop();
  void forward(int a, int b);
  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> frozen_{false};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::thread> threads_;  // under mutex_
  std::thread acceptor_;
};

}  // namespace incommon::testing
