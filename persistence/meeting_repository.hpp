#pragma once
// SqlMeetingRepository: the PostgreSQL side of meeting.hpp. Internal to persistence.
#include "domain/meetings/meeting.hpp"

namespace soci {
class session;
}

namespace incommon::db {

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

}  // namespace incommon::db
