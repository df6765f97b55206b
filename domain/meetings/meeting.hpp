#pragma once
// Meetings, including governing bodies meeting "in common": one meeting, several statutory
// bodies, each deciding for itself. Agenda items, attendance, declarations of interest, quorum.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/error.hpp"
#include "domain/core/instant.hpp"
#include "domain/core/record.hpp"

namespace incommon {

enum class MeetingKind { governing_body, governing_body_in_common, lmc, membership_event, public_meeting, other };
enum class MeetingStatus { scheduled, held, cancelled };
enum class AgendaPurpose { decision, discussion, information };
enum class AttendanceStatus { present, apologies, absent };
enum class DeclarationAction { withdrew, stayed_did_not_vote, stayed_voted };

template <>
struct EnumNames<MeetingKind> {
  static constexpr std::array<std::pair<MeetingKind, std::string_view>, 6> table{{
      {MeetingKind::governing_body, "governing_body"},
      {MeetingKind::governing_body_in_common, "governing_body_in_common"},
      {MeetingKind::lmc, "lmc"},
      {MeetingKind::membership_event, "membership_event"},
      {MeetingKind::public_meeting, "public_meeting"},
      {MeetingKind::other, "other"},
  }};
};
template <>
struct EnumNames<MeetingStatus> {
  static constexpr std::array<std::pair<MeetingStatus, std::string_view>, 3> table{
      {{MeetingStatus::scheduled, "scheduled"},
       {MeetingStatus::held, "held"},
       {MeetingStatus::cancelled, "cancelled"}}};
};
template <>
struct EnumNames<AgendaPurpose> {
  static constexpr std::array<std::pair<AgendaPurpose, std::string_view>, 3> table{
      {{AgendaPurpose::decision, "decision"},
       {AgendaPurpose::discussion, "discussion"},
       {AgendaPurpose::information, "information"}}};
};
template <>
struct EnumNames<AttendanceStatus> {
  static constexpr std::array<std::pair<AttendanceStatus, std::string_view>, 3> table{
      {{AttendanceStatus::present, "present"},
       {AttendanceStatus::apologies, "apologies"},
       {AttendanceStatus::absent, "absent"}}};
};
template <>
struct EnumNames<DeclarationAction> {
  static constexpr std::array<std::pair<DeclarationAction, std::string_view>, 3> table{
      {{DeclarationAction::withdrew, "withdrew"},
       {DeclarationAction::stayed_did_not_vote, "stayed_did_not_vote"},
       {DeclarationAction::stayed_voted, "stayed_voted"}}};
};

struct Meeting {
  RecordMeta meta;
  std::string title;
  MeetingKind kind = MeetingKind::other;
  std::vector<std::string> organisation_ids;  // participating bodies, sorted
  Instant starts_at;
  Instant ends_at;
  std::optional<std::string> location;
  MeetingStatus status = MeetingStatus::scheduled;
  int quorum = 3;  // present voting members each body needs
};

struct AgendaItem {
  RecordMeta meta;
  std::string meeting_id;
  std::string number;  // "4.2"
  std::string title;
  AgendaPurpose purpose = AgendaPurpose::discussion;
  std::optional<std::string> papers_url;
};

struct Attendance {
  RecordMeta meta;
  std::string meeting_id;
  std::string person_id;
  std::string organisation_id;  // the body they sat for
  AttendanceStatus status = AttendanceStatus::present;
  bool voting = true;
};

struct Declaration {
  RecordMeta meta;
  std::string meeting_id;
  std::string person_id;
  std::optional<std::string> agenda_item_id;
  std::string interest;
  DeclarationAction action = DeclarationAction::stayed_voted;
};

struct BodyQuorum {
  std::string organisation_id;
  int present_voting = 0;
  int quorum = 0;
  bool quorate = false;
};

Status validate(Meeting& meeting);
Status validate(const AgendaItem& item);
Status validate(const Declaration& declaration);

// "4.2" -> {4, 2}; nullopt unless dot-separated whole numbers ("2", "4.2", "10.1.3").
std::optional<std::vector<int>> agenda_number_parts(const std::string& number);
// Version order: 2 < 4.2 < 10.
bool agenda_number_less(const std::string& a, const std::string& b);

// Present voting members per participating body. A person who declared an interest on
// `agenda_item_id` and withdrew does not count toward quorum for that item.
std::vector<BodyQuorum> compute_quorum(const Meeting& meeting, const std::vector<Attendance>& attendance,
                                       const std::vector<Declaration>& declarations,
                                       const std::optional<std::string>& agenda_item_id);

struct MeetingFilter {
  OneOf<MeetingKind> kind;
  OneOf<MeetingStatus> status;
  std::optional<std::string> organisation_id;
  std::optional<Instant> from;  // starts_at >= from
  std::optional<Instant> to;    // starts_at < to
};

// Enough for every row of one meeting's sub-records, for rules that need them all.
inline constexpr PageRequest kWholeMeeting{100000, std::nullopt};

class MeetingRepository {
 public:
  virtual ~MeetingRepository() = default;
  virtual Result<Meeting> insert(const Meeting& m) = 0;
  virtual std::optional<Meeting> find(const std::string& id) = 0;
  virtual std::optional<Meeting> find_for_update(const std::string& id) = 0;
  virtual Page<Meeting> list(const MeetingFilter& filter, const PageRequest& page) = 0;
  virtual Result<Meeting> save(const Meeting& m) = 0;
  virtual std::vector<std::string> missing_organisations(const std::vector<std::string>& ids) = 0;
  // An organisation's name, for messages that name a body (its id when there is none).
  virtual std::string organisation_name(const std::string& id) = 0;
  virtual bool person_exists(const std::string& id) = 0;

  virtual Result<AgendaItem> insert_item(const AgendaItem& item) = 0;
  virtual std::optional<AgendaItem> find_item(const std::string& id, bool lock) = 0;
  virtual Page<AgendaItem> items_of(const std::string& meeting_id, const PageRequest& page) = 0;  // in number order
  virtual Result<AgendaItem> save_item(const AgendaItem& item) = 0;

  virtual Result<Attendance> insert_attendance(const Attendance& a) = 0;
  virtual std::optional<Attendance> find_attendance(const std::string& id, bool lock) = 0;
  virtual Page<Attendance> attendance_of(const std::string& meeting_id, const PageRequest& page) = 0;
  virtual Result<Attendance> save_attendance(const Attendance& a) = 0;

  virtual Result<Declaration> insert_declaration(const Declaration& d) = 0;
  virtual std::optional<Declaration> find_declaration(const std::string& id, bool lock) = 0;
  virtual Page<Declaration> declarations_of(const std::string& meeting_id, const PageRequest& page) = 0;
  virtual Result<Declaration> save_declaration(const Declaration& d) = 0;
};

// Use cases, each inside the caller's transaction.
Result<Meeting> schedule_meeting(MeetingRepository& repo, Meeting m);
Result<Meeting> change_meeting(MeetingRepository& repo, const std::string& id,
                               std::optional<std::int64_t> expected_version, const Change<Meeting>& change);
Result<AgendaItem> add_agenda_item(MeetingRepository& repo, AgendaItem item);
Result<AgendaItem> change_agenda_item(MeetingRepository& repo, const std::string& id,
                                      std::optional<std::int64_t> expected_version, const Change<AgendaItem>& change);
Result<Attendance> record_attendance(MeetingRepository& repo, Attendance a);
Result<Attendance> change_attendance(MeetingRepository& repo, const std::string& id,
                                     std::optional<std::int64_t> expected_version, const Change<Attendance>& change);
Result<Declaration> record_declaration(MeetingRepository& repo, Declaration d);
Result<Declaration> change_declaration(MeetingRepository& repo, const std::string& id,
                                       std::optional<std::int64_t> expected_version, const Change<Declaration>& change);
// The quorum of every participating body, for the whole meeting or for one agenda item.
Result<std::vector<BodyQuorum>> meeting_quorum(MeetingRepository& repo, const std::string& meeting_id,
                                               const std::optional<std::string>& agenda_item_id);

}  // namespace incommon
