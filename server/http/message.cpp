#include "server/http/message.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace incommon::http {

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpResponse json_response(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = dump(body);
  return r;
}

HttpResponse record_response(int status, const json& body, std::int64_t version) {
  auto r = json_response(status, body);
  // Built step by step: GCC 12 at -O3 misreads `"\"" + std::to_string(v) + "\""` as an overflow.
  std::string etag = std::to_string(version);
  etag.insert(etag.begin(), '"');
  etag += '-';
  etag += body_tag(r.body);
  etag.push_back('"');
  r.header("ETag", std::move(etag));
  return r;
}

std::string body_tag(const std::string& body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

const std::string* find_header(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return &v;
  return nullptr;
}

const std::string& tag_representation(HttpResponse& response) {
  if (const std::string* etag = find_header(response, "ETag")) return *etag;
  std::string tag = body_tag(response.body);
  tag.insert(tag.begin(), '"');
  tag.push_back('"');
  response.header("ETag", std::move(tag));
  return response.headers.back().second;
}

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// If-None-Match compares weakly: W/"x" and "x" are the same tag.
std::string_view opaque(std::string_view tag) {
  return tag.starts_with("W/") ? tag.substr(2) : tag;
}

bool none_match_names(std::string_view header, std::string_view etag) {
  if (trimmed(header) == "*") return true;
  while (!header.empty()) {
    const auto comma = header.find(',');
    if (opaque(trimmed(header.substr(0, comma))) == opaque(etag)) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void answer_conditionally(const HttpRequest& request, HttpResponse& response) {
  if (request.method != "GET" || response.status != 200) return;
  const std::string etag = tag_representation(response);  // a copy: adding a header moves them
  if (!find_header(response, "Cache-Control")) response.header("Cache-Control", "private, no-cache");
  const std::string* condition = request.header("if-none-match");
  if (!condition || !none_match_names(*condition, etag)) return;
  response.status = 304;
  response.body.clear();
  response.content_type.clear();
}

}  // namespace incommon::http
