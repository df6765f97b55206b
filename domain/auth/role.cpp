#include "domain/auth/role.hpp"

#include "domain/audit/audit_event.hpp"
#include "domain/core/text.hpp"

namespace incommon {

std::vector<std::string> audit_entity_types_hidden_from(Role role) {
  std::vector<std::string> hidden;
  if (role != Role::admin) hidden.push_back("tokens");
  if (!may_write(role, WriteArea::booking_lists)) {
    hidden.push_back("bookings");
    hidden.push_back("response_reports");
  }
  return hidden;
}

bool may_write(Role role, WriteArea area) {
  using A = WriteArea;
  switch (role) {
    case Role::admin:
      return true;
    case Role::governance:
      switch (area) {
        case A::organisations:
        case A::people:
        case A::appointments:
        case A::financial_positions:
        case A::meetings:
        case A::decisions:
        case A::votes:
        case A::caveats:
        case A::caveat_status_and_links:
          return true;
        default:
          return false;
      }
    case Role::transformation:
      switch (area) {
        case A::programmes:
        case A::milestones:
        case A::milestone_updates:
        case A::risks:
        case A::caveat_status_and_links:
          return true;
        default:
          return false;
      }
    case Role::engagement:
      switch (area) {
        case A::consultations:
        case A::events:
        case A::staff_responses:
        case A::moderation:
        case A::booking_lists:
          return true;
        default:
          return false;
      }
    case Role::viewer:
      return false;
  }
  return false;
}

Status validate(const Token& t) {
  Violations v;
  check_text(v, "name", t.name, 100);
  if (t.kind == TokenKind::feed && t.role != Role::viewer)
    v.add("role", "a feed token reads the calendar feeds only: its role is viewer");
  return v.result();
}

}  // namespace incommon
