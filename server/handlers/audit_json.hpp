#pragma once
#include "domain/audit/audit_event.hpp"
#include "server/http/message.hpp"

namespace incommon::http {
json audit_event_json(const AuditEvent& e);
// Who wrote a record (the contract's Actor): an API token, a person, the public or the system.
json actor_json(const std::optional<std::string>& token_id, const std::string& name,
                const std::optional<Identity>& person);
}  // namespace incommon::http
