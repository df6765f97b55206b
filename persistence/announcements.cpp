#include "persistence/announcements.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <random>

#include "persistence/database.hpp"

namespace incommon::db {

namespace {
using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Clock = std::chrono::steady_clock;
constexpr std::size_t kRemembered = 256;
constexpr const char* kHeartbeat = "incommon_heartbeat";

// This process's heartbeats, told apart from other servers' on the same channel.
std::string heartbeat_prefix() {
  std::random_device random;
  return std::to_string(getpid()) + "-" + std::to_string(random()) + "-";
}
}  // namespace

Announcements::Announcements(std::string url, Settings settings)
    : conninfo_(connection_string(url)), settings_(settings) {}

Announcements::~Announcements() {
  stop();
}

void Announcements::stop() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

void Announcements::on(std::string channel, Handler handler) {
  handlers_.emplace_back(std::move(channel), std::move(handler));
}

void Announcements::start() {
  if (!listener_.joinable()) listener_ = std::thread([this] { listen_loop(); });
}

void Announcements::dispatch(const std::string& channel, const std::string* payload) {
  for (const auto& [wanted, handler] : handlers_)
    if (wanted == channel) handler(payload);
  if (!payload) return;
  {
    std::lock_guard lock(mutex_);
    heard_.emplace_back(channel, *payload);
    if (heard_.size() > kRemembered) heard_.pop_front();
  }
  heard_changed_.notify_all();
}

void Announcements::everything_changed() {
  for (const auto& [channel, handler] : handlers_) handler(nullptr);
  heard_changed_.notify_all();
}

bool Announcements::await(const std::string& channel, const std::string& payload, std::chrono::milliseconds timeout) {
  const std::pair<std::string, std::string> wanted(channel, payload);
  std::unique_lock lock(mutex_);
  const bool heard = heard_changed_.wait_for(lock, timeout, [&] {
    return !listening_ || std::find(heard_.begin(), heard_.end(), wanted) != heard_.end();
  }) && listening_;
  lock.unlock();
  if (heard) std::this_thread::sleep_for(settings_.grace);
  return heard;
}

void Announcements::listen_loop() {
  const std::string prefix = heartbeat_prefix();
  std::uint64_t beats = 0;
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    Connection conn(PQconnectdb(conninfo_.c_str()), &PQfinish);
    bool ok = PQstatus(conn.get()) == CONNECTION_OK;
    std::vector<std::string> channels{kHeartbeat};
    for (const auto& [channel, handler] : handlers_)
      if (std::find(channels.begin(), channels.end(), channel) == channels.end()) channels.push_back(channel);
    for (const auto& channel : channels) {
      if (!ok) break;
      PGresult* r = PQexec(conn.get(), ("LISTEN " + channel).c_str());
      ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (ok) {
      // Anything changed before LISTEN took effect may be remembered: forget it all.
      everything_changed();
      listening_ = true;
      backoff = std::chrono::milliseconds(100);
      std::string awaited;  // the heartbeat on its way, if any
      auto next_beat = Clock::now();
      auto deadline = Clock::time_point::max();
      while (!stopping_) {
        const auto now = Clock::now();
        if (!awaited.empty() && now >= deadline) {
          if (settings_.on_silent_death)
            settings_.on_silent_death("no heartbeat came back within " +
                                      std::to_string(settings_.heartbeat_timeout.count()) +
                                      " ms: reconnecting, and forgetting everything remembered");
          break;
        }
        if (awaited.empty() && now >= next_beat) {
          awaited = prefix + std::to_string(++beats);
          if (!PQsendQuery(conn.get(), ("NOTIFY " + std::string(kHeartbeat) + ", '" + awaited + "'").c_str())) break;
          deadline = now + settings_.heartbeat_timeout;
        }
        pollfd fd{PQsocket(conn.get()), POLLIN, 0};
        const int ready = ::poll(&fd, 1, 200);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (!PQconsumeInput(conn.get())) break;  // the connection is gone
        while (!PQisBusy(conn.get()))
          if (PGresult* r = PQgetResult(conn.get()))
            PQclear(r);  // the heartbeat's own command result
          else
            break;
        while (PGnotify* n = PQnotifies(conn.get())) {
          const std::string channel = n->relname ? n->relname : "";
          const std::string payload = n->extra ? n->extra : "";
          PQfreemem(n);
          if (channel == kHeartbeat) {
            if (payload == awaited) {
              awaited.clear();
              next_beat = Clock::now() + settings_.heartbeat_every;
            }
            continue;
          }
          dispatch(channel, payload.empty() ? nullptr : &payload);
        }
      }
      listening_ = false;
      everything_changed();
    }
    conn.reset();
    // Not listening: nothing is remembered until the listener is back.
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_;
         waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

}  // namespace incommon::db
