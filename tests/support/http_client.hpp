#pragma once
// A small HTTP/1.1 client over libcurl, keeping its connection alive between requests.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace incommon::testing {

using nlohmann::json;

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  json json_body() const { return json::parse(body, nullptr, false); }
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `headers` as "Name: value" lines; a Content-Type of application/json is added for a body
  // unless one is given.
  Response request(const std::string& method, const std::string& path, const std::string& body = "",
                   std::vector<std::string> headers = {});

 private:
  std::string base_;
  void* curl_;
};

}  // namespace incommon::testing
