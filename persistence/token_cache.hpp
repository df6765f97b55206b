#pragma once
// Authenticated tokens, remembered by the hash of their secret so that a request costs no
// database round trip to authenticate. Revocation reaches every server at once: the database
// announces it (NOTIFY incommon_tokens, from a trigger on tokens) and the listener of each
// server (Announcements) makes it forget the token. While the listener is not connected
// nothing is remembered, so a lost notification can never keep a revoked token alive.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/auth/role.hpp"
#include "domain/core/error.hpp"
#include "persistence/announcements.hpp"
#include "persistence/database.hpp"

namespace incommon::db {

class Standbys;

class TokenCache {
 public:
  struct Settings {
    std::chrono::seconds ttl{300};    // a safety net: entries are re-checked this often anyway
    std::size_t max_entries = 10000;  // then forget everything and start again
  };
  // Hears of changes to tokens through `announcements` (channel incommon_tokens), which is
  // started after this is made.
  TokenCache(Database& db, Announcements& announcements, Settings settings);
  TokenCache(Database& db, Announcements& announcements) : TokenCache(db, announcements, Settings{}) {}
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // The token holder, from memory or else from the database (then remembered); nullopt when the
  // token is unknown or revoked; an error when the database cannot say.
  Result<std::optional<Principal>> authenticate(const std::string& secret_hash);
  // Forgets a token at once (this server revoked it; the others hear of it by notification).
  void forget(const std::string& token_id);
  // Waits (at most `timeout`) until the database's announcement of a change to this token has
  // come back to this server's listener: every listening server is told at the same moment, so
  // a revocation answered after this has reached the other servers too. False on timeout or
  // when the listener is not connected.
  bool await_announcement(const std::string& token_id, std::chrono::milliseconds timeout);
  // Where tokens are looked up while the primary is away (never remembered: only the
  // primary's announcements keep remembered answers fresh). Set before serving.
  void set_standbys(Standbys* standbys) { standbys_ = standbys; }
  // Whether answers may be remembered: the listener is connected and listening.
  bool listening() const { return announcements_.listening(); }
  std::uint64_t hits() const { return hits_.load(); }

 private:
  struct Entry {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  void forget_all();

  Database& db_;
  Standbys* standbys_ = nullptr;
  Announcements& announcements_;
  Settings settings_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by secret hash
  std::uint64_t generation_ = 0;                    // bumped by every forgetting, under mutex_
  std::atomic<std::uint64_t> hits_{0};
};

}  // namespace incommon::db
