#pragma once
// Who a public client is, for rate limits and report counting: the connection's peer, or the
// last address in X-Forwarded-For when the peer is a trusted proxy.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/http/message.hpp"

namespace incommon::http {

struct AddressRange {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
  int prefix = 128;
  bool contains(const std::array<std::uint8_t, 16>& address) const;
};

// "10.0.0.0/8, 192.168.1.7, ::1" -> ranges; nullopt when an entry is not an address or CIDR.
std::optional<std::vector<AddressRange>> parse_address_ranges(const std::string& text);
// An IPv4 or IPv6 address as IPv6 bytes.
std::optional<std::array<std::uint8_t, 16>> parse_address(const std::string& text);

std::string client_address(const HttpRequest& request, const std::vector<AddressRange>& trusted_proxies);

// What stands for a client where clients must be told apart (reports, rate limits, the
// idempotency scope of public writes): HMAC-SHA256 under `key` of the address, as hex, so that
// no address is kept. An IPv6 client counts by its /64 (one subscriber's network, in which it
// may pick any address); IPv4 and IPv4-mapped addresses count alike.
std::string client_key(const std::string& address, const std::string& key);

}  // namespace incommon::http
