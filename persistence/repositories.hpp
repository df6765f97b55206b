#pragma once
// PostgreSQL implementations of the domain's repository interfaces, on a connection leased
// from SOCI's pool (their statements go through persistence/sql.hpp). Internal to persistence.
#include <soci/soci.h>

#include "domain/audit/audit_event.hpp"
#include "domain/auth/role.hpp"
#include "domain/decisions/decision.hpp"
#include "domain/finance/financial_position.hpp"
#include "domain/leadership/appointment.hpp"
#include "domain/organisations/organisation.hpp"
#include "domain/people/person.hpp"
#include "domain/programmes/dashboard.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "domain/programmes/risk.hpp"
#include "domain/consultation/consultation.hpp"
#include "domain/consultation/response.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"
#include "persistence/database.hpp"
#include "persistence/idempotency_store.hpp"

namespace incommon::db {

class SqlOrganisationRepository final : public OrganisationRepository {
 public:
  explicit SqlOrganisationRepository(soci::session& s) : s_(s) {}
  Result<Organisation> insert(const Organisation& org) override;
  std::optional<Organisation> find(const std::string& id) override;
  std::optional<Organisation> find_for_update(const std::string& id) override;
  Page<Organisation> list(const OrganisationFilter& filter, const PageRequest& page) override;
  Result<Organisation> save(const Organisation& org) override;
  void lock_hierarchy() override;
  std::vector<std::string> ancestors(const std::string& id) override;

 private:
  std::optional<Organisation> find(const std::string& id, bool lock);
  soci::session& s_;
};

class SqlPersonRepository final : public PersonRepository {
 public:
  explicit SqlPersonRepository(soci::session& s) : s_(s) {}
  Result<Person> insert(const Person& person) override;
  std::optional<Person> find(const std::string& id) override;
  std::optional<Person> find_for_update(const std::string& id) override;
  Page<Person> list(const PersonFilter& filter, const PageRequest& page) override;
  Result<Person> save(const Person& person) override;

 private:
  std::optional<Person> find(const std::string& id, bool lock);
  soci::session& s_;
};

class SqlTokenRepository final : public TokenRepository {
 public:
  explicit SqlTokenRepository(soci::session& s) : s_(s) {}
  Result<Token> insert(const Token& token, const std::string& secret_hash) override;
  std::optional<Token> find(const std::string& id) override;
  std::optional<Principal> authenticate(const std::string& secret_hash) override;
  Page<Token> list(const PageRequest& page) override;
  Result<Token> revoke(const std::string& id) override;

 private:
  soci::session& s_;
};

class SqlAppointmentRepository final : public AppointmentRepository {
 public:
  explicit SqlAppointmentRepository(soci::session& s) : s_(s) {}
  Result<Appointment> insert(const Appointment& a) override;
  std::optional<Appointment> find(const std::string& id) override;
  std::optional<Appointment> find_for_update(const std::string& id) override;
  Page<Appointment> list(const AppointmentFilter& filter, const PageRequest& page) override;
  Result<Appointment> save(const Appointment& a) override;
  void lock_offices(const std::vector<std::string>& organisation_ids, OfficeRole role) override;
  std::vector<Appointment> clashes(const Appointment& a) override;
  bool person_exists(const std::string& id) override;
  std::vector<OrganisationFacts> organisations(const std::vector<std::string>& ids) override;
  std::vector<OfficeHolder> office_holders(const std::string& organisation_id, const Date& on) override;

 private:
  std::optional<Appointment> find(const std::string& id, bool lock);
  soci::session& s_;
};

class SqlFinancialPositionRepository final : public FinancialPositionRepository {
 public:
  explicit SqlFinancialPositionRepository(soci::session& s) : s_(s) {}
  Result<FinancialPosition> insert(const FinancialPosition& p) override;
  std::optional<FinancialPosition> find(const std::string& id) override;
  std::optional<FinancialPosition> find_for_update(const std::string& id) override;
  Page<FinancialPosition> list_for(const std::string& organisation_id, const PageRequest& page) override;
  Page<FinancialPosition> list_for_programme(const std::string& programme_id, const PageRequest& page) override;
  Result<FinancialPosition> save(const FinancialPosition& p) override;
  bool organisation_exists(const std::string& id) override;
  bool programme_exists(const std::string& id) override;
  PositionSummary summarise(const std::vector<std::string>& organisation_ids, const std::string& year) override;

 private:
  std::optional<FinancialPosition> find(const std::string& id, bool lock);
  soci::session& s_;
};

class SqlMeetingRepository final : public MeetingRepository {
 public:
  explicit SqlMeetingRepository(soci::session& s) : s_(s) {}
  Result<Meeting> insert(const Meeting& m) override;
  std::optional<Meeting> find(const std::string& id) override;
  std::optional<Meeting> find_for_update(const std::string& id) override;
  Page<Meeting> list(const MeetingFilter& filter, const PageRequest& page) override;
  Result<Meeting> save(const Meeting& m) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;
  std::string organisation_name(const std::string& id) override;
  bool person_exists(const std::string& id) override;
  Result<AgendaItem> insert_item(const AgendaItem& item) override;
  std::optional<AgendaItem> find_item(const std::string& id, bool lock) override;
  Page<AgendaItem> items_of(const std::string& meeting_id, const PageRequest& page) override;
  Result<AgendaItem> save_item(const AgendaItem& item) override;
  Result<Attendance> insert_attendance(const Attendance& a) override;
  std::optional<Attendance> find_attendance(const std::string& id, bool lock) override;
  Page<Attendance> attendance_of(const std::string& meeting_id, const PageRequest& page) override;
  Result<Attendance> save_attendance(const Attendance& a) override;
  Result<Declaration> insert_declaration(const Declaration& d) override;
  std::optional<Declaration> find_declaration(const std::string& id, bool lock) override;
  Page<Declaration> declarations_of(const std::string& meeting_id, const PageRequest& page) override;
  Result<Declaration> save_declaration(const Declaration& d) override;

 private:
  soci::session& s_;
};

class SqlDecisionRepository final : public DecisionRepository {
 public:
  explicit SqlDecisionRepository(soci::session& s) : s_(s) {}
  Result<Decision> insert(const Decision& d) override;
  std::optional<Decision> find(const std::string& id) override;
  std::optional<Decision> find_for_update(const std::string& id) override;
  Page<Decision> list(const DecisionFilter& filter, const PageRequest& page) override;
  Result<Decision> save(const Decision& d) override;
  Result<Decision> save_as(const Decision& d, std::string_view action) override;

 private:
  soci::session& s_;
};

class SqlProgrammeRepository final : public ProgrammeRepository {
 public:
  explicit SqlProgrammeRepository(soci::session& s) : s_(s) {}
  Result<Programme> insert(const Programme& p) override;
  std::optional<Programme> find(const std::string& id) override;
  std::optional<Programme> find_for_update(const std::string& id) override;
  Page<Programme> list(const ProgrammeFilter& filter, const PageRequest& page) override;
  Result<Programme> save(const Programme& p) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;

 private:
  soci::session& s_;
};

class SqlMilestoneRepository final : public MilestoneRepository {
 public:
  explicit SqlMilestoneRepository(soci::session& s) : s_(s) {}
  Result<Milestone> insert(const Milestone& m) override;
  std::optional<Milestone> find(const std::string& id) override;
  std::optional<Milestone> find_for_update(const std::string& id) override;
  std::optional<MilestoneInContext> find_in_context(const std::string& id, const std::optional<Date>& caveats_as_of) override;
  std::optional<MilestoneInContext> find_in_context_for_update(const std::string& id) override;
  Result<Milestone> save(const Milestone& m) override;
  Result<Milestone> save_as(const Milestone& m, std::string_view action) override;
  std::vector<Milestone> list(const std::string& programme_id, const MilestoneFilter& filter,
                              const std::optional<std::string>& after_key, int limit) override;
  std::vector<Milestone> find_many(const std::vector<std::string>& ids) override;
  std::vector<Milestone> of_programme(const std::string& programme_id) override;
  void lock_schedule(const std::string& programme_id) override;
  std::vector<std::string> outside_programme(const std::string& programme_id, const std::vector<std::string>& ids) override;
  Result<std::pair<Milestone, MilestoneUpdate>> save_progress(const Milestone& m, const MilestoneUpdate& u) override;
  Page<MilestoneUpdate> updates_of(const std::string& milestone_id, const PageRequest& page) override;

 private:
  soci::session& s_;
};

class SqlRiskRepository final : public RiskRepository {
 public:
  explicit SqlRiskRepository(soci::session& s) : s_(s) {}
  Result<Risk> insert(const Risk& r) override;
  std::optional<Risk> find(const std::string& id) override;
  std::optional<Risk> find_for_update(const std::string& id) override;
  Page<Risk> list(const std::string& programme_id, const RiskFilter& filter, const PageRequest& page) override;
  Result<Risk> save(const Risk& r) override;

 private:
  soci::session& s_;
};

class SqlVoteRepository final : public VoteRepository {
 public:
  explicit SqlVoteRepository(soci::session& s) : s_(s) {}
  Result<Vote> insert(const Vote& v) override;
  std::optional<Vote> find(const std::string& id) override;
  std::optional<Vote> find_for_update(const std::string& id) override;
  Page<Vote> list(const VoteFilter& filter, const PageRequest& page) override;
  Result<Vote> save(const Vote& v) override;
  Result<Vote> save_as(const Vote& v, std::string_view action) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;
  std::optional<Position> position_of(const std::string& vote_id, const std::string& organisation_id) override;
  std::optional<Position> find_position(const std::string& id) override;
  Result<Position> insert_position(const Position& p) override;
  Result<Position> save_position(const Position& p) override;
  std::vector<Position> positions_of(const std::string& vote_id, const std::optional<Date>& stated_by) override;

 private:
  soci::session& s_;
};

class SqlCaveatRepository final : public CaveatRepository {
 public:
  explicit SqlCaveatRepository(soci::session& s) : s_(s) {}
  Result<Caveat> insert(const Caveat& c) override;
  std::optional<Caveat> find(const std::string& id) override;
  std::optional<Caveat> find_for_update(const std::string& id) override;
  Page<Caveat> list(const CaveatFilter& filter, const PageRequest& page) override;
  Result<Caveat> save(const Caveat& c) override;
  std::vector<std::string> missing_milestones(const std::vector<std::string>& ids) override;
  std::vector<std::string> incomplete_milestones(const std::vector<std::string>& ids) override;
  std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) override;

 private:
  soci::session& s_;
};

class SqlConsultationRepository final : public ConsultationRepository {
 public:
  explicit SqlConsultationRepository(soci::session& s) : s_(s) {}
  Result<Consultation> insert(const Consultation& c) override;
  std::optional<Consultation> find(const std::string& id) override;
  std::optional<Consultation> find_for_update(const std::string& id) override;
  Page<Consultation> list(const std::optional<std::string>& programme_id, const PageRequest& page) override;
  Result<Consultation> save(const Consultation& c) override;
  bool programme_exists(const std::string& id) override;
  Result<ConsultationEvent> insert_event(const ConsultationEvent& e) override;
  std::optional<ConsultationEvent> find_event(const std::string& id, bool lock) override;
  Page<ConsultationEvent> events_of(const std::string& consultation_id, const PageRequest& page) override;
  Result<ConsultationEvent> save_event(const ConsultationEvent& e) override;
  std::optional<ConsultationEvent> take_places(const std::string& event_id, int places) override;
  void release_places(const std::string& event_id, int places) override;
  std::optional<Booking> insert_booking(const Booking& b) override;
  std::optional<Booking> find_booking(const std::string& reference, bool lock) override;
  Page<Booking> bookings_of(const std::string& event_id, const PageRequest& page) override;
  Result<Booking> save_booking(const Booking& b) override;

 private:
  soci::session& s_;
};

class SqlResponseRepository final : public ResponseRepository {
 public:
  explicit SqlResponseRepository(soci::session& s) : s_(s) {}
  Result<ConsultationResponse> insert(const ConsultationResponse& r) override;
  std::optional<ConsultationResponse> find(const std::string& id) override;
  std::optional<ConsultationResponse> find_for_update(const std::string& id) override;
  Page<ConsultationResponse> list(const std::string& consultation_id, const PageRequest& page) override;
  Page<ConsultationResponse> comments(const std::string& consultation_id, const PageRequest& page) override;
  Result<ConsultationResponse> save_as(const ConsultationResponse& r, std::string_view action) override;
  int add_report(const ConsultationResponse& r, const Reporter& reporter, const std::string& reason) override;
  std::vector<std::pair<std::vector<std::string>, std::int64_t>> counts(const std::string& consultation_id,
                                                                      const Date& as_of) override;

 private:
  soci::session& s_;
};

class SqlRateLimitStore final : public RateLimitStore {
 public:
  explicit SqlRateLimitStore(soci::session& s) : s_(s) {}
  std::optional<RateWindow> hit(const std::string& client_key, int limit) override;

 private:
  soci::session& s_;
};

class SqlDashboardRepository final : public DashboardRepository {
 public:
  explicit SqlDashboardRepository(soci::session& s) : s_(s) {}
  std::map<std::string, std::int64_t> decisions_by_overall(const std::vector<std::string>& bodies, const Date& as_of) override;
  std::vector<Decision> latest_decisions(const std::vector<std::string>& bodies, const Date& as_of, int n) override;
  std::vector<Vote> votes_about(const std::vector<std::string>& bodies, const Date& as_of) override;
  std::vector<Caveat> caveats_for(const std::string& programme_id, const std::vector<std::string>& bodies,
                                  const Date& as_of) override;
  std::map<std::string, std::int64_t> responses_by_position(const std::string& programme_id, const Date& as_of) override;
  std::vector<Risk> risks_of(const std::string& programme_id) override;
  std::vector<FinancialPosition> positions_of(const std::string& programme_id) override;
  std::vector<BodyOnDate> bodies_on(const std::vector<std::string>& bodies, const Date& as_of) override;

 private:
  soci::session& s_;
};

class SqlAuditLog final : public AuditLog {
 public:
  explicit SqlAuditLog(soci::session& s) : s_(s) {}
  Page<AuditEvent> list(const AuditFilter& filter, const PageRequest& page) override;

 private:
  soci::session& s_;
};

class SqlIdempotencyStore final : public IdempotencyStore {
 public:
  explicit SqlIdempotencyStore(soci::session& s) : s_(s) {}
  void lock(const std::string& scope, const std::string& key) override;
  std::optional<StoredResponse> find(const std::string& scope, const std::string& key) override;
  void save(const std::string& scope, const std::string& key, const StoredResponse& response) override;

 private:
  soci::session& s_;
};

// Turns rows fetched with limit+1 into a page with the key to continue after.
template <class T, class KeyOf>
Page<T> make_page(std::vector<T> items, int limit, KeyOf key_of) {
  Page<T> page;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<std::size_t>(limit));
    page.next = key_of(items.back());
  }
  page.items = std::move(items);
  return page;
}

}  // namespace incommon::db
