#pragma once
// The PostgreSQL side of incommon: a pool of connections, and units of work on them.
// SOCI stays inside persistence/: only the raw-session helpers for migrations and seeds name
// it, forward-declared. No domain header is included here (see the declarations below).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace soci {
class session;
}

// The repositories a Store hands out, declared only: a file that calls one includes the domain
// header that defines it, so a change to one domain rebuilds only the files that use it.
namespace incommon {
class AppointmentRepository;
class AuditLog;
class CaveatRepository;
class ChangeRepository;
class ConsultationRepository;
class DashboardRepository;
class DecisionRepository;
class FinancialPositionRepository;
class MeetingRepository;
class MilestoneRepository;
class OrganisationRepository;
class PersonRepository;
class ProgrammeRepository;
class ResponseRepository;
class RiskRepository;
class TokenRepository;
class VoteRepository;
class WebhookRepository;
class Outbox;
}  // namespace incommon

namespace incommon::db {

class IdempotencyStore;
class SubscribedTypes;

struct Config {
  std::string url;  // libpq URI or conninfo
  std::size_t pool_size = 4;
  std::chrono::milliseconds lease_timeout{2000};
};

// A client over its limit of public writes this minute.
struct RateWindow {
  int hits = 0;
  int retry_after_seconds = 60;
};

// Public writes per client (its keyed hash, never its address) and minute, counted in the
// database so that every server instance sees the same count.
class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;
  // Counts this write; the window when it is over `limit`.
  virtual std::optional<RateWindow> hit(const std::string& client_key, int limit) = 0;
};

// Repositories bound to one leased connection (and its transaction, for writes).
class Store {
 public:
  virtual ~Store() = default;
  virtual OrganisationRepository& organisations() = 0;
  virtual PersonRepository& people() = 0;
  virtual AppointmentRepository& appointments() = 0;
  virtual FinancialPositionRepository& financial_positions() = 0;
  virtual MeetingRepository& meetings() = 0;
  virtual DecisionRepository& decisions() = 0;
  virtual ProgrammeRepository& programmes() = 0;
  virtual MilestoneRepository& milestones() = 0;
  virtual RiskRepository& risks() = 0;
  virtual VoteRepository& votes() = 0;
  virtual CaveatRepository& caveats() = 0;
  virtual ChangeRepository& changes() = 0;
  virtual ConsultationRepository& consultations() = 0;
  virtual ResponseRepository& responses() = 0;
  virtual RateLimitStore& rate_limits() = 0;
  virtual DashboardRepository& dashboards() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual AuditLog& audit() = 0;
  virtual IdempotencyStore& idempotency() = 0;
  virtual WebhookRepository& webhooks() = 0;
  // The events this write announces to webhooks, delivered only if it commits.
  virtual Outbox& outbox() = 0;
  // Names the audit action of the writes that follow in this transaction ("revoke", ...).
  virtual void set_audit_action(std::string_view action) = 0;
  // The database's current snapshot (pg_current_snapshot): two reads under equal snapshots see
  // exactly the same data, since no transaction has begun writing or committed in between.
  virtual std::string snapshot() = 0;
};

class Database {
 public:
  explicit Database(Config config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `work` on a leased connection; a read that met a lost connection is retried once.
  Status read(const std::function<Status(Store&)>& work);
  // Runs `work` in one read-only REPEATABLE READ transaction: every statement sees the same
  // snapshot (the one `Store::snapshot()` names when it is the first statement).
  Status read_consistent(const std::function<Status(Store&)>& work);
  // The same, reading the record as incommon held it at `instant` (RFC 3339): every statement
  // reads the audit trail's images of then instead of the tables (as_recorded.hpp).
  Status read_as_recorded(const std::string& instant, const std::function<Status(Store&)>& work);
  // Runs `work` in one transaction that records `actor` with every audit event; commits only
  // when `work` succeeds, so a failed request writes nothing. With `wal_position`, the WAL
  // position after the commit ("16/B374D848"): a standby that has replayed it sees the write.
  Status write(const Actor& actor, const std::function<Status(Store&)>& work, std::string* wal_position = nullptr);

  // True when the database answers a query.
  bool reachable();

  // For persistence itself (migrations, seeds): `work` on a leased raw session, no transaction.
  Status with_session(const std::function<Status(soci::session&)>& work);
  // The same inside one transaction that records `actor` with every audit event.
  Status with_transaction(const Actor& actor, const std::function<Status(soci::session&)>& work);

  // The server's memory of which event types anyone is subscribed to, which every Store's
  // outbox consults (none: every event is offered to the database). Set before serving.
  void set_subscribed_types(SubscribedTypes* types) { subscribed_types_ = types; }

  std::size_t pool_size() const;
  const std::string& url() const;
  std::size_t in_use() const { return in_use_.load(); }
  std::uint64_t error_count() const { return errors_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::uint64_t> errors_{0};
  SubscribedTypes* subscribed_types_ = nullptr;
  Status run(bool transactional, const Actor* actor, const std::function<Status(soci::session&)>& work,
             std::string* wal_position = nullptr);
};

// The connection string with the options incommon relies on (UTC, connect timeout).
std::string connection_string(const std::string& url);

}  // namespace incommon::db
