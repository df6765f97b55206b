#include "persistence/database.hpp"

#include <algorithm>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <mutex>
#include <thread>
#include <vector>

#include "persistence/appointment_repository.hpp"
#include "persistence/audit_log.hpp"
#include "persistence/caveat_repository.hpp"
#include "persistence/change_repository.hpp"
#include "persistence/consultation_repository.hpp"
#include "persistence/dashboard_repository.hpp"
#include "persistence/decision_repository.hpp"
#include "persistence/errors.hpp"
#include "persistence/financial_position_repository.hpp"
#include "persistence/idempotency_store.hpp"
#include "persistence/meeting_repository.hpp"
#include "persistence/milestone_repository.hpp"
#include "persistence/organisation_repository.hpp"
#include "persistence/person_repository.hpp"
#include "persistence/programme_repository.hpp"
#include "persistence/response_repository.hpp"
#include "persistence/risk_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/token_repository.hpp"
#include "persistence/vote_repository.hpp"
#include "persistence/webhook_repository.hpp"

namespace incommon::db {

// A connection that dies silently (a NAT or proxy drops it without a reset) is noticed by TCP
// keepalives after about 10 + 3 x 3 seconds idle, and a write unacknowledged for 15 seconds
// (tcp_user_timeout) fails instead of waiting for the kernel's many minutes.
std::string connection_string(const std::string& url) {
  const bool uri = url.starts_with("postgres://") || url.starts_with("postgresql://");
  if (uri) {
    auto sep = url.find('?') == std::string::npos ? "?" : "&";
    return url + sep +
           "connect_timeout=3&keepalives=1&keepalives_idle=10&keepalives_interval=3&keepalives_count=3&"
           "tcp_user_timeout=15000&application_name=incommon&"
           "options=-c%20TimeZone%3DUTC%20-c%20DateStyle%3DISO%20-c%20client_min_messages%3Dwarning";
  }
  return url +
         " connect_timeout=3 keepalives=1 keepalives_idle=10 keepalives_interval=3 keepalives_count=3 "
         "tcp_user_timeout=15000 application_name=incommon "
         "options='-c TimeZone=UTC -c DateStyle=ISO -c client_min_messages=warning'";
}

namespace {

class SessionStore final : public Store {
 public:
  SessionStore(soci::session& s, SubscribedTypes* types)
      : session_(s),
        organisations_(s),
        people_(s),
        appointments_(s),
        financial_positions_(s),
        meetings_(s),
        decisions_(s),
        programmes_(s),
        milestones_(s),
        risks_(s),
        votes_(s),
        caveats_(s),
        changes_(s),
        consultations_(s),
        responses_(s),
        rate_limits_(s),
        dashboards_(s),
        tokens_(s),
        audit_(s),
        idempotency_(s),
        webhooks_(s),
        outbox_(s, types) {}
  OrganisationRepository& organisations() override { return organisations_; }
  PersonRepository& people() override { return people_; }
  AppointmentRepository& appointments() override { return appointments_; }
  FinancialPositionRepository& financial_positions() override { return financial_positions_; }
  MeetingRepository& meetings() override { return meetings_; }
  DecisionRepository& decisions() override { return decisions_; }
  ProgrammeRepository& programmes() override { return programmes_; }
  MilestoneRepository& milestones() override { return milestones_; }
  RiskRepository& risks() override { return risks_; }
  VoteRepository& votes() override { return votes_; }
  CaveatRepository& caveats() override { return caveats_; }
  ChangeRepository& changes() override { return changes_; }
  ConsultationRepository& consultations() override { return consultations_; }
  ResponseRepository& responses() override { return responses_; }
  RateLimitStore& rate_limits() override { return rate_limits_; }
  DashboardRepository& dashboards() override { return dashboards_; }
  TokenRepository& tokens() override { return tokens_; }
  AuditLog& audit() override { return audit_; }
  IdempotencyStore& idempotency() override { return idempotency_; }
  WebhookRepository& webhooks() override { return webhooks_; }
  Outbox& outbox() override { return outbox_; }
  std::string snapshot() override { return Query("SELECT pg_current_snapshot()::text").fetch_one(session_)->text(0); }
  void set_audit_action(std::string_view action) override { name_audit_action(session_, action); }

 private:
  soci::session& session_;
  SqlOrganisationRepository organisations_;
  SqlPersonRepository people_;
  SqlAppointmentRepository appointments_;
  SqlFinancialPositionRepository financial_positions_;
  SqlMeetingRepository meetings_;
  SqlDecisionRepository decisions_;
  SqlProgrammeRepository programmes_;
  SqlMilestoneRepository milestones_;
  SqlRiskRepository risks_;
  SqlVoteRepository votes_;
  SqlCaveatRepository caveats_;
  SqlChangeRepository changes_;
  SqlConsultationRepository consultations_;
  SqlResponseRepository responses_;
  SqlRateLimitStore rate_limits_;
  SqlDashboardRepository dashboards_;
  SqlTokenRepository tokens_;
  SqlAuditLog audit_;
  SqlIdempotencyStore idempotency_;
  SqlWebhookRepository webhooks_;
  SqlOutbox outbox_;
};

}  // namespace

struct Database::Impl {
  explicit Impl(const Config& c) : config(c), pool(c.pool_size), conninfo(connection_string(c.url)) {}
  Config config;
  soci::connection_pool pool;
  std::string conninfo;
  std::vector<bool> opened;
  std::vector<std::chrono::milliseconds> backoff;
  std::vector<std::chrono::steady_clock::time_point> retry_at;
  std::mutex open_mutex;

  // Opens a pooled session on first use, so the server starts while the database is away.
  bool ensure_open(std::size_t pos) {
    soci::session& s = pool.at(pos);
    {
      std::lock_guard lock(open_mutex);
      if (!opened[pos]) {
        try {
          s.open(soci::postgresql, conninfo);
          opened[pos] = true;
          return true;
        } catch (const soci::soci_error&) {
          return false;
        }
      }
    }
    if (connection_ok(s)) return true;
    // While the database is away, each connection retries at most once per back-off period
    // (doubling from 100 ms to 5 s): an outage is not a reconnect storm, and requests in the
    // meantime get their 503 at once.
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(open_mutex);
      if (now < retry_at[pos]) return false;
    }
    try {
      s.reconnect();
      std::lock_guard lock(open_mutex);
      backoff[pos] = std::chrono::milliseconds(0);
      return true;
    } catch (const soci::soci_error&) {
      std::lock_guard lock(open_mutex);
      backoff[pos] =
          std::min(std::chrono::milliseconds(5000), std::max(std::chrono::milliseconds(100), backoff[pos] * 2));
      retry_at[pos] = std::chrono::steady_clock::now() + backoff[pos];
      return false;
    }
  }
};

Database::Database(Config config) : impl_(std::make_unique<Impl>(config)) {
  impl_->opened.assign(config.pool_size, false);
  impl_->backoff.assign(config.pool_size, std::chrono::milliseconds(0));
  impl_->retry_at.assign(config.pool_size, std::chrono::steady_clock::time_point{});
}

Database::~Database() = default;

std::size_t Database::pool_size() const {
  return impl_->config.pool_size;
}
const std::string& Database::url() const {
  return impl_->config.url;
}

namespace {
class LeaseGuard {
 public:
  LeaseGuard(soci::connection_pool& pool, std::size_t pos, std::atomic<std::size_t>& in_use)
      : pool_(pool), pos_(pos), in_use_(in_use) {
    ++in_use_;
  }
  ~LeaseGuard() {
    --in_use_;
    pool_.give_back(pos_);
  }

 private:
  soci::connection_pool& pool_;
  std::size_t pos_;
  std::atomic<std::size_t>& in_use_;
};

// `begin`, with the actor's settings for the audit trigger, then `work`, then COMMIT; a failed
// result or an exception rolls back, so a failed request writes nothing. BEGIN and the
// settings are sent with the first statement of `work`, and whatever is still unsent with
// COMMIT: they cost no round trip of their own.
Status in_transaction(soci::session& s, std::string_view begin, const Actor* actor, const std::function<Status()>& work,
                      std::string* wal_position = nullptr) {
  Query(begin).defer(s);
  if (actor) {
    Query settings("SELECT set_config('incommon.actor_id', ");
    settings.sql(settings.bind(actor->token_id)).sql(", true), set_config('incommon.actor_name', ");
    settings.sql(settings.bind(actor->name)).sql(", true), set_config('incommon.request_id', ");
    settings.sql(settings.bind(actor->request_id)).sql(", true)");
    if (actor->person) {
      settings.sql(", set_config('incommon.actor_issuer', ").sql(settings.bind(actor->person->issuer));
      settings.sql(", true), set_config('incommon.actor_subject', ").sql(settings.bind(actor->person->subject));
      settings.sql(", true), set_config('incommon.actor_email', ");
      settings.sql(settings.bind(actor->person->email.value_or(""))).sql(", true)");
    }
    settings.defer(s);
  }
  try {
    auto result = work();
    end_transaction(s, static_cast<bool>(result), result ? wal_position : nullptr);
    return result;
  } catch (...) {
    try {
      end_transaction(s, false);
    } catch (...) {  // the connection is gone, and the transaction with it
    }
    throw;
  }
}
}  // namespace

Status Database::run(bool transactional, const Actor* actor, const std::function<Status(soci::session&)>& work,
                     std::string* wal_position) {
  std::size_t pos = 0;
  if (!impl_->pool.try_lease(pos, static_cast<int>(impl_->config.lease_timeout.count())))
    return fail(Error::unavailable("All database connections are busy."));
  LeaseGuard guard(impl_->pool, pos, in_use_);
  const int attempts = transactional ? 1 : 2;
  for (int attempt = 1;; ++attempt) {
    if (!impl_->ensure_open(pos)) {
      ++errors_;
      return fail(Error::unavailable("The database is unavailable."));
    }
    soci::session& s = impl_->pool.at(pos);
    try {
      if (!transactional) return work(s);
      return in_transaction(
          s, "BEGIN", actor, [&] { return work(s); }, wal_position);
    } catch (...) {
      const bool lost = !s.is_connected();
      auto error = translate_current_exception(lost);
      if (error.kind == ErrorKind::internal || error.kind == ErrorKind::unavailable) ++errors_;
      if (lost && attempt < attempts) continue;  // a read is safe to repeat
      return fail(error);
    }
  }
}

Status Database::read(const std::function<Status(Store&)>& work) {
  return run(false, nullptr, [&](soci::session& s) {
    SessionStore store(s, subscribed_types_);
    return work(store);
  });
}

Status Database::read_consistent(const std::function<Status(Store&)>& work) {
  return run(false, nullptr, [&](soci::session& s) -> Status {
    SessionStore store(s, subscribed_types_);
    return in_transaction(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", nullptr, [&] { return work(store); });
  });
}

Status Database::read_as_recorded(const std::string& instant, const std::function<Status(Store&)>& work) {
  return run(false, nullptr, [&](soci::session& s) -> Status {
    SessionStore store(s, subscribed_types_);
    return in_transaction(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", nullptr, [&] {
      Query setting("SELECT set_config('incommon.as_recorded', ");
      setting.sql(setting.bind(instant)).sql(", true)");
      setting.defer(s);
      RecordedReads recorded(s);
      return work(store);
    });
  });
}

Status Database::write(const Actor& actor, const std::function<Status(Store&)>& work, std::string* wal_position) {
  return run(
      true, &actor,
      [&](soci::session& s) {
        SessionStore store(s, subscribed_types_);
        return work(store);
      },
      wal_position);
}

Status Database::with_session(const std::function<Status(soci::session&)>& work) {
  return run(false, nullptr, work);
}

Status Database::with_transaction(const Actor& actor, const std::function<Status(soci::session&)>& work) {
  return run(true, &actor, work);
}

bool Database::reachable() {
  return static_cast<bool>(with_session([](soci::session& s) -> Status {
    Query("SELECT 1").execute(s);
    return {};
  }));
}

}  // namespace incommon::db
