#pragma once
// Responses to a consultation: no personal data, public comments published only with
// consent, reported by the public and moderated by staff (removal hides, never deletes), and
// the summary whose percentages add up.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/consultation/consultation.hpp"
#include "domain/core/change.hpp"
#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class ResponsePosition { support_single_organisation, keep_current_system, no_view };
enum class RespondentType {
  patient,
  public_member,
  community_group,
  voluntary_group,
  health_provider,
  social_care_provider,
  local_authority,
  gp_practice,
  staff,
  other
};
enum class ResponseChannel { online, public_meeting, email, letter, phone };
enum class Moderation { published, pending, removed };
enum class ModerationDecision { publish, remove };

template <>
struct EnumNames<ResponsePosition> {
  static constexpr std::array<std::pair<ResponsePosition, std::string_view>, 3> table{
      {{ResponsePosition::support_single_organisation, "support_single_organisation"},
       {ResponsePosition::keep_current_system, "keep_current_system"},
       {ResponsePosition::no_view, "no_view"}}};
};
template <>
struct EnumNames<RespondentType> {
  static constexpr std::array<std::pair<RespondentType, std::string_view>, 10> table{
      {{RespondentType::patient, "patient"},
       {RespondentType::public_member, "public"},
       {RespondentType::community_group, "community_group"},
       {RespondentType::voluntary_group, "voluntary_group"},
       {RespondentType::health_provider, "health_provider"},
       {RespondentType::social_care_provider, "social_care_provider"},
       {RespondentType::local_authority, "local_authority"},
       {RespondentType::gp_practice, "gp_practice"},
       {RespondentType::staff, "staff"},
       {RespondentType::other, "other"}}};
};
template <>
struct EnumNames<ResponseChannel> {
  static constexpr std::array<std::pair<ResponseChannel, std::string_view>, 5> table{
      {{ResponseChannel::online, "online"},
       {ResponseChannel::public_meeting, "public_meeting"},
       {ResponseChannel::email, "email"},
       {ResponseChannel::letter, "letter"},
       {ResponseChannel::phone, "phone"}}};
};
template <>
struct EnumNames<Moderation> {
  static constexpr std::array<std::pair<Moderation, std::string_view>, 3> table{
      {{Moderation::published, "published"}, {Moderation::pending, "pending"}, {Moderation::removed, "removed"}}};
};
template <>
struct EnumNames<ModerationDecision> {
  static constexpr std::array<std::pair<ModerationDecision, std::string_view>, 2> table{
      {{ModerationDecision::publish, "publish"}, {ModerationDecision::remove, "remove"}}};
};

struct ConsultationResponse {
  RecordMeta meta;
  std::string consultation_id;
  ResponsePosition position = ResponsePosition::no_view;
  RespondentType respondent_type = RespondentType::other;
  ResponseChannel channel = ResponseChannel::online;
  std::optional<std::string> comments_on_proposal;
  std::optional<std::string> comments_on_current_operation;
  std::optional<std::string> comments_on_future_commissioning;
  bool consent_to_publish = false;
  Date received_on;
  bool entered_by_staff = false;
  Moderation moderation = Moderation::published;  // of its comments
  std::optional<std::string> moderation_note;
  int moderation_round = 0;  // reports count from the last decision
};

Status validate(const ConsultationResponse& r);
bool has_comments(const ConsultationResponse& r);
// Shown to the public: consented to, not hidden, with something to read.
bool is_public_comment(const ConsultationResponse& r);

// Reports that hide a comment pending moderation: three from different clients, or one from
// a moderator.
inline constexpr int kPublicReportsToHide = 3;

struct Reporter {
  std::string client_key;  // the keyed hash that tells clients apart, never an address
  bool staff = false;      // a moderator (engagement, admin)
};

struct Count {
  std::int64_t count = 0;
  double percent = 0;
};

struct ConsultationSummary {
  std::int64_t total = 0;
  std::map<std::string, Count> by_position;
  std::map<std::string, Count> by_respondent_type;
  std::map<std::string, Count> by_channel;
  std::map<std::string, std::map<std::string, Count>> by_position_and_respondent_type;
};

// Percentages to one decimal place that add up to exactly 100 (largest remainder), or all 0
// when there is nothing to count.
std::map<std::string, Count> with_percentages(const std::map<std::string, std::int64_t>& counts);

// The staff list of a consultation's responses.
struct ResponseFilter {
  OneOf<Moderation> moderation;  // the moderation queue is moderation=pending
};

class ResponseRepository {
 public:
  virtual ~ResponseRepository() = default;
  virtual Result<ConsultationResponse> insert(const ConsultationResponse& r) = 0;
  virtual std::optional<ConsultationResponse> find(const std::string& id) = 0;
  virtual std::optional<ConsultationResponse> find_for_update(const std::string& id) = 0;
  virtual Page<ConsultationResponse> list(const std::string& consultation_id, const ResponseFilter& filter,
                                          const PageRequest& page) = 0;
  // Public comments, newest first.
  virtual Page<ConsultationResponse> comments(const std::string& consultation_id, const PageRequest& page) = 0;
  virtual Result<ConsultationResponse> save_as(const ConsultationResponse& r, std::string_view action) = 0;
  // Records a report (once per client address and moderation round); returns the number of
  // different client addresses that reported it in the current round.
  virtual int add_report(const ConsultationResponse& r, const Reporter& reporter, const std::string& reason) = 0;
  // (position, respondent_type, channel) -> count, for responses received by `as_of`.
  virtual std::vector<std::pair<std::vector<std::string>, std::int64_t>> counts(const std::string& consultation_id,
                                                                                const Date& as_of) = 0;
};

// The public while it is open; staff (a late or paper response) at any time after it opened.
Result<ConsultationResponse> submit_response(ResponseRepository& responses, ConsultationRepository& consultations,
                                             ConsultationResponse r, bool by_staff, const Date& today);
// True when the report hid the comment.
Result<bool> report_comment(ResponseRepository& responses, const std::string& id, const std::string& reason,
                            const Reporter& reporter);
Result<ConsultationResponse> moderate(ResponseRepository& responses, const std::string& id,
                                      std::optional<std::int64_t> expected_version, ModerationDecision decision,
                                      const std::optional<std::string>& note);
Result<ConsultationSummary> summarise(ResponseRepository& responses, ConsultationRepository& consultations,
                                      const std::string& consultation_id, const Date& as_of);

}  // namespace incommon
