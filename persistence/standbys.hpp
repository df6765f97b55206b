#pragma once
// Hot standbys (PostgreSQL streaming replication) that answer reads, and the choice of one.
//
// A thread asks every 50 ms how far each standby has replayed the primary's WAL
// (pg_last_wal_replay_lsn()) and where the primary's WAL is (pg_current_wal_lsn()). A read
// that names a WAL position (a client's last write) goes to a standby that has replayed it; a
// read that names none goes to one that lags the primary by no more than the allowed lag.
// Otherwise, and whenever a standby does not answer, reads go to the primary. While the
// primary is away, standbys answer every read they can: they have replayed all it wrote.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace incommon::db {

class Database;

// A WAL position as PostgreSQL writes a pg_lsn ("16/B374D848"), as a number; nullopt when the
// text is not one.
std::optional<std::uint64_t> parse_wal_position(std::string_view text);
std::string format_wal_position(std::uint64_t position);
// Where a database URL points ("db2.internal:5432"), without its user or password.
std::string host_and_port(const std::string& url);

class Standbys {
 public:
  struct Settings {
    std::vector<std::string> urls;  // INCOMMON_DATABASE_READ_URL, one libpq URI per standby
    std::size_t pool_size = 4;      // connections to each standby
    std::chrono::milliseconds max_lag{1000};
    std::chrono::milliseconds poll{50};
  };
  Standbys(Database& primary, Settings settings);
  ~Standbys();
  Standbys(const Standbys&) = delete;
  Standbys& operator=(const Standbys&) = delete;

  // The standby a read goes to: one that has replayed `at_least` when it is given (asked at
  // once when the watcher has not seen it yet), else one that lags no more than the allowed lag
  // (in turn, when several do); nullptr: the primary.
  Database* for_read(std::optional<std::uint64_t> at_least);
  // Reads whose position the watcher had not seen replayed, so a standby was asked: those it
  // then answered, and those that went to the primary.
  std::uint64_t asked_then_standby() const { return asked_then_standby_.load(); }
  std::uint64_t asked_then_primary() const { return asked_then_primary_.load(); }

  struct State {
    std::string name;  // its host and port (host_and_port), never its password
    bool answering = false;
    bool promoted = false;  // no longer in recovery: a failover made it a primary
    std::uint64_t replayed = 0;
  };
  std::vector<State> states() const;
  std::size_t size() const { return standbys_.size(); }
  // True when some standby answers (reads go on while the primary is away).
  bool any_answering() const;

 private:
  struct Standby;
  void watch();
  void poll_once();
  // The WAL position a standby must have replayed to lag no more than the allowed lag.
  std::uint64_t fresh_enough(std::chrono::steady_clock::time_point now) const;

  Settings settings_;
  std::unique_ptr<Database> primary_watch_;  // the watcher's own connection to the primary
  std::vector<std::unique_ptr<Standby>> standbys_;
  mutable std::mutex mutex_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> primary_positions_;
  std::size_t next_ = 0;
  std::atomic<std::uint64_t> asked_then_standby_{0};
  std::atomic<std::uint64_t> asked_then_primary_{0};
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread watcher_;
};

}  // namespace incommon::db
