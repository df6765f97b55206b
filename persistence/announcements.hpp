#pragma once
// What the database announces (NOTIFY, sent by triggers at commit) heard by one listening
// connection per server, and handed to whoever remembers something the announcement concerns.
// Every listening server is told at the same moment. While the listener is not connected
// nothing is heard, so a server must not remember anything then: `listening()` says whether
// it may, and every handler is told to forget everything when listening starts and stops.
// A listening connection can die silently (a NAT or proxy drops it without a reset, or it
// stalls): the listener sends itself a heartbeat (NOTIFY incommon_heartbeat) every
// `heartbeat_every`, and when one has not come back within `heartbeat_timeout` it takes the
// connection for dead: it stops listening, has everything forgotten and connects again.
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

  struct Settings {
    std::chrono::milliseconds grace{30};
    std::chrono::milliseconds heartbeat_every{2000};
    std::chrono::milliseconds heartbeat_timeout{3000};
    // Told (on the listener's thread) when the listener gives up a connection it took for dead.
    std::function<void(const std::string& detail)> on_silent_death;
  };
  Announcements(std::string url, Settings settings);
  explicit Announcements(std::string url) : Announcements(std::move(url), Settings{}) {}
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
  Settings settings_;
  std::vector<std::pair<std::string, Handler>> handlers_;
  std::mutex mutex_;
  std::deque<std::pair<std::string, std::string>> heard_;  // the latest announcements, under mutex_
  std::condition_variable heard_changed_;
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread listener_;
};

}  // namespace incommon::db
