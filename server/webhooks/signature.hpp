#pragma once
// Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com): each delivery carries
// `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
// list of `v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, one per secret in use
// (the new and the old one while a rotated secret overlaps). Receivers verify with any of the
// libraries the standard publishes; the tests use its `standardwebhooks` npm package.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace incommon::webhooks {

// A new signing secret: "whsec_" and the base64 of 32 random bytes, shown once to the admin
// who subscribes.
std::string new_secret();

// The key a "whsec_<base64>" secret stands for; none for any other text.
std::optional<std::string> key_of(const std::string& secret);

// The webhook-signature header for this message under each of `secrets` ("whsec_..."), in
// their order.
std::string signature_header(const std::string& id, std::int64_t timestamp, const std::string& body,
                             const std::vector<std::string>& secrets);

}  // namespace incommon::webhooks
