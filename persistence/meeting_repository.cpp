#include "persistence/meeting_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kMeetingColumns =
    "id::text, version, created_at, updated_at, title, kind, array_to_string(organisation_ids, ','), "
    "starts_at, ends_at, location, status, quorum";
constexpr std::string_view kMeetingFields = "title, kind, organisation_ids, starts_at, ends_at, location, status, quorum";

constexpr std::string_view kItemColumns =
    "id::text, version, created_at, updated_at, meeting_id::text, number, title, purpose, papers_url";
constexpr std::string_view kAttendanceColumns =
    "id::text, version, created_at, updated_at, meeting_id::text, person_id::text, "
    "organisation_id::text, status, voting::text";
constexpr std::string_view kDeclarationColumns =
    "id::text, version, created_at, updated_at, meeting_id::text, person_id::text, "
    "agenda_item_id::text, interest, action";

Meeting meeting_from(const Row& r) {
  Meeting m;
  m.meta = record_meta(r);
  m.title = r.text(4);
  m.kind = parse_enum<MeetingKind>(r.text(5)).value_or(MeetingKind::other);
  m.organisation_ids = split_list(r.text(6));
  m.starts_at = Instant::parse(r.text(7)).value_or(Instant());
  m.ends_at = Instant::parse(r.text(8)).value_or(Instant());
  m.location = r.at(9);
  m.status = parse_enum<MeetingStatus>(r.text(10)).value_or(MeetingStatus::scheduled);
  m.quorum = static_cast<int>(r.int64(11).value_or(3));
  return m;
}

AgendaItem item_from(const Row& r) {
  return {record_meta(r), r.text(4), r.text(5), r.text(6), parse_enum<AgendaPurpose>(r.text(7)).value_or(AgendaPurpose::discussion),
          r.at(8)};
}

Attendance attendance_from(const Row& r) {
  return {record_meta(r), r.text(4), r.text(5), r.text(6), parse_enum<AttendanceStatus>(r.text(7)).value_or(AttendanceStatus::absent),
          r.boolean(8)};
}

Declaration declaration_from(const Row& r) {
  return {record_meta(r), r.text(4), r.text(5), r.at(6), r.text(7),
          parse_enum<DeclarationAction>(r.text(8)).value_or(DeclarationAction::stayed_voted)};
}

std::string bind_meeting(Query& q, const Meeting& m) {
  return q.bind_list(m.title, to_string(m.kind), id_array(m.organisation_ids), m.starts_at.to_string(),
                     m.ends_at.to_string(), m.location, to_string(m.status), static_cast<std::int64_t>(m.quorum));
}

// Rows of one meeting's child table, oldest first, one page at a time.
template <class FromRow>
auto child_page(soci::session& s, std::string_view table, std::string_view columns, const std::string& meeting_id,
                const PageRequest& page, FromRow from_row) {
  Query q("SELECT ");
  q.sql(columns).sql(" FROM ").sql(table).sql(" WHERE meeting_id = CAST(").sql(q.bind(meeting_id)).sql(" AS uuid)");
  const std::string keys = std::string(table) + ".created_at, " + std::string(table) + ".id";
  if (page.after) append_after(q, keys, *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY ").sql(keys).sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<decltype(from_row(std::declval<const Row&>()))> items;
  for (const auto& r : q.fetch(s)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const auto& x) { return std::vector<std::string>{x.meta.created_at, x.meta.id}; });
}

}  // namespace

Result<Meeting> SqlMeetingRepository::insert(const Meeting& m) {
  Query q("INSERT INTO meetings (");
  q.sql(kMeetingFields).sql(") VALUES (").sql(bind_meeting(q, m)).sql(") RETURNING ").sql(kMeetingColumns);
  return meeting_from(*q.fetch_one(s_));
}

std::optional<Meeting> SqlMeetingRepository::find(const std::string& id) {
  return find_by_id(s_, "meetings", kMeetingColumns, id, false, meeting_from);
}
std::optional<Meeting> SqlMeetingRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "meetings", kMeetingColumns, id, true, meeting_from);
}

Page<Meeting> SqlMeetingRepository::list(const MeetingFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kMeetingColumns).sql(" FROM meetings WHERE true");
  if (f.kind) q.sql(" AND kind = ").sql(q.bind(to_string(*f.kind)));
  if (f.status) q.sql(" AND status = ").sql(q.bind(to_string(*f.status)));
  if (f.organisation_id) q.sql(" AND organisation_ids @> ARRAY[CAST(").sql(q.bind(*f.organisation_id)).sql(" AS uuid)]");
  if (f.from) q.sql(" AND starts_at >= CAST(").sql(q.bind(f.from->to_string())).sql(" AS timestamptz)");
  if (f.to) q.sql(" AND starts_at < CAST(").sql(q.bind(f.to->to_string())).sql(" AS timestamptz)");
  if (page.after) append_after(q, "meetings.starts_at, meetings.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY meetings.starts_at, meetings.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Meeting> items;
  for (const auto& r : q.fetch(s_)) items.push_back(meeting_from(r));
  return make_page(std::move(items), page.limit,
                   [](const Meeting& m) { return std::vector<std::string>{m.starts_at.to_string(), m.meta.id}; });
}

Result<Meeting> SqlMeetingRepository::save(const Meeting& m) {
  Query q("UPDATE meetings SET (");
  q.sql(kMeetingFields).sql(") = (").sql(bind_meeting(q, m)).sql(") WHERE id = CAST(").sql(q.bind(m.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kMeetingColumns);
  return meeting_from(*q.fetch_one(s_));
}

std::vector<std::string> SqlMeetingRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

std::string SqlMeetingRepository::organisation_name(const std::string& id) {
  Query q("SELECT name FROM organisations WHERE id = CAST(");
  q.sql(q.bind(id)).sql(" AS uuid)");
  auto row = q.fetch_one(s_);
  return row ? row->text(0) : id;
}

bool SqlMeetingRepository::person_exists(const std::string& id) {
  return exists(s_, "people", id);
}

Result<AgendaItem> SqlMeetingRepository::insert_item(const AgendaItem& i) {
  Query q("INSERT INTO agenda_items (meeting_id, number, title, purpose, papers_url) VALUES (");
  q.sql(q.bind_list(i.meeting_id, i.number, i.title, to_string(i.purpose), i.papers_url)).sql(") RETURNING ").sql(kItemColumns);
  return item_from(*q.fetch_one(s_));
}

std::optional<AgendaItem> SqlMeetingRepository::find_item(const std::string& id, bool lock) {
  return find_by_id(s_, "agenda_items", kItemColumns, id, lock, item_from);
}

Page<AgendaItem> SqlMeetingRepository::items_of(const std::string& meeting_id, const PageRequest& page) {
  // Numbered as versions sort (2 < 4.2 < 10): the key is the number as an int array.
  Query q("SELECT ");
  q.sql(kItemColumns).sql(" FROM agenda_items WHERE meeting_id = CAST(").sql(q.bind(meeting_id)).sql(" AS uuid)");
  if (page.after) {
    q.sql(" AND (CAST(string_to_array(agenda_items.number, '.') AS int[]), agenda_items.id) > "
          "(CAST(string_to_array(CAST(");
    q.sql(q.bind(page.after->at(0))).sql(" AS text), '.') AS int[]), CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid))");
  }
  q.sql(" ORDER BY CAST(string_to_array(agenda_items.number, '.') AS int[]), agenda_items.id LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<AgendaItem> items;
  for (const auto& r : q.fetch(s_)) items.push_back(item_from(r));
  return make_page(std::move(items), page.limit,
                   [](const AgendaItem& i) { return std::vector<std::string>{i.number, i.meta.id}; });
}

Result<AgendaItem> SqlMeetingRepository::save_item(const AgendaItem& i) {
  Query q("UPDATE agenda_items SET (number, title, purpose, papers_url) = (");
  q.sql(q.bind_list(i.number, i.title, to_string(i.purpose), i.papers_url)).sql(") WHERE id = CAST(").sql(q.bind(i.meta.id));
  q.sql(" AS uuid) RETURNING ").sql(kItemColumns);
  return item_from(*q.fetch_one(s_));
}

Result<Attendance> SqlMeetingRepository::insert_attendance(const Attendance& a) {
  Query q("INSERT INTO attendance (meeting_id, person_id, organisation_id, status, voting) VALUES (");
  q.sql(q.bind_list(a.meeting_id, a.person_id, a.organisation_id, to_string(a.status), std::string(a.voting ? "true" : "false")));
  q.sql(") RETURNING ").sql(kAttendanceColumns);
  return attendance_from(*q.fetch_one(s_));
}

std::optional<Attendance> SqlMeetingRepository::find_attendance(const std::string& id, bool lock) {
  return find_by_id(s_, "attendance", kAttendanceColumns, id, lock, attendance_from);
}

Page<Attendance> SqlMeetingRepository::attendance_of(const std::string& meeting_id, const PageRequest& page) {
  return child_page(s_, "attendance", kAttendanceColumns, meeting_id, page, attendance_from);
}

Result<Attendance> SqlMeetingRepository::save_attendance(const Attendance& a) {
  Query q("UPDATE attendance SET (person_id, organisation_id, status, voting) = (");
  q.sql(q.bind_list(a.person_id, a.organisation_id, to_string(a.status), std::string(a.voting ? "true" : "false")));
  q.sql(") WHERE id = CAST(").sql(q.bind(a.meta.id)).sql(" AS uuid) RETURNING ").sql(kAttendanceColumns);
  return attendance_from(*q.fetch_one(s_));
}

Result<Declaration> SqlMeetingRepository::insert_declaration(const Declaration& d) {
  Query q("INSERT INTO declarations (meeting_id, person_id, agenda_item_id, interest, action) VALUES (");
  q.sql(q.bind_list(d.meeting_id, d.person_id, d.agenda_item_id, d.interest, to_string(d.action)));
  q.sql(") RETURNING ").sql(kDeclarationColumns);
  return declaration_from(*q.fetch_one(s_));
}

std::optional<Declaration> SqlMeetingRepository::find_declaration(const std::string& id, bool lock) {
  return find_by_id(s_, "declarations", kDeclarationColumns, id, lock, declaration_from);
}

Page<Declaration> SqlMeetingRepository::declarations_of(const std::string& meeting_id, const PageRequest& page) {
  return child_page(s_, "declarations", kDeclarationColumns, meeting_id, page, declaration_from);
}

Result<Declaration> SqlMeetingRepository::save_declaration(const Declaration& d) {
  Query q("UPDATE declarations SET (person_id, agenda_item_id, interest, action) = (");
  q.sql(q.bind_list(d.person_id, d.agenda_item_id, d.interest, to_string(d.action))).sql(") WHERE id = CAST(");
  q.sql(q.bind(d.meta.id)).sql(" AS uuid) RETURNING ").sql(kDeclarationColumns);
  return declaration_from(*q.fetch_one(s_));
}

}  // namespace incommon::db
