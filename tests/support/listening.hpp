#pragma once
// For tests of what the database announces to a server's listener (persistence/announcements).
#include <chrono>
#include <functional>
#include <thread>

#include "persistence/announcements.hpp"

namespace incommon::testing {

// Whether `condition` comes to hold within `within` (two seconds unless said).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds within = std::chrono::milliseconds(2000)) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// The listener calls into the caches that subscribed to it: declared after them, this stops
// it before they go.
struct StopListeningFirst {
  db::Announcements& announcements;
  ~StopListeningFirst() { announcements.stop(); }
};

}  // namespace incommon::testing
