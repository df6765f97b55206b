#include "server/http/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace incommon::log {

namespace {
Format g_format = Format::text;
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
      line += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    logger->log(level, "{}", line);
  }
}
}  // namespace

void init(Format format, std::string_view level) {
  g_format = format;
  auto logger = spdlog::stderr_logger_mt("incommon");
  if (format == Format::json)
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v)", spdlog::pattern_time_type::utc));
  else
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
}

void set_request_id(std::string id) { t_request_id = std::move(id); }
void info(std::string_view e, nlohmann::json f) { write(spdlog::level::info, e, std::move(f)); }
void warn(std::string_view e, nlohmann::json f) { write(spdlog::level::warn, e, std::move(f)); }
void error(std::string_view e, nlohmann::json f) { write(spdlog::level::err, e, std::move(f)); }
void debug(std::string_view e, nlohmann::json f) { write(spdlog::level::debug, e, std::move(f)); }

}  // namespace incommon::log
