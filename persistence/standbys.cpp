#include "persistence/standbys.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "persistence/database.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

std::optional<std::uint64_t> parse_wal_position(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 8 || text.size() - slash - 1 == 0 ||
      text.size() - slash - 1 > 8)
    return std::nullopt;
  std::uint32_t high = 0, low = 0;
  const auto parse = [](std::string_view part, std::uint32_t& out) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), out, 16);
    return error == std::errc() && end == part.data() + part.size();
  };
  if (!parse(text.substr(0, slash), high) || !parse(text.substr(slash + 1), low)) return std::nullopt;
  return (static_cast<std::uint64_t>(high) << 32) | low;
}

std::string format_wal_position(std::uint64_t position) {
  char buffer[20];
  const int n = std::snprintf(buffer, sizeof buffer, "%X/%X", static_cast<unsigned>(position >> 32),
                              static_cast<unsigned>(position & 0xffffffffu));
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::string host_and_port(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {  // conninfo: its host= and port=, never its password
    std::string out;
    for (const char* key : {"host=", "port="})
      if (auto at = url.find(key); at != std::string::npos) {
        if (!out.empty()) out += ':';
        const auto value = at + 5, end = url.find(' ', value);
        out += url.substr(value, end == std::string::npos ? std::string::npos : end - value);
      }
    return out.empty() ? "standby" : out;
  }
  auto start = url.find('@', scheme);
  start = start == std::string::npos ? scheme + 3 : start + 1;
  const auto end = url.find_first_of("/?", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

struct Standbys::Standby {
  Standby(const std::string& url, std::size_t pool_size, std::chrono::milliseconds poll)
      : name(host_and_port(url)), reads({url, pool_size, std::chrono::milliseconds(2000)}), watch({url, 1, poll}) {}
  std::string name;
  Database reads;  // the requests' connections
  Database watch;  // the watcher's own, so that busy reads never delay it
  // Guarded by Standbys::mutex_.
  bool answering = false;
  bool promoted = false;
  std::uint64_t replayed = 0;
};

namespace {

// Where `db` is in the WAL: the replayed position on a standby, the current one on a primary
// (a promoted standby, or the primary itself); nullopt when it does not answer.
std::optional<std::pair<std::uint64_t, bool>> position_of(Database& db) {
  std::optional<std::pair<std::uint64_t, bool>> found;
  auto asked = db.with_session([&](soci::session& s) -> Status {
    auto row = Query(
                   "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() "
                   "END::text, pg_is_in_recovery()")
                   .fetch_one(s);
    if (row && row->at(0))
      if (auto position = parse_wal_position(row->text(0))) found = std::make_pair(*position, !row->boolean(1));
    return {};
  });
  if (!asked) return std::nullopt;
  return found;
}

}  // namespace

Standbys::Standbys(Database& primary, Settings settings) : settings_(std::move(settings)) {
  for (const auto& url : settings_.urls)
    standbys_.push_back(std::make_unique<Standby>(url, settings_.pool_size, settings_.poll));
  if (standbys_.empty()) return;
  primary_watch_ = std::make_unique<Database>(Config{primary.url(), 1, settings_.poll});
  poll_once();  // the first answers before the first request
  watcher_ = std::thread([this] { watch(); });
}

Standbys::~Standbys() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void Standbys::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    poll_once();
    lock.lock();
    wake_.wait_for(lock, settings_.poll, [this] { return stopping_; });
  }
}

void Standbys::poll_once() {
  // The primary first: a standby that has replayed what the primary had then is fresh now.
  const auto now = std::chrono::steady_clock::now();
  const auto primary = position_of(*primary_watch_);
  std::vector<std::optional<std::pair<std::uint64_t, bool>>> positions;
  positions.reserve(standbys_.size());
  for (auto& standby : standbys_) positions.push_back(position_of(standby->watch));
  std::lock_guard lock(mutex_);
  if (primary && primary->second) {  // a primary, not a standby named as one
    primary_positions_.emplace_back(now, primary->first);
    // Keep the newest position older than the allowed lag, and everything since.
    while (primary_positions_.size() > 1 && primary_positions_[1].first <= now - settings_.max_lag)
      primary_positions_.pop_front();
  }
  for (std::size_t i = 0; i < standbys_.size(); ++i) {
    Standby& standby = *standbys_[i];
    standby.answering = positions[i].has_value();
    if (positions[i]) {
      standby.replayed = positions[i]->first;
      standby.promoted = positions[i]->second;
    }
  }
}

std::uint64_t Standbys::fresh_enough(std::chrono::steady_clock::time_point now) const {
  // The primary's position the allowed lag ago: a standby that has replayed it lags no more.
  // Before the watcher has seen the primary that long, its first position; never seen (the
  // primary away since this server started): any standby's data is the newest there is.
  std::uint64_t needed = primary_positions_.empty() ? 0 : primary_positions_.front().second;
  for (const auto& [when, position] : primary_positions_)
    if (when <= now - settings_.max_lag) needed = position;
  return needed;
}

Database* Standbys::for_read(std::optional<std::uint64_t> at_least) {
  if (standbys_.empty()) return nullptr;
  Standby* to_ask = nullptr;
  {
    std::lock_guard lock(mutex_);
    const std::uint64_t needed = at_least ? *at_least : fresh_enough(std::chrono::steady_clock::now());
    for (std::size_t tried = 0; tried < standbys_.size(); ++tried) {
      Standby& standby = *standbys_[next_++ % standbys_.size()];
      if (!standby.answering) continue;
      if (standby.promoted || standby.replayed >= needed) return &standby.reads;
      if (!to_ask) to_ask = &standby;
    }
  }
  // A client's last write, newer than the watcher has seen replayed: the standby is asked now
  // (replay usually takes well under a millisecond), and else the primary answers.
  if (!at_least || !to_ask) return nullptr;
  const auto position = position_of(to_ask->reads);
  std::lock_guard lock(mutex_);
  if (position) to_ask->replayed = std::max(to_ask->replayed, position->first);
  if (!position || (!position->second && position->first < *at_least)) {
    ++asked_then_primary_;
    return nullptr;
  }
  ++asked_then_standby_;
  return &to_ask->reads;
}

std::vector<Standbys::State> Standbys::states() const {
  std::lock_guard lock(mutex_);
  std::vector<State> out;
  for (const auto& standby : standbys_)
    out.push_back({standby->name, standby->answering, standby->promoted, standby->replayed});
  return out;
}

bool Standbys::any_answering() const {
  std::lock_guard lock(mutex_);
  for (const auto& standby : standbys_)
    if (standby->answering) return true;
  return false;
}

}  // namespace incommon::db
