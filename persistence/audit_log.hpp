#pragma once
// SqlAuditLog: the PostgreSQL side of audit_event.hpp. Internal to persistence.
#include "domain/audit/audit_event.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlAuditLog final : public AuditLog {
 public:
  explicit SqlAuditLog(soci::session& s) : s_(s) {}
  Page<AuditEvent> list(const AuditFilter& filter, const PageRequest& page) override;
  bool has_event(const std::string& id) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
