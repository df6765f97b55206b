#include "server/webhooks/destination.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>

namespace incommon::webhooks {

namespace {

struct UrlFree {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::optional<std::string> part(CURLU* u, CURLUPart which) {
  char* value = nullptr;
  if (curl_url_get(u, which, &value, 0) != CURLUE_OK || !value) return std::nullopt;
  std::string out(value);
  curl_free(value);
  return out;
}

Error refused(const std::string& field, const std::string& why) {
  return Error::rules({{field, why}});
}

struct Range4 {
  std::uint32_t network;
  int bits;
  const char* name;
};

// IANA's special-purpose IPv4 registry, the ranges a webhook must never reach.
constexpr std::array<Range4, 16> kRefused4{{
    {0x00000000, 8, "this network (0.0.0.0/8)"},
    {0x0a000000, 8, "private (10.0.0.0/8)"},
    {0x64400000, 10, "carrier-grade NAT (100.64.0.0/10)"},
    {0x7f000000, 8, "loopback (127.0.0.0/8)"},
    {0xa9fe0000, 16, "link-local, the cloud metadata service among them (169.254.0.0/16)"},
    {0xac100000, 12, "private (172.16.0.0/12)"},
    {0xc0000000, 24, "IETF protocol assignments (192.0.0.0/24)"},
    {0xc0000200, 24, "documentation (192.0.2.0/24)"},
    {0xc0586300, 24, "6to4 relay anycast (192.88.99.0/24)"},
    {0xc0a80000, 16, "private (192.168.0.0/16)"},
    {0xc6120000, 15, "benchmarking (198.18.0.0/15)"},
    {0xc6336400, 24, "documentation (198.51.100.0/24)"},
    {0xcb007100, 24, "documentation (203.0.113.0/24)"},
    {0xe0000000, 4, "multicast (224.0.0.0/4)"},
    {0xf0000000, 4, "reserved (240.0.0.0/4)"},
    {0xffffffff, 32, "broadcast"},
}};

bool public_v4(std::uint32_t a, std::string* why) {
  for (const auto& r : kRefused4) {
    const std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.network) {
      if (why) *why = r.name;
      return false;
    }
  }
  return true;
}

bool public_v6(const in6_addr& a, std::string* why) {
  const auto* b = a.s6_addr;
  auto refuse = [&](const char* name) {
    if (why) *why = name;
    return false;
  };
  auto v4_at = [&](int at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
           std::uint32_t{b[at + 3]};
  };
  static const std::array<unsigned char, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(mapped.begin(), mapped.end(), b)) return public_v4(v4_at(12), why);  // ::ffff:a.b.c.d
  static const std::array<unsigned char, 12> nat64{0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::equal(nat64.begin(), nat64.end(), b)) return public_v4(v4_at(12), why);  // 64:ff9b::a.b.c.d
  if (IN6_IS_ADDR_UNSPECIFIED(&a)) return refuse("unspecified (::)");
  if (IN6_IS_ADDR_LOOPBACK(&a)) return refuse("loopback (::1)");
  if (b[0] == 0 && std::all_of(b, b + 12, [](unsigned char c) { return c == 0; }))
    return refuse("IPv4-compatible (::/96)");
  if ((b[0] & 0xfe) == 0xfc) return refuse("unique local, private (fc00::/7)");
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return refuse("link-local (fe80::/10)");
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return refuse("site-local (fec0::/10)");
  if (b[0] == 0xff) return refuse("multicast (ff00::/8)");
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return refuse("documentation (2001:db8::/32)");
  if (b[0] == 0x20 && b[1] == 0x02) return public_v4(v4_at(2), why);  // 6to4 2002:a.b.c.d::/48
  if (b[0] == 0x01 && std::all_of(b + 1, b + 8, [](unsigned char c) { return c == 0; }))
    return refuse("discard-only (100::/64)");
  return true;
}

}  // namespace

bool public_address(const sockaddr* address, std::string* why) {
  if (!address) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    return public_v4(ntohl(v4.sin_addr.s_addr), why);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    return public_v6(v6.sin6_addr, why);
  }
  if (why) *why = "not an internet address";
  return false;
}

Result<Destination> destination_of(const std::string& url, const std::set<std::string>& allowed_hosts,
                                   const std::string& field) {
  std::unique_ptr<CURLU, UrlFree> u(curl_url());
  if (!u) return fail(Error::internal("libcurl could not allocate a URL"));
  if (url.size() > 2000 || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return fail(refused(field, "must be an absolute https URL"));
  Destination d;
  d.scheme = part(u.get(), CURLUPART_SCHEME).value_or("");
  d.host = part(u.get(), CURLUPART_HOST).value_or("");
  std::transform(d.host.begin(), d.host.end(), d.host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (d.host.size() > 2 && d.host.front() == '[' && d.host.back() == ']') d.host = d.host.substr(1, d.host.size() - 2);
  while (!d.host.empty() && d.host.back() == '.') d.host.pop_back();  // "localhost." is localhost
  if (d.host.empty()) return fail(refused(field, "must name a host"));
  if (part(u.get(), CURLUPART_USER) || part(u.get(), CURLUPART_PASSWORD))
    return fail(refused(field, "must not carry a user name or password"));
  if (part(u.get(), CURLUPART_FRAGMENT)) return fail(refused(field, "must not have a fragment"));
  d.allowed_host = allowed_hosts.count(d.host) > 0;
  if (d.scheme != "https" && !(d.allowed_host && d.scheme == "http"))
    return fail(refused(field, "must be an https URL (http only for a host in INCOMMON_WEBHOOK_ALLOW_HOSTS)"));
  if (auto port = part(u.get(), CURLUPART_PORT))
    d.port = std::stoi(*port);
  else
    d.port = d.scheme == "https" ? 443 : 80;
  // An address written in the URL is judged now; a name is judged at each connection.
  if (!d.allowed_host) {
    std::string why;
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, d.host.c_str(), &v4) == 1 && !public_v4(ntohl(v4.s_addr), &why))
      return fail(refused(field, "names an address that is " + why));
    if (inet_pton(AF_INET6, d.host.c_str(), &v6) == 1 && !public_v6(v6, &why))
      return fail(refused(field, "names an address that is " + why));
    if (d.host == "localhost" || d.host.ends_with(".localhost"))
      return fail(refused(field, "names this machine (localhost)"));
  }
  d.url = part(u.get(), CURLUPART_URL).value_or(url);
  return d;
}

}  // namespace incommon::webhooks
