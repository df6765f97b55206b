#include "server/http/client_address.hpp"

#include <arpa/inet.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace incommon::http {

namespace {

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

}  // namespace

bool AddressRange::contains(const std::array<std::uint8_t, 16>& address) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[i] & mask) != (bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<std::array<std::uint8_t, 16>> parse_address(const std::string& text) {
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

std::optional<std::vector<AddressRange>> parse_address_ranges(const std::string& text) {
  std::vector<AddressRange> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string entry = trim(text.substr(start, comma - start));
    start = comma + 1;
    if (entry.empty()) continue;
    const auto slash = entry.find('/');
    const std::string address = entry.substr(0, slash);
    auto bytes = parse_address(address);
    if (!bytes) return std::nullopt;
    const bool v4 = address.find(':') == std::string::npos;
    int prefix = 128;
    if (slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      prefix = std::stoi(bits);
      if (prefix > (v4 ? 32 : 128)) return std::nullopt;
      if (v4) prefix += 96;
    }
    out.push_back({*bytes, prefix});
  }
  return out;
}

std::string client_address(const HttpRequest& request, const std::vector<AddressRange>& trusted_proxies) {
  const auto peer = parse_address(request.peer_address);
  if (!peer || trusted_proxies.empty()) return request.peer_address;
  bool trusted = false;
  for (const auto& range : trusted_proxies) trusted = trusted || range.contains(*peer);
  const std::string* forwarded = trusted ? request.header("x-forwarded-for") : nullptr;
  if (!forwarded) return request.peer_address;
  // The proxy appends the address it saw last: earlier entries are the client's to write.
  const auto comma = forwarded->rfind(',');
  const std::string last = trim(comma == std::string::npos ? *forwarded : forwarded->substr(comma + 1));
  return parse_address(last) ? last : request.peer_address;
}

std::string client_key(const std::string& address, const std::string& key) {
  std::string subject = address;
  if (auto bytes = parse_address(address)) {
    const bool v4 = std::all_of(bytes->begin(), bytes->begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
                    (*bytes)[10] == 0xff && (*bytes)[11] == 0xff;
    if (!v4) std::fill(bytes->begin() + 8, bytes->end(), std::uint8_t{0});
    subject.assign(bytes->begin(), bytes->end());
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(subject.data()), subject.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += digits[mac[i] >> 4];
    out += digits[mac[i] & 15];
  }
  return out;
}

}  // namespace incommon::http
