#pragma once
// A programme's dashboard as of a date, in one read: the programme as it stood, its milestones
// by status and RAG, what is overdue, slipped and next due, the critical path, the decisions,
// votes and caveats about the merging bodies, the consultation's responses, the open risks,
// the money by label, and each merging body's accountable officer on the date.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/error.hpp"
#include "domain/decisions/decision.hpp"
#include "domain/finance/financial_position.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "domain/programmes/risk.hpp"
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"

namespace incommon {

struct BodyOnDate {
  std::string organisation_id;
  std::string name;
  std::optional<std::string> officer_person_id;
  std::optional<std::string> officer_name;
  std::optional<std::string> appointment_id;
  bool shared = false;  // the appointment covers other organisations too
};

// The reads a dashboard needs, each one statement.
class DashboardRepository {
 public:
  virtual ~DashboardRepository() = default;
  // Decisions of the merging bodies decided by `as_of`: counts by overall outcome, and the latest.
  virtual std::map<std::string, std::int64_t> decisions_by_overall(const std::vector<std::string>& bodies,
                                                                   const Date& as_of) = 0;
  virtual std::vector<Decision> latest_decisions(const std::vector<std::string>& bodies, const Date& as_of, int n) = 0;
  // Votes by or about the merging bodies opened by `as_of`.
  virtual std::vector<Vote> votes_about(const std::vector<std::string>& bodies, const Date& as_of) = 0;
  // Caveats added by `as_of` to those votes, or delivered by the programme's milestones.
  virtual std::vector<Caveat> caveats_for(const std::string& programme_id, const std::vector<std::string>& bodies,
                                          const Date& as_of) = 0;
  // Responses to the programme's consultations received by `as_of`, by position.
  virtual std::map<std::string, std::int64_t> responses_by_position(const std::string& programme_id,
                                                                    const Date& as_of) = 0;
  virtual std::vector<Risk> risks_of(const std::string& programme_id) = 0;
  virtual std::vector<FinancialPosition> positions_of(const std::string& programme_id) = 0;
  virtual std::vector<BodyOnDate> bodies_on(const std::vector<std::string>& bodies, const Date& as_of) = 0;
};

struct CaveatCounts {
  std::int64_t open = 0;  // proposed, attached or accepted
  std::int64_t met = 0;
  std::int64_t breached = 0;
  std::int64_t withdrawn = 0;
  std::int64_t overdue = 0;
};

// A group of a dashboard's milestones: how many there are, and the first of them in the
// group's order (at most kDashboardListed).
inline constexpr std::size_t kDashboardListed = 20;
struct MilestoneGroup {
  std::size_t count = 0;
  std::vector<MilestoneWithView> items;
};

struct Dashboard {
  Date as_of;
  Programme programme;  // as it stood: status as of the date, closed_on only once closed
  std::int64_t days_to_target = 0;
  std::map<std::string, std::int64_t> milestones_by_status;
  std::map<std::string, std::int64_t> milestones_by_rag;  // green, amber, red, none
  MilestoneGroup overdue;                                 // by forecast
  MilestoneGroup slipped;                                 // by slippage, most first
  MilestoneGroup next_due;                                // the next five by forecast
  ProgrammeCriticalPath critical_path;
  std::map<std::string, std::int64_t> decisions_by_overall;
  std::vector<Decision> latest_decisions;
  std::vector<Vote> votes;  // as of the date
  CaveatCounts caveats;
  std::vector<Caveat> open_caveats;
  std::map<std::string, std::int64_t> responses_by_position;
  std::int64_t open_risks = 0;
  std::vector<Risk> top_risks;  // five open, highest score first
  std::map<std::string, PositionTotals> money_by_label;
  std::vector<BodyOnDate> bodies;
};

Result<Dashboard> dashboard_of(ProgrammeRepository& programmes, MilestoneRepository& milestones,
                               DashboardRepository& reads, const std::string& programme_id, const Date& as_of);

}  // namespace incommon
