#pragma once
// Structured logging: JSON lines in production, text in a terminal. Every line written while a
// request is being handled carries its request id.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace incommon::log {

enum class Format { json, text };

void init(Format format, std::string_view level);
// Sets the request id for log lines written on this thread until cleared.
void set_request_id(std::string id);
void info(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void error(std::string_view event, nlohmann::json fields = nlohmann::json::object());
void debug(std::string_view event, nlohmann::json fields = nlohmann::json::object());

}  // namespace incommon::log
