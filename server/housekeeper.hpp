#pragma once
// A thread of the server's own that deletes what has expired (persistence/housekeeping.hpp)
// every `every`, first soon after start; one server at a time does the work.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace incommon::db {
class Database;
}

namespace incommon::http {

class Housekeeper {
 public:
  Housekeeper(db::Database& db, std::chrono::seconds every);
  ~Housekeeper();
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

 private:
  void run();
  db::Database& db_;
  std::chrono::seconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // under mutex_
  std::thread thread_;
};

}  // namespace incommon::http
