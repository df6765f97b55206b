#pragma once
// Answers remembered by key until the database announces a change to what they were made of:
// an announcement on the cache's channel whose payload is a key forgets that key; an empty
// one, or the listener connecting or losing its connection, forgets everything. Nothing is
// remembered while the listener is not connected, and an answer read from the database is only
// remembered when nothing was forgotten while it was being read (it may be from before the
// change that was announced meanwhile). However true the listener, no answer is trusted for
// longer than `max_age`: a bound on what any fault not yet thought of could keep stale.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "persistence/announcements.hpp"

namespace incommon::db {

template <class Value>
class AnnouncedCache {
 public:
  AnnouncedCache(Announcements& announcements, const std::string& channel, std::size_t max_entries,
                 std::chrono::steady_clock::duration max_age = std::chrono::seconds(60))
      : announcements_(announcements), max_entries_(max_entries), max_age_(max_age) {
    announcements.on(channel, [this](const std::string* key) {
      if (key)
        forget(*key);
      else
        forget_all();
    });
  }
  AnnouncedCache(const AnnouncedCache&) = delete;
  AnnouncedCache& operator=(const AnnouncedCache&) = delete;

  std::optional<Value> find(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || std::chrono::steady_clock::now() >= it->second.expires) return std::nullopt;
    return it->second.value;
  }
  // Taken before the database is read; given back to put().
  std::uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  void put(const std::string& key, Value value, std::uint64_t generation) {
    if (max_entries_ == 0 || !announcements_.listening()) return;
    std::lock_guard lock(mutex_);
    if (generation != generation_) return;
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.erase(entries_.begin());
    entries_.insert_or_assign(key, Entry{std::move(value), std::chrono::steady_clock::now() + max_age_});
  }
  void forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    ++generation_;
    entries_.erase(key);
  }
  void forget_all() {
    std::lock_guard lock(mutex_);
    ++generation_;
    entries_.clear();
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Value value;
    std::chrono::steady_clock::time_point expires;
  };
  Announcements& announcements_;
  std::size_t max_entries_;
  std::chrono::steady_clock::duration max_age_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t generation_ = 0;  // bumped by every forgetting, under mutex_
};

}  // namespace incommon::db
