#include "persistence/announcements.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "persistence/database.hpp"

namespace incommon::db {

namespace {
using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
constexpr std::size_t kRemembered = 256;
}  // namespace

Announcements::Announcements(std::string url, std::chrono::milliseconds grace)
    : conninfo_(connection_string(url)), grace_(grace) {}

Announcements::~Announcements() { stop(); }

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
  if (heard) std::this_thread::sleep_for(grace_);
  return heard;
}

void Announcements::listen_loop() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    Connection conn(PQconnectdb(conninfo_.c_str()), &PQfinish);
    bool ok = PQstatus(conn.get()) == CONNECTION_OK;
    std::vector<std::string> channels;
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
      while (!stopping_) {
        pollfd fd{PQsocket(conn.get()), POLLIN, 0};
        const int ready = ::poll(&fd, 1, 200);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (!PQconsumeInput(conn.get())) break;  // the connection is gone
        while (PGnotify* n = PQnotifies(conn.get())) {
          const std::string channel = n->relname ? n->relname : "";
          const std::string payload = n->extra ? n->extra : "";
          PQfreemem(n);
          dispatch(channel, payload.empty() ? nullptr : &payload);
        }
      }
      listening_ = false;
      everything_changed();
    }
    conn.reset();
    // Not listening: nothing is remembered until the listener is back.
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_; waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

}  // namespace incommon::db
