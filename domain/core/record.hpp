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

// Who is writing, recorded with every audit event.
struct Actor {
  std::string token_id;  // empty for the command line / system
  std::string name;
  std::string request_id;
};

}  // namespace incommon
