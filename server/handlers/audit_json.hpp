#pragma once
#include "domain/audit/audit_event.hpp"
#include "server/http/message.hpp"

namespace incommon::http {
json audit_event_json(const AuditEvent& e);
}
