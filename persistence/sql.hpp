#pragma once
// SQL text with bound parameters, and rows of text. Internal to persistence. Statements run
// through libpq on the connections SOCI's pool holds (SOCI opens, lends and reconnects them):
// each is prepared once per connection ($N placeholders) and may be pipelined with others.
// Every value crosses as text (cast in SQL), which never lets input become SQL.
#include <soci/soci.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/record.hpp"

namespace incommon::db {

using Value = std::optional<std::string>;

class PgResult;  // a libpq result, internal to sql.cpp

class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  const Value& at(std::size_t i) const { return cols_.at(i); }
  std::string text(std::size_t i) const { return cols_.at(i).value_or(""); }
  std::optional<std::int64_t> int64(std::size_t i) const;
  std::optional<Date> date(std::size_t i) const;
  bool boolean(std::size_t i) const { return cols_.at(i) == "t" || cols_.at(i) == "true"; }

 private:
  std::vector<Value> cols_;
};

// Selected columns are cast to text and so keep their names: ORDER BY must name table columns
// qualified ("organisations.name"), or it sorts by the text output column of the same name.
class Query {
 public:
  explicit Query(std::string_view sql = {}) : sql_(sql) {}
  // Appends SQL text. A placeholder may appear more than once: it is one parameter ($N).
  Query& sql(std::string_view fragment);
  // Binds a value and returns its placeholder, to be written into the SQL.
  std::string bind(Value value);
  std::string bind(const std::optional<Date>& d) { return bind(d ? Value(d->to_string()) : Value()); }
  std::string bind(std::int64_t n) { return bind(Value(std::to_string(n))); }
  std::string bind(const char* s) { return bind(Value(std::string(s))); }
  std::string bind(const std::optional<std::int64_t>& n) { return n ? bind(*n) : bind(Value()); }
  std::string bind(const std::string& s) { return bind(Value(s)); }
  std::string bind(std::string_view s) { return bind(Value(std::string(s))); }

  // Binds values in order and returns "ph1, ph2, ...". The comma fold sequences the binds:
  // never build placeholders with `bind(a) + bind(b)`, whose order C++ leaves unspecified.
  template <class... V>
  std::string bind_list(const V&... values) {
    std::string out;
    ((out += (out.empty() ? "" : ", ") + bind(values)), ...);
    return out;
  }

  // " AND <column> = ANY(...)" for a filter of one or more enumeration values; nothing when the
  // filter is empty. `column` is SQL the caller writes (a column or an expression).
  template <class E>
  Query& and_any_of(std::string_view column, const OneOf<E>& filter) {
    if (!filter) return *this;
    return and_in(column, filter.names(), "text");
  }
  // " AND <column> = ANY(CAST(<values> AS <type>[]))"; values need no quoting (names, UUIDs).
  Query& and_in(std::string_view column, const std::vector<std::string>& values, std::string_view type);

  const std::string& text() const { return sql_; }
  std::vector<Row> fetch(soci::session& s) const;
  std::optional<Row> fetch_one(soci::session& s) const;
  long long execute(soci::session& s) const;
  // Runs the statement with the next one on this connection, in one round trip, its answer
  // unread (a setting of the transaction); its error, if any, is thrown by that next one.
  void defer(soci::session& s) const;

 private:
  friend std::vector<std::vector<Row>> fetch_together(soci::session& s, std::initializer_list<const Query*> queries);
  // Runs the statement, prepared once per connection; throws the database's error.
  PgResult run(soci::session& s) const;
  std::string sql_;
  std::vector<Value> values_;
};

// While alive, every statement on this connection reads the record as it was at the instant
// in the transaction's `incommon.as_recorded` setting (as_recorded.hpp).
class RecordedReads {
 public:
  explicit RecordedReads(soci::session& s);
  ~RecordedReads();
  RecordedReads(const RecordedReads&) = delete;
  RecordedReads& operator=(const RecordedReads&) = delete;

 private:
  soci::session& s_;
};

// Runs the statements in one round trip (one pipeline: one implicit transaction, unless one is
// open) and returns the rows of each, in order; throws the first error.
std::vector<std::vector<Row>> fetch_together(soci::session& s, std::initializer_list<const Query*> queries);

// The id, version, created_at and updated_at that every record's column list starts with.
RecordMeta record_meta(const Row& r);

// Names the audit action of the writes that follow in this transaction ("" for the default);
// sent with the next statement, at no round trip of its own.
void name_audit_action(soci::session& s, std::string_view action);
// The statement that names it, to send in a pipeline of one's own ("" for none).
Query audit_action_query(std::string_view action);

// Runs `write` with its audit events recorded under `action` ("ratify", "rebaseline", ...);
// the action is cleared again before anything else is written.
template <class Write>
auto with_audit_action(soci::session& s, std::string_view action, Write write) {
  name_audit_action(s, action);
  auto result = write();
  name_audit_action(s, "");
  return result;
}

// Ends the transaction: COMMIT, sent with any statements still waiting to be sent (one round
// trip), or else ROLLBACK (nothing at all when BEGIN itself was never sent). With
// `wal_position`, the primary's WAL position once the commit is done (pg_current_wal_lsn(), in
// the same round trip): a standby that has replayed it sees the commit.
void end_transaction(soci::session& s, bool commit, std::string* wal_position = nullptr);

// Runs a script of several statements (migrations, seeds): only the
// simple-query protocol does; throws the database's error (with its SQLSTATE) when it fails.
void run_script(soci::session& s, std::string_view script);

// An instant as PostgreSQL writes it to a UTC, ISO-style session, in RFC 3339 with microseconds.
std::string rfc3339_from_postgres(std::string_view text);

// Whether the session's connection is open, as far as the client knows without asking the
// server (SOCI's is_connected() asks, which costs a round trip).
bool connection_ok(soci::session& s);

// Whether `table` has a row with this id.
bool exists(soci::session& s, std::string_view table, const std::string& id);

// The ids among `ids` that name no row of `table`, in the order given.
std::vector<std::string> missing_ids(soci::session& s, std::string_view table, const std::vector<std::string>& ids);

// "a,b,c" -> {a, b, c}; "" -> {}.
std::vector<std::string> split_list(const std::string& joined);
// A PostgreSQL array literal of values known to need no quoting (UUIDs): "{a,b}".
std::string id_array(const std::vector<std::string>& ids);

// The merging bodies of a programme as one SQL array value (a scalar subquery),
// as one SQL value (null for no such programme, which matches nothing).
std::string programme_bodies(Query& q, const std::string& programme_id);

// Escapes LIKE wildcards so that user text matches literally.
std::string escape_like(std::string_view text);

// Appends the keyset condition "(k1, k2) > (after...)" for ascending order.
void append_after(Query& q, std::string_view columns, const std::vector<std::string>& after, std::string_view casts);

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

// Rows read into values by `from_row`, in order: records come through their Table
// (persistence/table.hpp); this is for results that are not one table's records (ids, counts,
// joins, the audit trail).
template <class FromRow>
auto read_rows(const std::vector<Row>& rows, FromRow from_row) {
  std::vector<std::decay_t<decltype(from_row(std::declval<const Row&>()))>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}
// The same for a statement's rows.
template <class FromRow>
auto fetch_all(soci::session& s, const Query& q, FromRow from_row) {
  return read_rows(q.fetch(s), from_row);
}

}  // namespace incommon::db
