#pragma once
// Every write appends an audit event in its own transaction; the log is append-only.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/role.hpp"
#include "domain/core/record.hpp"

namespace incommon {

struct AuditEvent {
  std::string id;
  std::string entity_type;  // the collection's name: "organisations", "people", ...
  std::string entity_id;
  std::string action;  // create, update, revoke, ...
  std::optional<std::string> actor_token_id;
  std::string actor_name;
  std::optional<Identity> actor_person;
  std::optional<std::string> request_id;
  std::string at;  // RFC 3339, UTC
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  // A milestone's progress update (action "progress"): the entry it added to the milestone's log.
  std::optional<std::string> entry_json;
};

// Where a feed stands: after the event of transaction `xact` with `seq`. The feed goes in that
// order, and only up to the oldest transaction still running (migration 0021), so no event can
// commit behind it. As text, "xact:seq"; a feed begun before that migration holds the seq alone
// (its events all had committed: xact 0).
struct FeedPosition {
  std::uint64_t xact = 0;
  std::int64_t seq = 0;
};

inline std::optional<FeedPosition> parse_feed_position(std::string_view text) {
  const auto number = [](std::string_view digits, auto& out) {
    const auto* end = digits.data() + digits.size();
    auto [at, error] = std::from_chars(digits.data(), end, out);
    return !digits.empty() && error == std::errc() && at == end && out >= 0;
  };
  FeedPosition p;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return number(text, p.seq) ? std::optional(p) : std::nullopt;
  if (!number(text.substr(0, colon), p.xact) || !number(text.substr(colon + 1), p.seq)) return std::nullopt;
  return p;
}

inline std::string to_string(const FeedPosition& p) {
  return std::to_string(p.xact) + ":" + std::to_string(p.seq);
}

struct AuditFilter {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;  // token id, name, or a person's subject
  std::optional<std::string> from;   // RFC 3339 instant, inclusive
  std::optional<std::string> to;     // exclusive
  // Entity types the reader may not see: their events are left out of the list.
  std::vector<std::string> hidden_entity_types;
  // The feed: only events strictly after this one (its id), or after this position (a feed
  // cursor's), and a page that always says where to poll from next, the tail included.
  std::optional<std::string> after_event_id;
  std::optional<FeedPosition> after_position;
  bool feed = false;
};

// The events a role may not read: those about tokens are for admins only; those about records
// holding personal data of the public (bookings, reports) for the roles that handle them.
std::vector<std::string> audit_entity_types_hidden_from(Role role);

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Page<AuditEvent> list(const AuditFilter& filter, const PageRequest& page) = 0;
  virtual bool has_event(const std::string& id) = 0;
};

}  // namespace incommon
