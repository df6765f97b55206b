#pragma once
// HTTP requests and responses as the application sees them: no server library in sight.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
// A stored record: its JSON, with the ETag "<version>-<tag of the body>". The version is what
// If-Match compares; the whole tag names this representation (as_of and every derived field
// included), which is what If-None-Match compares.
HttpResponse record_response(int status, const json& body, std::int64_t version);

// 64 bits of the body's SHA-256, in hex: equal bodies, equal tags, on every replica.
std::string body_tag(const std::string& body);
const std::string* find_header(const HttpResponse& r, std::string_view name);
// The response's ETag, given "<tag of the body>" first if it has none. The reference lasts
// until the next header is added.
const std::string& tag_representation(HttpResponse& response);
// Conditional GET (RFC 9110 13.1.2): a 200 without an ETag gets "<tag of the body>"; every 200
// is `Cache-Control: private, no-cache` unless it says otherwise, so a browser keeps it and
// asks again with If-None-Match; when that names the ETag (or is *), the answer becomes 304.
void answer_conditionally(const HttpRequest& request, HttpResponse& response);

}  // namespace incommon::http
