#include "persistence/token_cache.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <memory>

namespace incommon::db {

namespace {
constexpr const char* kChannel = "incommon_tokens";
using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
}  // namespace

TokenCache::TokenCache(Database& db, std::string url, Settings settings)
    : db_(db), conninfo_(connection_string(url)), settings_(settings) {
  listener_ = std::thread([this] { listen_loop(); });
}

TokenCache::~TokenCache() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

Result<std::optional<Principal>> TokenCache::authenticate(const std::string& secret_hash) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(secret_hash); it != entries_.end()) {
      if (it->second.expires > now) {
        ++hits_;
        return std::optional<Principal>(it->second.principal);
      }
      entries_.erase(it);
    }
    generation = generation_;
  }
  std::optional<Principal> found;
  auto read = db_.read([&](Store& store) -> Status {
    found = store.tokens().authenticate(secret_hash);
    return {};
  });
  if (!read) return fail(read.error());
  // Remembered only when nothing was forgotten while the database was asked: a revocation
  // announced meanwhile may concern this very token.
  if (found && listening_) {
    std::lock_guard lock(mutex_);
    if (generation == generation_) {
      if (entries_.size() >= settings_.max_entries) entries_.clear();
      entries_[secret_hash] = Entry{*found, now + settings_.ttl};
    }
  }
  return found;
}

void TokenCache::forget(const std::string& token_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& e) { return e.second.principal.token_id == token_id; });
}

void TokenCache::announced(const std::string& token_id) {
  forget(token_id);
  {
    std::lock_guard lock(mutex_);
    announced_.push_back(token_id);
    if (announced_.size() > 256) announced_.pop_front();
  }
  announcement_.notify_all();
}

bool TokenCache::await_announcement(const std::string& token_id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool heard = announcement_.wait_for(lock, timeout, [&] {
    return !listening_ || std::find(announced_.begin(), announced_.end(), token_id) != announced_.end();
  }) && listening_;
  lock.unlock();
  // The other servers' listeners were told at the same moment as this one, but each needs its
  // turn on a CPU to act on it: a moment's grace covers that on a busy machine.
  if (heard) std::this_thread::sleep_for(settings_.announcement_grace);
  return heard;
}

void TokenCache::forget_all() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

void TokenCache::listen_loop() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    Connection conn(PQconnectdb(conninfo_.c_str()), &PQfinish);
    bool ok = PQstatus(conn.get()) == CONNECTION_OK;
    if (ok) {
      PGresult* r = PQexec(conn.get(), (std::string("LISTEN ") + kChannel).c_str());
      ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (ok) {
      // Anything revoked before LISTEN took effect may be remembered: forget it all.
      forget_all();
      listening_ = true;
      backoff = std::chrono::milliseconds(100);
      while (!stopping_) {
        pollfd fd{PQsocket(conn.get()), POLLIN, 0};
        const int ready = ::poll(&fd, 1, 200);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (!PQconsumeInput(conn.get())) break;  // the connection is gone
        while (PGnotify* n = PQnotifies(conn.get())) {
          const std::string id = n->extra ? n->extra : "";
          PQfreemem(n);
          if (id.empty()) forget_all();
          else announced(id);
        }
      }
      listening_ = false;
      forget_all();
    }
    conn.reset();
    // Not listening: every request asks the database until the listener is back.
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_; waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

}  // namespace incommon::db
