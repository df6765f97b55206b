#pragma once
// Responses remembered with the database snapshot they were computed in. An answer is reused
// only while the database's current snapshot is still that one - nothing has been written or
// committed since - so it is exactly what computing it again would give, on any replica.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "server/http/message.hpp"

namespace incommon::http {

class SnapshotCache {
 public:
  explicit SnapshotCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<HttpResponse> find(const std::string& key, const std::string& snapshot) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.snapshot != snapshot) return std::nullopt;
    return it->second.response;
  }

  void put(const std::string& key, std::string snapshot, HttpResponse response) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.count(key)) {
      // Forget the entry stored longest ago.
      auto oldest = entries_.begin();
      for (auto it = entries_.begin(); it != entries_.end(); ++it)
        if (it->second.stored < oldest->second.stored) oldest = it;
      entries_.erase(oldest);
    }
    entries_[key] = Entry{std::move(snapshot), std::move(response), ++clock_};
  }

 private:
  struct Entry {
    std::string snapshot;
    HttpResponse response;
    std::uint64_t stored = 0;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::uint64_t clock_ = 0;
};

}  // namespace incommon::http
