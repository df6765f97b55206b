#pragma once
// What every stored record carries, and the paging contract of every list.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace incommon {

struct RecordMeta {
  std::string id;
  std::int64_t version = 0;
  std::string created_at;  // RFC 3339, UTC
  std::string updated_at;
};

// Keyset paging: `after` is the sort key of the last row already seen.
struct PageRequest {
  int limit = 50;
  std::optional<std::vector<std::string>> after;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::vector<std::string>> next;  // sort key to continue after, when more remain
};

// A person signed in through an OpenID Connect provider: who the provider says they are.
struct Identity {
  std::string issuer;                // the provider's issuer URL
  std::string subject;               // its `sub`: stable and unique within the issuer
  std::optional<std::string> email;  // from the token, where it carries one
};

// Who is writing, recorded with every audit event.
struct Actor {
  std::string token_id;  // an API token's id; empty for a person, the command line and the system
  std::string name;      // the token's name, the person's display name, "public" or "system"
  std::string request_id;
  std::optional<Identity> person;
};

}  // namespace incommon
