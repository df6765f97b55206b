#include "server/http/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace incommon::log {

namespace {
Format g_format = Format::text;

// Lines to stderr in batches: one write(2) for many lines instead of one (with a flush) a line,
// which cost a tenth of a simple read. A batch goes out at 64 KiB, at once when it holds a
// warning or an error, and otherwise within 100 ms (the flusher below) and at exit.
class BatchedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    batch_.append(line.data(), line.size());
    if (batch_.size() >= 64 * 1024 || msg.level >= spdlog::level::warn) flush_();
  }
  void flush_() override {
    std::size_t at = 0;
    while (at < batch_.size()) {
      const ssize_t n = ::write(STDERR_FILENO, batch_.data() + at, batch_.size() - at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to write: the lines are dropped, as a closed stderr would
      at += static_cast<std::size_t>(n);
    }
    batch_.clear();
  }

 private:
  std::string batch_;
};

// Flushes the default logger every 100 ms until the process exits (then once more).
class Flusher {
 public:
  void start() {
    if (thread_.joinable()) return;  // already running (init called again)
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(100));
        spdlog::default_logger_raw()->flush();
      }
    });
    std::atexit([] { flusher().stop(); });
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    spdlog::default_logger_raw()->flush();
  }
  static Flusher& flusher() {
    static Flusher* f = new Flusher;  // never destroyed: the exit handler still uses it
    return *f;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};
thread_local std::string t_request_id;

void write(spdlog::level::level_enum level, std::string_view event, nlohmann::json fields) {
  auto logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  if (!t_request_id.empty()) fields["request_id"] = t_request_id;
  if (g_format == Format::json) {
    fields["event"] = event;
    // The pattern supplies ts and level; the fields close the object.
    std::string body = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    logger->log(level, "{}", std::string_view(body).substr(1));
  } else {
    std::string line(event);
    for (const auto& [k, v] : fields.items())
      line += " " + k + "=" +
              (v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    logger->log(level, "{}", line);
  }
}
}  // namespace

void init(Format format, std::string_view level) {
  g_format = format;
  auto logger = std::make_shared<spdlog::logger>("incommon", std::make_shared<BatchedStderrSink>());
  if (format == Format::json)
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v)", spdlog::pattern_time_type::utc));
  else
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
  Flusher::flusher().start();
}

void set_request_id(std::string id) {
  t_request_id = std::move(id);
}
void info(std::string_view e, nlohmann::json f) {
  write(spdlog::level::info, e, std::move(f));
}
void warn(std::string_view e, nlohmann::json f) {
  write(spdlog::level::warn, e, std::move(f));
}
void error(std::string_view e, nlohmann::json f) {
  write(spdlog::level::err, e, std::move(f));
}
void debug(std::string_view e, nlohmann::json f) {
  write(spdlog::level::debug, e, std::move(f));
}

}  // namespace incommon::log
