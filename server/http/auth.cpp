#include "server/http/auth.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace incommon::http {

namespace {
std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}
}  // namespace

std::string generate_token_secret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness available");
  return "inc_" + hex(bytes, sizeof bytes);
}

bool is_secret(std::string_view text) {
  if (text.size() != 68 || !text.starts_with("inc_")) return false;
  for (char c : text.substr(4))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256 failed");
  return hex(digest, len);
}

std::optional<std::string> bearer_token(const std::string& authorization) {
  if (authorization.size() < 8) return std::nullopt;
  std::string scheme = authorization.substr(0, 7);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return std::nullopt;
  std::string token = authorization.substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  if (token.empty() || token.size() > 16 * 1024) return std::nullopt;  // a JWT runs to a few KiB
  return token;
}

}  // namespace incommon::http
