#include "server/http/json_body.hpp"

#include <limits>

#include "domain/core/id.hpp"
#include "server/http/problem.hpp"

namespace incommon::http {

namespace {

constexpr int kMaxDepth = 32;

struct TooDeep {};

std::string media_type(const HttpRequest& r) {
  const std::string* ct = r.header("content-type");
  if (!ct) return {};
  std::string t = ct->substr(0, ct->find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

bool has_nul(const json& j) {
  switch (j.type()) {
    case json::value_t::string:
      return j.get_ref<const std::string&>().find('\0') != std::string::npos;
    case json::value_t::object:
      for (const auto& [k, v] : j.items())
        if (k.find('\0') != std::string::npos || has_nul(v)) return true;
      return false;
    case json::value_t::array:
      for (const auto& v : j)
        if (has_nul(v)) return true;
      return false;
    default:
      return false;
  }
}

}  // namespace

Result<json> parse_json_object(const HttpRequest& request, bool merge_patch) {
  auto bad = [](std::string detail) { return fail(Error::malformed(std::move(detail))); };
  const auto type = media_type(request);
  const bool ok_type = type == "application/json" || (merge_patch && type == "application/merge-patch+json");
  if (!ok_type)
    return fail(Error::unsupported_media(merge_patch
                                             ? "Send the body as application/merge-patch+json or application/json."
                                             : "Send the body as application/json."));
  json body;
  try {
    body = json::parse(request.body, [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    return bad("The JSON body is nested more than 32 levels deep.");
  } catch (const json::parse_error& e) {
    // The parser's message names a byte position and the token; it carries no internals.
    std::string what = e.what();
    auto at = what.find("] ");
    return bad("The body is not valid JSON: " + (at == std::string::npos ? what : what.substr(at + 2)));
  } catch (const json::exception&) {
    // e.g. a number too large for a double ("1e999"): well-formed text, but no JSON value.
    return bad("The body holds a number out of range.");
  }
  if (!body.is_object()) return bad("The body must be a JSON object.");
  if (has_nul(body)) return bad("Text must not contain NUL characters.");
  return body;
}

json merge_patch(json target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null())
      target.erase(key);
    else
      target[key] = merge_patch(target.contains(key) ? target[key] : json(), value);
  }
  return target;
}

FieldReader::FieldReader(const json& object, std::set<std::string> server_owned, bool skip_server_owned)
    : object_(object), server_owned_(std::move(server_owned)), skip_server_owned_(skip_server_owned) {}

bool FieldReader::present(const std::string& key) const {
  auto it = object_.find(key);
  return it != object_.end() && !it->is_null();
}

const json* FieldReader::get(const std::string& key) {
  read_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void FieldReader::wrong_type(const std::string& key, const char* expected) {
  malformed_.push_back({key, key + " must be " + expected});
}

std::string FieldReader::text(const std::string& key) {
  if (!require(key)) return {};
  return optional_text(key).value_or("");
}

std::optional<std::string> FieldReader::optional_text(const std::string& key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    wrong_type(key, "a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string FieldReader::owned_text(const std::string& key) {
  read_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<std::int64_t> FieldReader::optional_integer(const std::string& key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      malformed_.push_back({key, key + " is out of range for a 64-bit integer"});
      return std::nullopt;
    }
    return static_cast<std::int64_t>(v->get<std::uint64_t>());
  }
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    malformed_.push_back({key, key + " must be a whole number within 64-bit range"});
    return std::nullopt;
  }
  wrong_type(key, "an integer");
  return std::nullopt;
}

std::optional<Date> FieldReader::optional_date(const std::string& key) {
  auto t = optional_text(key);
  if (!t) return std::nullopt;
  auto d = Date::parse(*t);
  if (!d) rule(key, key + " must be a real date written YYYY-MM-DD");
  return d;
}

std::optional<std::string> FieldReader::optional_uuid(const std::string& key) {
  auto t = optional_text(key);
  if (!t) return std::nullopt;
  if (!is_uuid(*t)) {
    rule(key, key + " must be a UUID");
    return std::nullopt;
  }
  return canonical_uuid(*t);
}

std::optional<bool> FieldReader::optional_boolean(const std::string& key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    wrong_type(key, "true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> FieldReader::optional_uuid_list(const std::string& key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    wrong_type(key, "an array of UUIDs");
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (const auto& item : *v) {
    if (!item.is_string()) {
      wrong_type(key, "an array of UUIDs");
      return std::nullopt;
    }
    const auto& text = item.get_ref<const std::string&>();
    if (!is_uuid(text)) {
      rule(key, key + " must hold UUIDs only");
      return std::nullopt;
    }
    ids.push_back(canonical_uuid(text));
  }
  return ids;
}

std::optional<Instant> FieldReader::optional_instant(const std::string& key) {
  auto t = optional_text(key);
  if (!t) return std::nullopt;
  bool out_of_range = false;
  auto i = Instant::parse(*t, &out_of_range);
  if (out_of_range)
    malformed_.push_back({key, key + " must fall between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC"});
  else if (!i)
    rule(key, key + " must be an RFC 3339 instant with an offset, e.g. 2019-06-20T15:30:00+01:00");
  return i;
}

std::optional<Instant> FieldReader::required_instant(const std::string& key) {
  return require(key) ? optional_instant(key) : std::nullopt;
}

bool FieldReader::require(const std::string& key) {
  if (present(key)) return true;
  read_.insert(key);
  rule(key, key + " is required");
  return false;
}

std::optional<Date> FieldReader::required_date(const std::string& key) {
  return require(key) ? optional_date(key) : std::nullopt;
}

std::optional<std::string> FieldReader::required_uuid(const std::string& key) {
  return require(key) ? optional_uuid(key) : std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::required_uuid_list(const std::string& key) {
  return require(key) ? optional_uuid_list(key) : std::nullopt;
}

Status FieldReader::finish() {
  for (const auto& [key, value] : object_.items()) {
    if (read_.count(key)) continue;
    if (server_owned_.count(key)) {
      if (!skip_server_owned_) malformed_.push_back({key, key + " is set by the server and cannot be sent"});
      continue;
    }
    malformed_.push_back({key, "unknown field " + key});
  }
  if (!malformed_.empty()) {
    std::string detail = malformed_.size() == 1 ? malformed_.front().message
                                                : "The body has " + std::to_string(malformed_.size()) + " problems.";
    return fail(Error::malformed(detail, malformed_));
  }
  if (!rules_.empty()) return fail(Error::rules(rules_));
  return {};
}

}  // namespace incommon::http
