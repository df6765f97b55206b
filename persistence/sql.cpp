#include "persistence/sql.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <charconv>
#include <stdexcept>

namespace incommon::db {

std::optional<std::int64_t> Row::int64(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

std::optional<Date> Row::date(std::size_t i) const {
  const auto& v = cols_.at(i);
  if (!v) return std::nullopt;
  return Date::parse(*v);
}

Query& Query::sql(std::string_view fragment) {
  for (std::size_t at = fragment.find(":p"); at != std::string_view::npos; at = fragment.find(":p", at + 2)) {
    std::size_t end = at + 2;
    while (end < fragment.size() && fragment[end] >= '0' && fragment[end] <= '9') ++end;
    if (end == at + 2) continue;
    const std::string placeholder(fragment.substr(at, end - at));
    // Whole-token search in what is already there.
    for (std::size_t seen = sql_.find(placeholder); seen != std::string::npos; seen = sql_.find(placeholder, seen + 1)) {
      const std::size_t after = seen + placeholder.size();
      if (after >= sql_.size() || sql_[after] < '0' || sql_[after] > '9')
        throw std::logic_error("placeholder " + placeholder + " used twice in one statement");
    }
  }
  sql_ += fragment;
  return *this;
}

std::string Query::bind(Value value) {
  indicators_.push_back(value ? soci::i_ok : soci::i_null);
  values_.push_back(value.value_or(std::string()));
  return ":p" + std::to_string(values_.size());
}

namespace {
// SOCI keeps references to the bound strings: bind copies that live as long as the statement.
struct Bound {
  std::vector<std::string> values;
  std::vector<soci::indicator> indicators;
};

void bind_all(soci::statement& st, Bound& b) {
  for (std::size_t i = 0; i < b.values.size(); ++i) st.exchange(soci::use(b.values[i], b.indicators[i]));
}

Value column_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  const auto& props = r.get_properties(i);
  switch (props.get_data_type()) {
    case soci::dt_string:
      return r.get<std::string>(i);
    case soci::dt_integer:
      return std::to_string(r.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double:
      return std::to_string(r.get<double>(i));
    default:
      // Dates and timestamps are always selected as text; anything else is a programming error.
      throw soci::soci_error("column " + props.get_name() + " must be selected as text");
  }
}
}  // namespace

std::vector<Row> Query::fetch(soci::session& s) const {
  Bound b{values_, indicators_};
  soci::row r;
  soci::statement st(s);
  st.alloc();
  st.prepare(sql_);
  bind_all(st, b);
  st.exchange(soci::into(r));
  st.define_and_bind();
  std::vector<Row> rows;
  if (!st.execute(true)) return rows;
  do {
    std::vector<Value> cols;
    cols.reserve(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) cols.push_back(column_text(r, i));
    rows.emplace_back(std::move(cols));
  } while (st.fetch());
  return rows;
}

std::optional<Row> Query::fetch_one(soci::session& s) const {
  auto rows = fetch(s);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

long long Query::execute(soci::session& s) const {
  Bound b{values_, indicators_};
  soci::statement st(s);
  st.alloc();
  st.prepare(sql_);
  bind_all(st, b);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

// SOCI's library does not export the backend's RTTI, so UBSan's vptr check cannot see it.
__attribute__((no_sanitize("vptr"))) void run_script(soci::session& s, std::string_view script) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGresult* res = PQexec(backend->conn_, std::string(script).c_str());
  const auto status = PQresultStatus(res);
  std::string message = PQresultErrorMessage(res);
  PQclear(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw soci::soci_error("script failed: " + message);
}

RecordMeta record_meta(const Row& r) { return {r.text(0), r.int64(1).value_or(0), r.text(2), r.text(3)}; }

bool exists(soci::session& s, std::string_view table, const std::string& id) {
  Query q("SELECT 1 FROM ");
  q.sql(table).sql(" WHERE id = CAST(").sql(q.bind(id)).sql(" AS uuid)");
  return q.fetch_one(s).has_value();
}

std::vector<std::string> missing_ids(soci::session& s, std::string_view table, const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  Query q("SELECT x::text FROM unnest(CAST(");
  q.sql(q.bind(id_array(ids))).sql(" AS uuid[])) WITH ORDINALITY AS u(x, n) WHERE NOT EXISTS (SELECT 1 FROM ");
  q.sql(table).sql(" t WHERE t.id = u.x) ORDER BY u.n");
  std::vector<std::string> out;
  for (const auto& r : q.fetch(s)) out.push_back(r.text(0));
  return out;
}

std::vector<std::string> split_list(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    auto comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    out.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string id_array(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += ids[i];
  }
  return out + "}";
}

std::string escape_like(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void append_after(Query& q, std::string_view columns, const std::vector<std::string>& after,
                  std::string_view casts) {
  // casts: one SQL type per key column, comma separated ("text,uuid").
  std::string rhs;
  std::size_t start = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    auto comma = casts.find(',', start);
    auto type = casts.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    start = comma == std::string_view::npos ? casts.size() : comma + 1;
    if (i) rhs += ", ";
    rhs += "CAST(" + q.bind(after[i]) + " AS " + std::string(type) + ")";
  }
  q.sql(" AND (").sql(columns).sql(") > (").sql(rhs).sql(")");
}

}  // namespace incommon::db
