#include "persistence/token_cache.hpp"

#include <algorithm>

#include "persistence/standbys.hpp"

namespace incommon::db {

namespace {
constexpr const char* kChannel = "incommon_tokens";
}  // namespace

TokenCache::TokenCache(Database& db, Announcements& announcements, Settings settings)
    : db_(db), announcements_(announcements), settings_(settings) {
  announcements.on(kChannel, [this](const std::string* token_id) {
    if (token_id)
      forget(*token_id);
    else
      forget_all();
  });
}

bool TokenCache::await_announcement(const std::string& token_id, std::chrono::milliseconds timeout) {
  return announcements_.await(kChannel, token_id, timeout);
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
  const auto look_up = [&](Store& store) -> Status {
    found = store.tokens().authenticate(secret_hash);
    return {};
  };
  auto read = db_.read(look_up);
  if (!read && read.error().kind == ErrorKind::unavailable && standbys_)
    if (Database* standby = standbys_->for_read(std::nullopt)) {
      if (auto from_standby = standby->read(look_up); !from_standby) return fail(from_standby.error());
      return found;  // the primary is away: not remembered
    }
  if (!read) return fail(read.error());
  // Remembered only when nothing was forgotten while the database was asked: a revocation
  // announced meanwhile may concern this very token.
  if (found && listening()) {
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

void TokenCache::forget_all() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

}  // namespace incommon::db
