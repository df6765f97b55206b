#include "persistence/as_recorded.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace incommon::db {

namespace {

// A record table as it was: each row that existed at the instant, as its last after-image then.
// A row whose updated_at is at or before the instant has not changed since (updated_at is its
// last audit event's instant, migrations 0016 and 0017), so it is taken as it stands; only the
// rows changed since are rebuilt from the trail. The planner pushes a statement's conditions
// into both halves, so the first reads the table's own indexes. In the second the rows are the
// current table's (no record is ever deleted) joined to their image, so a condition on `id`, or
// on a column no write changes (listed), reaches the table's indexes too: `r.id = cur.id` lets
// the planner carry `milestones.id = $1` over to `cur.id = $1`.
std::string image_of(std::string_view table, std::initializer_list<std::string_view> fixed = {}) {
  const std::string t(table);
  const std::string instant = "current_setting('incommon.as_recorded')::timestamptz";
  std::string sql = "SELECT cur.* FROM public." + t + " cur WHERE cur.updated_at <= " + instant +
                    " UNION ALL SELECT r.* FROM public." + t +
                    " cur CROSS JOIN LATERAL (SELECT a.after FROM public.audit_events a WHERE a.entity_type = '" + t +
                    "' AND a.entity_id = cur.id AND a.at <= " + instant +
                    " ORDER BY a.seq DESC LIMIT 1) l CROSS JOIN LATERAL jsonb_populate_record(NULL::public." + t +
                    ", l.after) r WHERE cur.updated_at > " + instant + " AND r.id = cur.id";
  for (auto column : fixed) sql += " AND r." + std::string(column) + " = cur." + std::string(column);
  return sql;
}

struct Shadow {
  std::string_view table;
  std::string body;
};

// The tables a view of the record reads, and the link tables derived from them (kept by
// triggers, not audited: derived here from the images of what they are derived from, as the
// triggers derive them).
const std::vector<Shadow>& shadows() {
  static const std::vector<Shadow> all = {
      {"organisations", image_of("organisations")},
      {"people", image_of("people")},
      {"appointments", image_of("appointments")},
      {"appointment_offices",
       "SELECT a.id AS appointment_id, o AS organisation_id, a.role, daterange(a.starts_on, a.ends_on, '[]') AS "
       "period FROM (" +
           image_of("appointments") + ") a CROSS JOIN LATERAL unnest(a.organisation_ids) AS o"},
      {"financial_positions", image_of("financial_positions")},
      {"meetings", image_of("meetings")},
      {"agenda_items", image_of("agenda_items", {"meeting_id"})},
      {"attendance", image_of("attendance", {"meeting_id"})},
      {"declarations", image_of("declarations", {"meeting_id"})},
      {"decisions", image_of("decisions")},
      {"programmes", image_of("programmes")},
      {"milestones", image_of("milestones", {"programme_id"})},
      {"milestone_dependencies", "SELECT m.programme_id, m.id AS milestone_id, d AS depends_on_id FROM (" +
                                     image_of("milestones", {"programme_id"}) +
                                     ") m CROSS JOIN LATERAL unnest(m.depends_on) AS d"},
      // Append-only, and since migration 0020 without events of their own: an entry existed at
      // the instant when it was created by then, exactly as written.
      {"milestone_updates",
       "SELECT cur.* FROM public.milestone_updates cur WHERE cur.created_at <= "
       "current_setting('incommon.as_recorded')::timestamptz"},
      {"risks", image_of("risks", {"programme_id"})},
      {"votes", image_of("votes")},
      {"vote_positions", image_of("vote_positions")},
      {"caveats", image_of("caveats")},
      {"caveat_milestones", "SELECT c.id AS caveat_id, m.id AS milestone_id, m.programme_id FROM (" +
                                image_of("caveats") +
                                ") c CROSS JOIN LATERAL unnest(c.milestone_ids) AS linked JOIN (" +
                                image_of("milestones", {"programme_id"}) + ") m ON m.id = linked"},
  };
  return all;
}

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Whether `sql` names `word` as an identifier of its own (not inside a longer one).
bool names(std::string_view sql, std::string_view word) {
  for (auto at = sql.find(word); at != std::string_view::npos; at = sql.find(word, at + 1)) {
    const bool starts = at == 0 || (!identifier_char(sql[at - 1]) && sql[at - 1] != '.');
    const auto end = at + word.size();
    const bool ends = end == sql.size() || !identifier_char(sql[end]);
    if (starts && ends) return true;
  }
  return false;
}

bool starts_with_keyword(std::string_view sql, std::string_view keyword) {
  if (sql.size() < keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(sql[i])) != keyword[i]) return false;
  return sql.size() == keyword.size() || !identifier_char(sql[keyword.size()]);
}

}  // namespace

std::string as_recorded_sql(const std::string& sql) {
  std::string ctes;
  for (const auto& s : shadows())
    if (names(sql, s.table))
      ctes += (ctes.empty() ? "" : ", ") + std::string(s.table) + " AS NOT MATERIALIZED (" + s.body + ")";
  if (ctes.empty()) return sql;
  std::string_view rest(sql);
  const auto lead = rest.find_first_not_of(" \t\n");
  rest.remove_prefix(lead == std::string_view::npos ? rest.size() : lead);
  // Merged into the statement's own WITH: shadows first, so its expressions read them.
  for (std::string_view with : {std::string_view("WITH RECURSIVE"), std::string_view("WITH")})
    if (starts_with_keyword(rest, with)) {
      auto own = rest.substr(with.size());
      own.remove_prefix(std::min(own.size(), own.find_first_not_of(" \t\n")));
      return std::string(with) + " " + ctes + ", " + std::string(own);
    }
  return "WITH " + ctes + " " + std::string(rest);
}

}  // namespace incommon::db
