// Contract-driven fuzzing: every operation of openapi/openapi.yaml, with a plausible body
// generated from its schema, then each field (server-owned ones too) replaced by hostile
// values, garbage in every query and path parameter, and malformed bodies. No answer may be a
// 5xx, every 4xx is problem+json, and the server stays up. A new operation in the contract is
// covered without a line written here.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>

#include "tests/support/api_fixture.hpp"
#include "tests/support/contract.hpp"

using namespace incommon::testing;

namespace {

const bool configured = [] {
  // Public writes are fuzzed like the rest: the limit would answer 429 to most of them.
  server_environment()["INCOMMON_PUBLIC_RATE_LIMIT"] = "0";
  return true;
}();

// A JSON placeholder replaced in the body text by what nlohmann cannot write: a lone
// surrogate escape and a byte that is not UTF-8.
constexpr const char* kLoneSurrogate =
    "\x01"
    "lone-surrogate"
    "\x01";
constexpr const char* kBadUtf8 =
    "\x01"
    "bad-utf8"
    "\x01";

std::vector<json> hostile_values() {
  return {nullptr,
          true,
          0,
          -1,
          1.5,
          "",
          " ",
          "x",
          json::array(),
          json::array({nullptr}),
          json::object(),
          json::object({{"a", 1}}),
          std::string(100000, 'x'),
          1e300,
          -1e300,
          json::parse("9223372036854775808"),
          json::parse("-9223372036854775808"),
          json::parse("18446744073709551615"),
          10000000000001LL,
          -10000000000001LL,
          2147483648LL,
          "2019-02-30",
          "0000-00-00",
          "9999-12-31",
          "10000-01-01",
          "9999-12-31T23:59:59-01:00",
          "0001-01-01T00:00:00+14:00",
          "2019-06-20T25:61:61Z",
          "2019-06-20T18:00:00",
          std::string("a\0b", 3),
          kLoneSurrogate,
          kBadUtf8,
          "00000000-0000-0000-0000-000000000000",
          "=HYPERLINK(\"http://x\")",
          "'; DROP TABLE audit_events; --"};
}

const std::vector<std::string> kQueryGarbage = {"",           "%00",
                                                "x",          std::string(3000, 'y'),
                                                "-1",         "0",
                                                "1e999",      "99999999999999999999",
                                                "2019-02-30", "9999-12-31T23:59:59-01:00",
                                                "%ff%fe",     "a,b,,c",
                                                "%25",        "true",
                                                "null",       "00000000-0000-0000-0000-000000000000"};

const std::vector<std::string> kPathGarbage = {
    "not-a-uuid", "%00", std::string(2000, 'z'), "%ff", "00000000-0000-0000-0000-000000000000", "..", "%2e%2e%2f"};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string body_text(const json& body) {
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  text = replace_all(text, json(kLoneSurrogate).dump(), "\"\\ud800\"");
  text = replace_all(text, json(kBadUtf8).dump(), "\"\xff\xfe\"");
  return text;
}

class ContractFuzz : public ApiTest {
 protected:
  const json& doc() { return Contract::instance().document(); }

  const json& resolve(const json& s) {
    const json* at = &s;
    while (at->is_object() && at->contains("$ref")) {
      const std::string ref = (*at)["$ref"].get<std::string>();  // "#/components/..."
      at = &doc().at(json::json_pointer(ref.substr(1)));
    }
    return *at;
  }

  // The first non-null alternative of a schema.
  const json& concrete(const json& raw) {
    const json& s = resolve(raw);
    for (const char* key : {"oneOf", "anyOf", "allOf"})
      if (s.contains(key))
        for (const auto& alt : s[key]) {
          const json& r = resolve(alt);
          if (!(r.contains("type") && r["type"] == "null")) return concrete(r);
        }
    return s;
  }

  static std::string type_of(const json& s) {
    if (!s.contains("type")) return s.contains("properties") ? "object" : "";
    if (s["type"].is_string()) return s["type"];
    for (const auto& t : s["type"])
      if (t != "null") return t;
    return "null";
  }

  // A real id for a field or path segment named after a collection, else a random one.
  std::string id_for(const std::string& name) {
    static const std::vector<std::pair<std::string, std::string>> tables = {{"agenda_item", "agenda_items"},
                                                                            {"agenda-items", "agenda_items"},
                                                                            {"attendance", "attendance"},
                                                                            {"declaration", "declarations"},
                                                                            {"meeting", "meetings"},
                                                                            {"decision", "decisions"},
                                                                            {"supersedes", "decisions"},
                                                                            {"programme", "programmes"},
                                                                            {"milestone", "milestones"},
                                                                            {"depends_on", "milestones"},
                                                                            {"risk", "risks"},
                                                                            {"prompted_by", "votes"},
                                                                            {"vote", "votes"},
                                                                            {"position", "vote_positions"},
                                                                            {"caveat", "caveats"},
                                                                            {"consultation", "consultations"},
                                                                            {"event", "consultation_events"},
                                                                            {"response", "consultation_responses"},
                                                                            {"appointment", "appointments"},
                                                                            {"financial", "financial_positions"},
                                                                            {"person", "people"},
                                                                            {"people", "people"},
                                                                            {"token", "tokens"},
                                                                            {"organisation", "organisations"},
                                                                            {"body", "organisations"},
                                                                            {"successor", "organisations"},
                                                                            {"parent", "organisations"}};
    for (const auto& [stem, table] : tables)
      if (name.find(stem) != std::string::npos) {
        auto& cached = ids_[table];
        if (cached.empty()) {
          // Tokens: one made for the purpose, so that a fuzzed revocation spares the fuzzer's own.
          const std::string where = table == "tokens" ? " WHERE name = 'fuzz target'" : "";
          cached = server().database().query_value("SELECT id FROM " + table + where + " ORDER BY created_at LIMIT 1");
        }
        if (!cached.empty()) return cached;
      }
    return "7d5c2f64-0a4e-4a53-9a43-3f1d0c2b9e11";
  }

  json plausible(const json& raw, const std::string& name, int depth = 0) {
    const json& s = concrete(raw);
    if (s.contains("example")) return s["example"];
    if (s.contains("enum")) {
      for (const auto& v : s["enum"])
        if (!v.is_null()) return v;
    }
    const std::string t = type_of(s);
    if (t == "object" || s.contains("properties")) {
      json out = json::object();
      if (depth < 4 && s.contains("properties"))
        for (const auto& [key, prop] : s["properties"].items())
          if (!resolve(prop).value("readOnly", false)) out[key] = plausible(prop, key, depth + 1);
      return out;
    }
    if (t == "array") return json::array({plausible(s.value("items", json::object()), name, depth + 1)});
    if (t == "integer") return s.contains("minimum") ? s["minimum"] : json(1);
    if (t == "number") return 1;
    if (t == "boolean") return true;
    const std::string format = s.value("format", "");
    if (format == "uuid") return id_for(name);
    if (format == "date") return "2019-06-13";
    if (format == "date-time") return "2019-06-20T18:00:00+01:00";
    if (format == "email") return "fuzz@example.org";
    if (format == "uri") return "https://example.org/fuzz";
    return "fuzz " + name;
  }

  // JSON Pointers to every field of a body: top-level fields, nested objects' fields and the
  // fields of each array's first item.
  static void pointers(const json& value, const std::string& at, std::vector<std::string>& out, int depth = 0) {
    if (depth > 3) return;
    if (value.is_object())
      for (const auto& [key, v] : value.items()) {
        out.push_back(at + "/" + key);
        pointers(v, at + "/" + key, out, depth + 1);
      }
    if (value.is_array() && !value.empty()) {
      out.push_back(at + "/0");
      pointers(value[0], at + "/0", out, depth + 1);
    }
  }

  std::string concrete_path(const std::string& pattern) {
    std::string path;
    std::size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] == '{') {
        const auto end = pattern.find('}', i);
        const std::string name = pattern.substr(i + 1, end - i - 1);
        const auto slash = path.find_last_of('/', path.size() - 2);
        const std::string segment = path.substr(slash + 1, path.size() - slash - 2);
        path += name == "reference" ? booking_reference() : id_for(segment);
        i = end + 1;
      } else {
        path += pattern[i++];
      }
    }
    return path;
  }

  std::string booking_reference() {
    if (reference_.empty()) reference_ = server().database().query_value("SELECT reference FROM bookings LIMIT 1");
    return reference_.empty() ? "ABCD-1234" : reference_;
  }

  struct Sent {
    int requests = 0;
    int server_errors = 0;
    std::set<std::string> operations;
    std::set<std::string> reached;  // operations that answered 2xx at least once: fuzzed past their 404s
    std::string current;
  };

  void send(const std::string& method, const std::string& path, const std::string& body, bool merge_patch,
            const std::string& role, const std::string& what, Sent& sent) {
    std::vector<std::string> headers = {"If-Match: *"};
    if (!body.empty())
      headers.push_back(merge_patch ? "Content-Type: application/merge-patch+json" : "Content-Type: application/json");
    Response r;
    try {
      r = raw(method, path, body, role, headers);
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << ": no answer (" << e.what() << ")";
      ++sent.server_errors;
      return;
    }
    ++sent.requests;
    if (r.status >= 200 && r.status < 300) sent.reached.insert(sent.current);
    if (r.status >= 500) {
      ++sent.server_errors;
      ADD_FAILURE() << what << " -> " << r.status << ": " << r.body.substr(0, 300);
    } else if (r.status >= 400) {
      EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u)
          << what << " -> " << r.status << " is not problem+json: " << r.body.substr(0, 200);
    }
  }

  std::map<std::string, std::string> ids_;
  std::string reference_;
};

TEST_F(ContractFuzz, NoFieldOfAnyOperationGets5xx) {
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run_cli(server().database().url(), {"seed", "staffordshire-2019"}), 0);
  ASSERT_EQ(call("POST", "/api/v1/tokens", json{{"name", "fuzz target"}, {"role", "viewer"}}.dump()).status, 201);
  Sent sent;
  const auto values = hostile_values();
  for (const auto& [pattern, item] : doc()["paths"].items()) {
    for (const auto& [method_lower, op] : item.items()) {
      if (method_lower == "parameters") continue;
      std::string method = method_lower;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string path = concrete_path(pattern);
      // Open: no security at all, or a token optional (an empty requirement among them).
      bool open = op.contains("security") && op["security"].empty();
      if (op.contains("security"))
        for (const auto& requirement : op["security"]) open = open || requirement.empty();
      const std::vector<std::string> roles =
          open ? std::vector<std::string>{"admin", ""} : std::vector<std::string>{"admin"};
      sent.operations.insert(method + " " + pattern);
      sent.current = method + " " + pattern;

      // Garbage in each query parameter, one at a time.
      std::vector<json> params;
      for (const auto* holder : {&item, &op})
        if (holder->contains("parameters"))
          for (const auto& p : (*holder)["parameters"]) params.push_back(resolve(p));
      for (const auto& p : params) {
        if (p.value("in", "") != "query") continue;
        for (const auto& g : kQueryGarbage)
          send(method, path + "?" + p["name"].get<std::string>() + "=" + g, method == "GET" ? "" : "{}", false, "admin",
               method + " " + pattern + " ?" + p["name"].get<std::string>() + "=" + g.substr(0, 40), sent);
      }
      // Garbage in each path parameter.
      if (pattern.find('{') != std::string::npos)
        for (const auto& g : kPathGarbage) {
          std::string bad = pattern.substr(0, pattern.find('{')) + g + pattern.substr(pattern.find('}') + 1);
          send(method, bad, method == "GET" ? "" : "{}", false, "admin",
               method + " " + pattern + " path=" + g.substr(0, 40), sent);
        }

      if (!op.contains("requestBody")) {
        for (const auto& role : roles) send(method, path, "", false, role, method + " " + pattern, sent);
        continue;
      }
      const json& content = resolve(op["requestBody"])["content"];
      const bool merge = !content.contains("application/json") || method == "PATCH";
      const json& schema = content.contains("application/json") ? content["application/json"]["schema"]
                                                                : content.begin().value()["schema"];
      json body = plausible(schema, "");
      if (!body.is_object()) body = json::object();
      // The server-owned fields of the record the operation answers with are fuzzed too.
      json record_fields = json::object();
      for (const auto& [status, response] : op["responses"].items()) {
        if (status.empty() || status[0] != '2') continue;
        const json& r = resolve(response);
        if (r.contains("content") && r["content"].contains("application/json")) {
          const json& rs = concrete(r["content"]["application/json"]["schema"]);
          if (rs.contains("properties"))
            for (const auto& [key, prop] : rs["properties"].items()) record_fields[key] = nullptr;
        }
      }
      std::vector<std::string> fields;
      pointers(body, "", fields);
      for (const auto& [key, v] : record_fields.items())
        if (!body.contains(key)) fields.push_back("/" + key);

      for (const auto& role : roles) {
        send(method, path, body_text(body), merge, role, method + " " + pattern + " plausible", sent);
        for (const char* malformed : {"{", "[]", "null", "\"x\"", "{\"a\":}", "\xff\xfe", "{\"a\":1,\"a\":2}"})
          send(method, path, malformed, merge, role, method + " " + pattern + " malformed", sent);
      }
      for (const auto& field : fields) {
        for (const auto& v : values) {
          json mutated = body;
          const json::json_pointer ptr(field);
          try {
            mutated[ptr] = v;
          } catch (const json::exception&) {
            continue;
          }
          send(method, path, body_text(mutated), merge, roles.back(),
               method + " " + pattern + " " + field + "=" + body_text(v).substr(0, 40), sent);
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(raw("GET", "/healthz", "", "").status, 200) << "the server died";
  EXPECT_EQ(sent.server_errors, 0);
  std::printf("contract fuzz: %zu operations (%zu reached past validation to a 2xx), %d requests, %d 5xx, %.1f s\n",
              sent.operations.size(), sent.reached.size(), sent.requests, sent.server_errors, seconds);
  for (const auto& op : sent.operations)
    if (!sent.reached.count(op)) std::printf("  never 2xx: %s\n", op.c_str());
  // A fuzzer that only ever meets 404s and 400s tests nothing: most operations must succeed
  // with their plausible request.
  EXPECT_GE(sent.reached.size() * 10, sent.operations.size() * 7);
}

}  // namespace
