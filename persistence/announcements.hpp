#pragma once
// What the database announces (NOTIFY, sent by triggers at commit) heard by one listening
// connection per server, and handed to whoever remembers something the announcement concerns.
// Every listening server is told at the same moment. While the listener is not connected
// nothing is heard, so a server must not remember anything then: `listening()` says whether
// it may, and every handler is told to forget everything when listening starts and stops.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace incommon::db {

class Announcements {
 public:
  // Called on the listener's thread with an announcement's payload, or with nullptr when
  // anything may have changed unheard (listening started or stopped, or an empty payload).
  using Handler = std::function<void(const std::string* payload)>;

  explicit Announcements(std::string url, std::chrono::milliseconds grace = std::chrono::milliseconds(30));
  ~Announcements();
  Announcements(const Announcements&) = delete;
  Announcements& operator=(const Announcements&) = delete;

  // Handlers are added before start().
  void on(std::string channel, Handler handler);
  void start();
  // Stops listening and waits for the listener's thread: no handler runs after this.
  void stop();

  bool listening() const { return listening_.load(); }
  // Waits (at most `timeout`) until this announcement has come back to this server's listener
  // and its handlers have run, then a moment's grace for the other servers' listeners, which
  // were told at the same moment but need their turn on a CPU. False on timeout or when the
  // listener is not connected.
  bool await(const std::string& channel, const std::string& payload, std::chrono::milliseconds timeout);

 private:
  void listen_loop();
  void dispatch(const std::string& channel, const std::string* payload);
  void everything_changed();

  std::string conninfo_;
  std::chrono::milliseconds grace_;
  std::vector<std::pair<std::string, Handler>> handlers_;
  std::mutex mutex_;
  std::deque<std::pair<std::string, std::string>> heard_;  // the latest announcements, under mutex_
  std::condition_variable heard_changed_;
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread listener_;
};

}  // namespace incommon::db
