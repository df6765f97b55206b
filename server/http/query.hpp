#pragma once
// Query strings: only documented parameters, each value checked; anything else is a 400.
#include <algorithm>
#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "domain/core/record.hpp"
#include "server/http/message.hpp"

namespace incommon::http {

class QueryReader {
 public:
  // `allowed` are the route's documented parameters (limit and cursor are added for lists).
  QueryReader(const HttpRequest& request, std::set<std::string> allowed, bool paginated);

  std::optional<std::string> text(const std::string& name);
  std::optional<std::string> uuid(const std::string& name);
  std::optional<Date> date(const std::string& name);
  std::optional<Instant> instant(const std::string& name);  // RFC 3339 with offset
  std::optional<bool> boolean(const std::string& name);
  // A whole number from `min` to `max`.
  std::optional<int> integer(const std::string& name, int min, int max);
  // Comma-separated UUIDs.
  std::optional<std::vector<std::string>> uuid_list(const std::string& name);
  // One or more values of an enumeration, comma-separated (`status=proposed,attached`).
  template <class E>
  OneOf<E> one_of(const std::string& name) {
    OneOf<E> out;
    auto t = text(name);
    if (!t) return out;
    std::size_t start = 0;
    while (start <= t->size()) {
      const auto comma = t->find(',', start);
      const std::string one = t->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto v = parse_enum<E>(one);
      if (!v) {
        bad(name, name + " must be one or more of " + enum_choices<E>() + ", separated by commas");
        return {};
      }
      if (std::find(out.values.begin(), out.values.end(), *v) == out.values.end()) out.values.push_back(*v);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }
  // One value of an enumeration of orders (`sort=forecast_date`), or `fallback`.
  template <class E>
  E order(const std::string& name, E fallback) {
    auto t = text(name);
    if (!t) return fallback;
    auto v = parse_enum<E>(*t);
    if (!v) bad(name, name + " must be one of " + enum_choices<E>());
    return v.value_or(fallback);
  }
  // `key_size`: how many values the list's sort key has (a cursor must carry exactly that many).
  PageRequest page(std::size_t key_size = 2);
  // The same where a cursor may carry either of two key sizes (a list with two modes).
  PageRequest page(std::size_t key_size, std::size_t other_key_size);

  // The verdict: a malformed error (400) naming every unknown or bad parameter, if any.
  Status finish();

 private:
  void bad(const std::string& name, std::string message) {
    errors_.push_back({name, std::move(message), FieldIn::query});
  }
  std::vector<std::pair<std::string, std::string>> query_;
  std::set<std::string> allowed_;
  std::vector<FieldError> errors_;
};

// A cursor made for another `sort` of the same list is a 400 naming it (`key_size`: the size of
// this order's keys).
Status cursor_in_order(const PageRequest& page, std::size_t key_size);

// Cursors are opaque to clients: base64url of the sort key as a JSON array of strings.
std::string encode_cursor(const std::vector<std::string>& key);
std::optional<std::vector<std::string>> decode_cursor(const std::string& cursor);

// {"items": [...], "next_cursor": ...}
template <class T, class ToJson>
json page_json(const Page<T>& page, ToJson to_json) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)}, {"next_cursor", page.next ? json(encode_cursor(*page.next)) : json(nullptr)}};
}

inline bool is_rfc3339_instant(const std::string& text) {
  return Instant::parse(text).has_value();
}

}  // namespace incommon::http
