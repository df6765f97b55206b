#pragma once
// Where a webhook may be delivered (no SSRF): an https URL whose host resolves to public
// addresses only. Loopback, private, link-local (the cloud metadata service among them),
// carrier-grade NAT, unspecified, multicast, reserved and documentation addresses are refused,
// in IPv4 and IPv6 (IPv4-mapped and NAT64 addresses by the IPv4 address they carry), unless the
// URL's host is on the deployment's allow-list (INCOMMON_WEBHOOK_ALLOW_HOSTS), which may also use
// http. A name is judged by the addresses it resolves to, so whatever delivers must check each
// address again at connect time (`public_address` from libcurl's CURLOPT_OPENSOCKETFUNCTION),
// since DNS can answer differently from one lookup to the next.
#include <set>
#include <string>

#include <sys/socket.h>

#include "domain/core/error.hpp"

namespace incommon::webhooks {

struct Destination {
  std::string url;  // as normalised by libcurl's URL parser
  std::string scheme;
  std::string host;  // lower case; an IPv6 literal without its brackets
  int port = 443;
  bool allowed_host = false;  // on the allow-list: any address, and http too
};

// The destination a subscription's URL names, or a 422 for `field` saying what is wrong.
Result<Destination> destination_of(const std::string& url, const std::set<std::string>& allowed_hosts,
                                   const std::string& field = "url");

// Whether a resolved address may be connected to, for a host not on the allow-list; when not,
// `why` says which range it is in.
bool public_address(const sockaddr* address, std::string* why = nullptr);

}  // namespace incommon::webhooks
