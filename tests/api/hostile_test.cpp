// Hostile input, table-driven: malformed JSON, headers, query strings, paths, sizes and
// encodings over HTTP, and garbage on a raw socket. Each gets its 4xx as problem+json (or a
// closed connection), never a 5xx, never a leak of SQL, stack, paths or library names, and
// the server stays up.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

namespace {

struct Hostile {
  std::string name;
  std::string method;
  std::string path;
  std::string body;
  std::vector<std::string> headers;
  int status;  // expected
};

// What a raw socket got back: the status of the first response, or 0 when the server closed
// the connection (or said nothing) instead.
struct RawAnswer {
  int status = 0;
  std::string text;
};

int port_of(const std::string& base_url) {
  return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

RawAnswer raw_exchange(int port, const std::string& bytes, std::chrono::milliseconds pause_between = {},
                       int wait_ms = 3000) {
  RawAnswer answer;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return answer;
  }
  if (pause_between.count() == 0) {
    (void)!send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  } else {
    for (char c : bytes) {  // a slow client, byte by byte
      if (send(fd, &c, 1, MSG_NOSIGNAL) != 1) break;
      std::this_thread::sleep_for(pause_between);
    }
  }
  shutdown(fd, SHUT_WR);
  pollfd p{fd, POLLIN, 0};
  char buffer[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (std::chrono::steady_clock::now() < deadline && poll(&p, 1, 200) >= 0) {
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    const auto n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  if (answer.text.rfind("HTTP/1.", 0) == 0 && answer.text.size() > 12)
    answer.status = std::stoi(answer.text.substr(9, 3));
  return answer;
}

bool leaks(const std::string& text) {
  for (const char* secret : {"SELECT", "INSERT", "soci_", "soci::", "libpq", "pistache", "Pistache", "/work/", ".cpp",
                             "std::", "terminate", "what():", "postgresql://"})
    if (text.find(secret) != std::string::npos) return true;
  return false;
}

}  // namespace

class Hostility : public ApiTest {};

TEST_F(Hostility, SixtyMalformedRequestsGetTheirFourHundredsAndNothingLeaks) {
  const std::string org = "/api/v1/organisations";
  const std::string some = "/api/v1/organisations/00000000-0000-4000-8000-000000000000";
  const std::string ok = R"({"name":"Hostile org","type":"ccg"})";
  const std::string json_type = "Content-Type: application/json";
  std::vector<Hostile> table = {
      // JSON
      {"unterminated object", "POST", org, "{\"name\":", {json_type}, 400},
      {"unterminated string", "POST", org, "{\"name\":\"x", {json_type}, 400},
      {"bare word", "POST", org, "hello", {json_type}, 400},
      {"null body", "POST", org, "null", {json_type}, 400},
      {"number body", "POST", org, "42", {json_type}, 400},
      {"array of objects", "POST", org, "[" + ok + "]", {json_type}, 400},
      {"duplicate keys", "POST", org, R"({"name":"a","name":"b","type":"ccg","type":"x"})", {json_type}, 422},
      {"comment in JSON", "POST", org, R"({"name":"a" /* x */,"type":"ccg"})", {json_type}, 400},
      {"trailing comma", "POST", org, R"({"name":"a","type":"ccg",})", {json_type}, 400},
      {"NaN", "POST", org, R"({"name":"a","type":"ccg","population":NaN})", {json_type}, 400},
      {"Infinity", "POST", org, R"({"name":"a","type":"ccg","population":1e999})", {json_type}, 400},
      {"lone surrogate", "POST", org, R"({"name":"\ud800","type":"ccg"})", {json_type}, 400},
      {"overlong UTF-8", "POST", org, "{\"name\":\"\xc0\xaf\",\"type\":\"ccg\"}", {json_type}, 400},
      {"UTF-16 body", "POST", org, std::string("\xff\xfe{\0\"\0", 6), {json_type}, 400},
      {"number as string", "POST", org, R"({"name":"a","type":"ccg","population":"1e3"})", {json_type}, 400},
      {"nesting 1000 deep", "POST", org, std::string(1000, '[') + std::string(1000, ']'), {json_type}, 400},
      {"object nesting", "POST", org, R"({"name":{"a":{"b":{"c":1}}},"type":"ccg"})", {json_type}, 400},
      {"huge exponent", "POST", org, R"({"name":"a","type":"ccg","population":1e308})", {json_type}, 400},
      {"escaped NUL", "POST", org, R"({"name":"a\u0000","type":"ccg"})", {json_type}, 400},
      {"raw control char", "POST", org, "{\"name\":\"a\x01\",\"type\":\"ccg\"}", {json_type}, 400},
      {"SQL in a value",
       "POST",
       org,
       R"({"name":"x'); DROP TABLE organisations; --","type":"hospital"})",
       {json_type},
       422},
      {"SQL in a uuid", "POST", org, R"({"name":"a","type":"ccg","parent_id":"' OR 1=1 --"})", {json_type}, 422},
      {"boolean as name", "POST", org, R"({"name":true,"type":"ccg"})", {json_type}, 400},
      {"array as enum", "POST", org, R"({"name":"a","type":["ccg"]})", {json_type}, 400},
      {"object as date", "POST", org, R"({"name":"a","type":"ccg","established_on":{}})", {json_type}, 400},
      {"month 0", "POST", org, R"({"name":"a","type":"ccg","established_on":"2019-00-10"})", {json_type}, 422},
      {"year 99999", "POST", org, R"({"name":"a","type":"ccg","established_on":"99999-01-01"})", {json_type}, 422},
      {"int64 overflow", "POST", "/api/v1/votes", R"({"eligible":9223372036854775808})", {json_type}, 400},
      {"instant without offset",
       "POST",
       "/api/v1/meetings",
       R"({"title":"t","kind":"other","organisation_ids":[],"starts_at":"2019-06-13T10:00:00","ends_at":"2019-06-13T11:00:00"})",
       {json_type},
       422},
      {"uuid list with junk",
       "POST",
       "/api/v1/programmes",
       R"({"name":"p","target_date":"2020-04-01","organisation_ids":["x"]})",
       {json_type},
       422},
      // Headers
      {"empty content type", "POST", org, ok, {"Content-Type: "}, 415},
      {"xml", "POST", org, "<org/>", {"Content-Type: application/xml"}, 415},
      {"multipart", "POST", org, ok, {"Content-Type: multipart/form-data; boundary=x"}, 415},
      {"bearer with no token", "GET", org, "", {"Authorization: Bearer "}, 401},
      {"basic auth", "GET", org, "", {"Authorization: Basic YWRtaW46YWRtaW4="}, 401},
      {"token of junk", "GET", org, "", {"Authorization: Bearer ' OR '1'='1"}, 401},
      {"very long token", "GET", org, "", {"Authorization: Bearer " + std::string(8000, 'a')}, 401},
      {"if-match junk", "PATCH", some, "{}", {json_type, "If-Match: W/\"1\""}, 404},
      {"idempotency key with spaces", "POST", org, ok, {json_type, "Idempotency-Key: a b"}, 400},
      {"idempotency key too long", "POST", org, ok, {json_type, "Idempotency-Key: " + std::string(300, 'k')}, 400},
      {"request id injection", "GET", "/healthz", "", {"X-Request-Id: a\"}{\"level\":\"error\""}, 200},
      // Query strings
      {"unknown parameter", "GET", org + "?colour=red", "", {}, 400},
      {"limit zero", "GET", org + "?limit=0", "", {}, 400},
      {"limit huge", "GET", org + "?limit=100000", "", {}, 400},
      {"limit negative", "GET", org + "?limit=-5", "", {}, 400},
      {"limit words", "GET", org + "?limit=ten", "", {}, 400},
      {"forged cursor", "GET", org + "?cursor=AAAA", "", {}, 400},
      {"cursor of JSON junk", "GET", org + "?cursor=eyJ4IjoxfQ", "", {}, 400},
      {"bad percent escape", "GET", org + "?type=%zz", "", {}, 400},
      {"NUL in query", "GET", org + "?type=c%00cg", "", {}, 400},
      {"repeated cursor", "GET", org + "?limit=5&limit=6", "", {}, 200},
      {"bad as_of", "GET", "/api/v1/caveats?as_of=yesterday", "", {}, 400},
      {"SQL in a filter", "GET", "/api/v1/decisions?status=draft'--", "", {}, 400},
      {"bad boolean", "GET", "/api/v1/caveats?overdue=yes", "", {}, 400},
      // Paths
      {"not a uuid", "GET", "/api/v1/organisations/123", "", {}, 404},
      {"SQL in the path", "GET", "/api/v1/organisations/'%20OR%201=1", "", {}, 404},
      {"dot segments", "GET", "/api/v1/../../etc/passwd", "", {}, 404},
      {"encoded slash", "GET", "/api/v1/organisations%2F00000000-0000-4000-8000-000000000000", "", {}, 404},
      {"NUL in path", "GET", "/api/v1/organisations/%00", "", {}, 404},
      {"very long path", "GET", "/api/v1/" + std::string(4000, 'a'), "", {}, 404},
      {"unknown method on a route", "PUT", org, ok, {json_type}, 405},
      {"trailing slash", "GET", org + "/", "", {}, 404},
      // Sizes
      {"body just over the limit", "POST", org, "{\"name\":\"" + std::string(1048576, 'x') + "\"}", {json_type}, 413},
  };
  ASSERT_GE(table.size(), 60u);
  for (const auto& c : table) {
    auto headers = c.headers;
    bool has_auth = false;
    for (const auto& h : headers) has_auth = has_auth || h.rfind("Authorization:", 0) == 0;
    auto r = raw(c.method, c.path, c.body, has_auth ? "" : "admin", headers);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body.substr(0, 300);
    EXPECT_LT(r.status, 500) << c.name;
    if (r.status >= 400) {
      EXPECT_EQ(r.header("content-type"), "application/problem+json") << c.name;
      EXPECT_TRUE(is_problem(r, r.status)) << c.name;
    }
    EXPECT_FALSE(leaks(r.body)) << c.name << ": " << r.body.substr(0, 300);
  }
  EXPECT_EQ(call("GET", "/healthz", "", "").status, 200);
  // The injected request id never reached a log line as given.
  EXPECT_EQ(server().log().find("a\"}{\"level\""), std::string::npos);
}

TEST_F(Hostility, GarbageOnARawSocketNeverBringsTheServerDown) {
  const int port = port_of(server().base_url());
  const std::vector<std::pair<std::string, std::string>> garbage = {
      {"binary noise", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)},
      {"TLS hello on plain HTTP",
       std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(160, 'A')},
      {"no version", "GET /healthz\r\n\r\n"},
      {"bad version", "GET /healthz HTTP/9.9\r\n\r\n"},
      {"lowercase method", "get /healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"unknown method", "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"header without colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"},
      {"negative content length", "POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}"},
      {"huge content length",
       "POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n{}"},
      {"chunked garbage", "POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
      {"NUL in request line", std::string("GET /heal\0thz HTTP/1.1\r\nHost: x\r\n\r\n", 35)},
      {"10000 headers", "GET /healthz HTTP/1.1\r\nHost: x\r\n" +
                            [] {
                              std::string h;
                              for (int i = 0; i < 10000; ++i) h += "X-" + std::to_string(i) + ": y\r\n";
                              return h;
                            }() +
                            "\r\n"},
      {"one enormous header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(200000, 'b') + "\r\n\r\n"},
      {"just CRLFs", std::string(1000, '\r') + std::string(1000, '\n')},
  };
  for (const auto& [name, bytes] : garbage) {
    auto answer = raw_exchange(port, bytes);
    EXPECT_TRUE(answer.status == 0 || (answer.status >= 400 && answer.status < 500) || answer.status == 200)
        << name << ": " << answer.text.substr(0, 200);
    if (answer.status >= 400) {
      EXPECT_NE(answer.text.find("application/problem+json"), std::string::npos) << name << ": " << answer.text;
    }
    EXPECT_FALSE(leaks(answer.text)) << name << ": " << answer.text.substr(0, 300);
    EXPECT_EQ(call("GET", "/healthz", "", "").status, 200) << "after " << name;
  }
  // A slow client sending its headers a byte at a time is answered or cut off, not waited on forever.
  const auto started = std::chrono::steady_clock::now();
  raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(40, 's'),
               std::chrono::milliseconds(50), 2000);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  EXPECT_EQ(call("GET", "/healthz", "", "").status, 200);
}
