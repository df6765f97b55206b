#include "server/webhooks/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace incommon::webhooks {

namespace {

constexpr std::string_view kPrefix = "whsec_";

std::string base64(const unsigned char* bytes, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding's bytes too.
  std::size_t size = static_cast<std::size_t>(n);
  for (auto c = text.rbegin(); c != text.rend() && *c == '='; ++c) --size;
  out.resize(size);
  return out;
}

}  // namespace

std::string new_secret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness available");
  return std::string(kPrefix) + base64(bytes, sizeof bytes);
}

std::optional<std::string> key_of(const std::string& secret) {
  if (!secret.starts_with(kPrefix)) return std::nullopt;
  auto key = unbase64(std::string_view(secret).substr(kPrefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string signature_header(const std::string& id, std::int64_t timestamp, const std::string& body,
                             const std::vector<std::string>& secrets) {
  const std::string signed_content = id + "." + std::to_string(timestamp) + "." + body;
  std::string out;
  for (const auto& secret : secrets) {
    auto key = key_of(secret);
    if (!key) throw std::invalid_argument("not a whsec_ signing secret");
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
              reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac, &size))
      throw std::runtime_error("HMAC-SHA256 failed");
    out += (out.empty() ? "" : " ") + std::string("v1,") + base64(mac, size);
  }
  return out;
}

}  // namespace incommon::webhooks
