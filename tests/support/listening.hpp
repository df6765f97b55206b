#pragma once
// For tests of what the database announces to a server's listener (persistence/announcements).
#include <chrono>
#include <functional>
#include <thread>

#include "persistence/announcements.hpp"

namespace incommon::testing {

// Whether `condition` comes to hold within two seconds.
inline bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 200; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The listener calls into the caches that subscribed to it: declared after them, this stops
// it before they go.
struct StopListeningFirst {
  db::Announcements& announcements;
  ~StopListeningFirst() { announcements.stop(); }
};

}  // namespace incommon::testing
