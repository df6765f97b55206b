#include "server/http/query.hpp"

#include <charconv>
#include <cstring>

#include "domain/core/id.hpp"
#include "server/http/problem.hpp"

namespace incommon::http {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::string& in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (i + 1 < in.size()) out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(const std::string& in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::strchr(kAlphabet, c);
    if (!p || c == '\0') return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string encode_cursor(const std::vector<std::string>& key) {
  return base64url(json(key).dump());
}

std::optional<std::vector<std::string>> decode_cursor(const std::string& cursor) {
  if (cursor.empty() || cursor.size() > 1024) return std::nullopt;
  auto raw = unbase64url(cursor);
  if (!raw) return std::nullopt;
  auto j = json::parse(*raw, nullptr, false);
  if (!j.is_array() || j.empty()) return std::nullopt;
  std::vector<std::string> key;
  for (const auto& v : j) {
    if (!v.is_string()) return std::nullopt;
    const auto& s = v.get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) return std::nullopt;
    key.push_back(s);
  }
  return key;
}

QueryReader::QueryReader(const HttpRequest& request, std::set<std::string> allowed, bool paginated)
    : query_(request.query), allowed_(std::move(allowed)) {
  if (paginated) allowed_.insert({"limit", "cursor"});
  std::set<std::string> seen;
  for (const auto& [name, value] : request.query) {
    if (!allowed_.count(name))
      bad(name, "unknown query parameter " + name);
    else if (!seen.insert(name).second)
      bad(name, name + " is given more than once");
  }
}

std::optional<std::string> QueryReader::text(const std::string& name) {
  for (const auto& [n, v] : query_) {
    if (n != name) continue;
    if (v.empty() || v.find('\0') != std::string::npos || v.size() > 500) {
      bad(name, name + " must be 1 to 500 characters");
      return std::nullopt;
    }
    return v;
  }
  return std::nullopt;
}

std::optional<std::string> QueryReader::uuid(const std::string& name) {
  auto t = text(name);
  if (!t) return std::nullopt;
  if (!is_uuid(*t)) {
    bad(name, name + " must be a UUID");
    return std::nullopt;
  }
  return canonical_uuid(*t);
}

std::optional<Date> QueryReader::date(const std::string& name) {
  auto t = text(name);
  if (!t) return std::nullopt;
  auto d = Date::parse(*t);
  if (!d) bad(name, name + " must be a date written YYYY-MM-DD");
  return d;
}

std::optional<Instant> QueryReader::instant(const std::string& name) {
  auto t = text(name);
  if (!t) return std::nullopt;
  auto i = Instant::parse(*t);
  if (!i) bad(name, name + " must be an RFC 3339 instant with an offset, e.g. 2019-06-13T09:00:00Z");
  return i;
}

std::optional<bool> QueryReader::boolean(const std::string& name) {
  auto t = text(name);
  if (!t) return std::nullopt;
  if (*t == "true") return true;
  if (*t == "false") return false;
  bad(name, name + " must be true or false");
  return std::nullopt;
}

std::optional<std::vector<std::string>> QueryReader::uuid_list(const std::string& name) {
  auto t = text(name);
  if (!t) return std::nullopt;
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start <= t->size()) {
    auto comma = t->find(',', start);
    if (comma == std::string::npos) comma = t->size();
    auto one = t->substr(start, comma - start);
    if (!is_uuid(one) || ids.size() >= 200) {
      bad(name, name + " must be up to 200 UUIDs separated by commas");
      return std::nullopt;
    }
    ids.push_back(canonical_uuid(one));
    start = comma + 1;
  }
  return ids;
}

Status cursor_in_order(const PageRequest& page, std::size_t key_size) {
  if (!page.after || page.after->size() == key_size) return {};
  return fail(
      Error::malformed_parameter("cursor", "cursor was made for another sort of this list; start again without it"));
}

std::optional<int> QueryReader::integer(const std::string& name, int min, int max) {
  auto t = text(name);
  if (!t) return std::nullopt;
  int n = 0;
  auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), n);
  if (ec == std::errc() && ptr == t->data() + t->size() && n >= min && n <= max) return n;
  bad(name, name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return std::nullopt;
}

PageRequest QueryReader::page(std::size_t key_size) {
  return page(key_size, key_size);
}

PageRequest QueryReader::page(std::size_t key_size, std::size_t other_key_size) {
  PageRequest p;
  if (auto limit = integer("limit", 1, 200)) p.limit = *limit;
  if (auto cursor = text("cursor")) {
    p.after = decode_cursor(*cursor);
    if (p.after && p.after->size() != key_size && p.after->size() != other_key_size) p.after.reset();
    if (!p.after) bad("cursor", "cursor is not one this server gave out");
  }
  return p;
}

Status QueryReader::finish() {
  if (errors_.empty()) return {};
  return fail(
      Error::malformed(errors_.size() == 1 ? errors_.front().message : "The query string has problems.", errors_));
}

}  // namespace incommon::http
