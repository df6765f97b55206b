#pragma once
// HTTP requests and responses as the application sees them: no server library in sight.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace incommon::http {

using nlohmann::json;

struct HttpRequest {
  std::string method;                                      // "GET", "POST", ...
  std::string path;                                        // percent-decoded by segment later; raw here
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order, duplicates kept
  std::unordered_map<std::string, std::string> headers;    // lower-case names
  std::string body;
  std::string peer_address;

  const std::string* header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  HttpResponse& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

std::string dump(const json& j);
HttpResponse json_response(int status, const json& body);
// A stored record: its JSON, with ETag from its version.
HttpResponse record_response(int status, const json& body, std::int64_t version);

}  // namespace incommon::http
