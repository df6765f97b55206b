#pragma once
// Roles and what each may write. Every role reads every non-personal resource.
#include <optional>
#include <string>

#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class Role { admin, governance, transformation, engagement, viewer };

template <>
struct EnumNames<Role> {
  static constexpr std::array<std::pair<Role, std::string_view>, 5> table{{
      {Role::admin, "admin"},
      {Role::governance, "governance"},
      {Role::transformation, "transformation"},
      {Role::engagement, "engagement"},
      {Role::viewer, "viewer"},
  }};
};

// The things a write can touch, in the spec's words.
enum class WriteArea {
  tokens,
  organisations,
  people,
  appointments,
  financial_positions,
  meetings,
  decisions,
  votes,
  caveats,
  caveat_status_and_links,
  programmes,
  milestones,
  milestone_updates,
  risks,
  consultations,
  events,
  staff_responses,
  moderation,
  booking_lists,
  webhooks,
};

template <>
struct EnumNames<WriteArea> {
  static constexpr std::array<std::pair<WriteArea, std::string_view>, 20> table{{
      {WriteArea::tokens, "tokens"},
      {WriteArea::organisations, "organisations"},
      {WriteArea::people, "people"},
      {WriteArea::appointments, "appointments"},
      {WriteArea::financial_positions, "financial_positions"},
      {WriteArea::meetings, "meetings"},
      {WriteArea::decisions, "decisions"},
      {WriteArea::votes, "votes"},
      {WriteArea::caveats, "caveats"},
      {WriteArea::caveat_status_and_links, "caveat_status_and_links"},
      {WriteArea::programmes, "programmes"},
      {WriteArea::milestones, "milestones"},
      {WriteArea::milestone_updates, "milestone_updates"},
      {WriteArea::risks, "risks"},
      {WriteArea::consultations, "consultations"},
      {WriteArea::events, "events"},
      {WriteArea::staff_responses, "staff_responses"},
      {WriteArea::moderation, "moderation"},
      {WriteArea::booking_lists, "booking_lists"},
      {WriteArea::webhooks, "webhooks"},
  }};
};

bool may_write(Role role, WriteArea area);

// An API token goes in the Authorization header and acts with its role. A feed token is for
// calendar apps, which cannot send a header: it goes in a feed's URL, reads the calendar feeds
// and nothing else, and its role is viewer.
enum class TokenKind { api, feed };

template <>
struct EnumNames<TokenKind> {
  static constexpr std::array<std::pair<TokenKind, std::string_view>, 2> table{{
      {TokenKind::api, "api"},
      {TokenKind::feed, "feed"},
  }};
};

struct Token {
  RecordMeta meta;
  std::string name;
  Role role = Role::viewer;
  TokenKind kind = TokenKind::api;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

Status validate(const Token& token);

// A token holder as the server sees it after authentication.
// An API token's holder or a person with a provider's access token: one shape, one set of rules.
struct Principal {
  std::string token_id;  // an API token's; empty for a person
  std::string name;      // the token's name, or the person's display name
  Role role = Role::viewer;
  TokenKind kind = TokenKind::api;  // a feed token may read the calendar feeds only
  std::optional<Identity> person;
  // False for a person none of whose claim values maps to a role, where the issuer does not let
  // such people read as viewers: they may do nothing a token is needed for.
  bool has_role = true;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  // Stores only the hash of the secret.
  virtual Result<Token> insert(const Token& token, const std::string& secret_hash) = 0;
  virtual std::optional<Token> find(const std::string& id) = 0;
  virtual std::optional<Principal> authenticate(const std::string& secret_hash) = 0;
  virtual Page<Token> list(const PageRequest& page) = 0;
  virtual Result<Token> revoke(const std::string& id) = 0;
};

}  // namespace incommon
