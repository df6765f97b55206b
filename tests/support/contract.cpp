#include "tests/support/contract.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

namespace incommon::testing {

using nlohmann::json;

namespace {

json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& v : n) a.push_back(to_json(v));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = n.Scalar();
      if (n.Tag() == "!") return s;  // quoted
      if (s == "true") return true;
      if (s == "false") return false;
      if (s == "null" || s == "~") return nullptr;
      static const std::regex integer(R"(^-?\d+$)"), number(R"(^-?\d+\.\d+$)");
      if (std::regex_match(s, integer)) return std::stoll(s);
      if (std::regex_match(s, number)) return std::stod(s);
      return s;
    }
    default:
      return nullptr;
  }
}

bool matches_template(const std::string& tmpl, const std::string& path) {
  std::size_t i = 0, j = 0;
  while (i < tmpl.size() && j < path.size()) {
    if (tmpl[i] == '{') {
      i = tmpl.find('}', i) + 1;
      auto slash = path.find('/', j);
      if (slash == j) return false;
      j = slash == std::string::npos ? path.size() : slash;
    } else if (tmpl[i++] != path[j++]) {
      return false;
    }
  }
  return i == tmpl.size() && j == path.size();
}

bool type_is(const json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  return false;
}

}  // namespace

const Contract& Contract::instance() {
  static const Contract contract(OPENAPI_PATH);
  return contract;
}

Contract::Contract(const std::string& yaml_path) : doc_(to_json(YAML::LoadFile(yaml_path))) {}

std::vector<std::string> Contract::operations() const {
  std::vector<std::string> out;
  for (const auto& [path, item] : doc_.at("paths").items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters") {
        std::string m = method;
        for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.push_back(m + " " + path);
      }
  return out;
}

std::vector<std::string> Contract::problem_types() const {
  std::vector<std::string> out;
  for (const auto& t : doc_.at("components").at("schemas").at("ProblemType").at("enum")) out.push_back(t);
  return out;
}

const json& Contract::resolve(const json& schema) const {
  const json* s = &schema;
  while (s->is_object() && s->contains("$ref")) {
    std::string ref = s->at("$ref");  // "#/components/schemas/Name"
    const json* node = &doc_;
    std::size_t start = 2;
    while (start < ref.size()) {
      auto slash = ref.find('/', start);
      node = &node->at(ref.substr(start, slash - start));
      start = slash == std::string::npos ? ref.size() : slash + 1;
    }
    s = node;
  }
  return *s;
}

void Contract::validate(const json& raw_schema, const json& v, const std::string& where,
                        std::vector<std::string>& problems, bool strict) const {
  const json& s = resolve(raw_schema);
  if (s.contains("type")) {
    const auto& t = s.at("type");
    bool ok = false;
    if (t.is_string()) ok = type_is(v, t);
    for (const auto& one : t.is_array() ? t : json::array()) ok = ok || type_is(v, one);
    if (!ok) {
      problems.push_back(where + ": " + v.dump().substr(0, 80) + " is not of type " + t.dump());
      return;
    }
  }
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
    problems.push_back(where + ": " + v.dump() + " is not in " + s["enum"].dump());
  if (s.contains("const") && s["const"] != v) problems.push_back(where + ": is not " + s["const"].dump());
  if (v.is_string() && s.contains("format")) {
    const std::string f = s["format"], str = v;
    static const std::regex uuid(R"(^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)");
    static const std::regex date(R"(^\d{4}-\d{2}-\d{2}$)");
    static const std::regex instant(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
    if ((f == "uuid" && !std::regex_match(str, uuid)) || (f == "date" && !std::regex_match(str, date)) ||
        (f == "date-time" && !std::regex_match(str, instant)))
      problems.push_back(where + ": " + str + " is not a " + f + " (instants must be returned in UTC)");
  }
  if (v.is_number() && s.contains("minimum") && v.get<double>() < s["minimum"].get<double>())
    problems.push_back(where + ": below minimum");
  if (v.is_number() && s.contains("maximum") && v.get<double>() > s["maximum"].get<double>())
    problems.push_back(where + ": above maximum");
  if (v.is_object()) {
    json props = s.value("properties", json::object());
    // allOf: the members' properties together are what this object may carry.
    if (s.contains("allOf"))
      for (const auto& sub : s["allOf"]) {
        const json& member = resolve(sub);
        if (member.contains("properties"))
          for (const auto& [k, item] : member["properties"].items()) props.emplace(k, json::object());
      }
    for (const auto& r : s.value("required", json::array()))
      if (!v.contains(r.get<std::string>())) problems.push_back(where + ": missing required " + r.get<std::string>());
    for (const auto& [k, item] : v.items()) {
      if (props.contains(k)) {
        validate(props[k], item, where + "." + k, problems);
      } else if (s.contains("additionalProperties")) {
        const auto& ap = s["additionalProperties"];
        if (ap.is_boolean() && !ap.get<bool>())
          problems.push_back(where + ": undocumented property " + k);
        else if (ap.is_object())
          validate(ap, item, where + "." + k, problems);
      } else if (strict && !props.empty()) {
        problems.push_back(where + ": undocumented property " + k);
      }
    }
  }
  if (v.is_array() && s.contains("items"))
    for (std::size_t i = 0; i < v.size(); ++i)
      validate(s["items"], v[i], where + "[" + std::to_string(i) + "]", problems);
  if (s.contains("allOf"))
    for (const auto& sub : s["allOf"]) validate(sub, v, where, problems, false);
  for (const char* key : {"oneOf", "anyOf"}) {
    if (!s.contains(key)) continue;
    int passing = 0;
    for (const auto& sub : s[key]) {
      std::vector<std::string> p;
      validate(sub, v, where, p);
      if (p.empty()) ++passing;
    }
    if (passing == 0 || (std::string(key) == "oneOf" && passing > 1))
      problems.push_back(where + ": matches " + std::to_string(passing) + " of " + key);
  }
}

const json* Contract::operation(const std::string& method, const std::string& full_path) const {
  const std::string path = full_path.substr(0, full_path.find('?'));
  std::string m = method;
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json* op = nullptr;
  // Literal paths win over templated ones (as the router's own table has no overlaps, any order works).
  for (const auto& [tmpl, item] : doc_.at("paths").items())
    if (matches_template(tmpl, path) && item.contains(m)) {
      op = &item.at(m);
      if (tmpl.find('{') == std::string::npos) break;
    }
  return op;
}

std::vector<std::string> Contract::check(const std::string& method, const std::string& full_path, int status,
                                         const std::string& content_type, const std::string& body) const {
  const std::string path = full_path.substr(0, full_path.find('?'));
  const json* op = operation(method, path);
  if (!op) return {method + " " + path + " is not in the contract"};
  const auto& responses = op->at("responses");
  const std::string code = std::to_string(status);
  const json* response = responses.contains(code)        ? &responses.at(code)
                         : responses.contains("default") ? &responses.at("default")
                                                         : nullptr;
  if (!response) return {method + " " + path + " does not document status " + code};
  const json& r = resolve(*response);
  if (!r.contains("content")) return {};
  std::string type = content_type.substr(0, content_type.find(';'));
  if (!r["content"].contains(type)) return {method + " " + path + " " + code + " does not document " + type};
  const auto& media = r["content"][type];
  if (!media.contains("schema") || (type.find("json") == std::string::npos)) return {};
  auto value = json::parse(body, nullptr, false);
  if (value.is_discarded()) return {method + " " + path + " " + code + ": body is not JSON"};
  std::vector<std::string> problems;
  validate(media["schema"], value, method + " " + path + " " + code + " body", problems);
  return problems;
}

}  // namespace incommon::testing
