#pragma once
// Bearer tokens: random secrets shown once, stored as SHA-256.
#include <optional>
#include <string>
#include <string_view>

namespace incommon::http {

// 32 random bytes as "inc_" + 64 hex characters (256 bits).
std::string generate_token_secret();
// Whether a text has the shape of a secret this server hands out (a token's), which must never
// be written anywhere: not to a table, a log line or a stored response.
bool is_secret(std::string_view text);
std::string sha256_hex(const std::string& text);
// The token from "Authorization: Bearer <token>", if the header has that form.
std::optional<std::string> bearer_token(const std::string& authorization);

}  // namespace incommon::http
