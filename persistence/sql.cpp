#include "persistence/sql.hpp"

#include "persistence/as_recorded.hpp"
#include "persistence/errors.hpp"

#include <libpq-events.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>
#include <utility>

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
  sql_ += fragment;
  return *this;
}

std::string Query::bind(Value value) {
  values_.push_back(std::move(value));
  return ":p" + std::to_string(values_.size());
}

namespace {

// Each connection keeps the statements it has run prepared, server-side, under a name of its
// own: a statement seen before costs one round trip (Bind/Execute), as pgbench -M prepared
// does, instead of SOCI's three (Prepare, Execute, Deallocate). The cache lives on the libpq
// connection itself (libpq's instance data), so a reconnect starts with an empty one and a
// destroyed connection frees its own.
struct StatementCache {
  static constexpr std::size_t kLimit = 1000;  // then DEALLOCATE ALL and start again
  std::unordered_map<std::string, std::string> names;
  std::uint64_t next = 0;
  // Statements whose answer nobody waits for (settings of the transaction): sent in one
  // pipeline with the next statement, so they cost no round trip of their own.
  std::vector<std::pair<std::string, std::vector<Value>>> deferred;
  // While set, statements read the record as it was at `incommon.as_recorded` (as_recorded.hpp):
  // each is sent as its rewritten text, remembered here.
  bool as_recorded = false;
  std::unordered_map<std::string, std::string> recorded;
};

// The text this connection sends for `sql`: itself, or while reading as recorded its rewrite.
const std::string& sent_text(StatementCache& cache, const std::string& sql) {
  if (!cache.as_recorded) return sql;
  auto found = cache.recorded.find(sql);
  if (found == cache.recorded.end()) found = cache.recorded.emplace(sql, as_recorded_sql(sql)).first;
  return found->second;
}

// A statement to send: its SQL and its values.
struct Statement {
  const std::string* sql;
  const std::vector<Value>* values;
};

int statement_cache_events(PGEventId event, void* info, void*) {
  PGconn* conn = nullptr;
  if (event == PGEVT_CONNRESET) conn = static_cast<PGEventConnReset*>(info)->conn;
  if (event == PGEVT_CONNDESTROY) conn = static_cast<PGEventConnDestroy*>(info)->conn;
  if (conn) {
    delete static_cast<StatementCache*>(PQinstanceData(conn, statement_cache_events));
    PQsetInstanceData(conn, statement_cache_events, nullptr);
  }
  return 1;
}

StatementCache& cache_of(PGconn* conn) {
  if (auto* cache = static_cast<StatementCache*>(PQinstanceData(conn, statement_cache_events))) return *cache;
  if (!PQregisterEventProc(conn, statement_cache_events, "incommon statement cache", nullptr)) {
    // Already registered (after a reset): only the instance data is missing.
  }
  auto* cache = new StatementCache;
  if (!PQsetInstanceData(conn, statement_cache_events, cache)) {
    delete cache;
    throw soci::soci_error("cannot attach the statement cache to the connection");
  }
  return *cache;
}

// SOCI 4.0 hands out no PGconn*: the session's backend is SOCI's PostgreSQL one, whose conn_ it
// is. After a failed reconnect SOCI has no backend at all: then there is no connection either.
PGconn* connection_or_null(soci::session& s) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  return backend ? backend->conn_ : nullptr;
}

PGconn* connection_of(soci::session& s) {
  PGconn* conn = connection_or_null(s);
  if (!conn) throw soci::postgresql_soci_error("no connection to the database", "08003");
  return conn;
}

// ":p1" -> "$1", leaving casts ("::text") alone.
std::string numbered_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == ':' && i + 2 < sql.size() && sql[i + 1] == 'p' &&
        std::isdigit(static_cast<unsigned char>(sql[i + 2])) && (i == 0 || sql[i - 1] != ':')) {
      out += '$';
      ++i;  // skip the 'p'; the digits follow as they are
      continue;
    }
    out += sql[i];
  }
  return out;
}

constexpr Oid kTimestamptz = 1184;

// The database's error as the rest of persistence reads it: its message and SQLSTATE, or the
// connection's message and 08006 when there is no result to say (the connection failed).
DatabaseError error_of(PGconn* conn, PGresult* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  std::string message = r ? PQresultErrorMessage(r) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  return DatabaseError(message, state ? state : "08006", constraint ? constraint : "");
}

// Makes room for `n` more prepared statements on this connection.
void make_room(PGconn* conn, StatementCache& cache, std::size_t n);

// The name this connection prepared `sql` under, and whether it is new (then the caller
// prepares it before using it).
std::pair<const std::string*, bool> statement_name(StatementCache& cache, const std::string& sql) {
  if (auto found = cache.names.find(sql); found != cache.names.end()) return {&found->second, false};
  return {&cache.names.emplace(sql, "incommon_" + std::to_string(++cache.next)).first->second, true};
}

}  // namespace

std::string rfc3339_from_postgres(std::string_view text) {
  // "2019-06-13 11:00:00.5+00" (TimeZone UTC, DateStyle ISO) -> "2019-06-13T11:00:00.500000Z"
  if (text.size() < 19 || text[10] != ' ') return std::string(text);
  std::string out(text.substr(0, 19));
  out[10] = 'T';
  std::size_t at = 19;
  std::string fraction;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) fraction += text[at++];
  }
  fraction.resize(6, '0');
  out += '.';
  out += fraction;
  out += 'Z';
  return out;
}

// Owns a PGresult; throws the database's error (with its SQLSTATE) unless it succeeded.
class PgResult {
 public:
  PgResult(PGconn* conn, PGresult* r) : r_(r) {
    const auto status = r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    auto error = error_of(conn, r_);
    PQclear(r_);
    r_ = nullptr;
    throw error;
  }
  ~PgResult() { PQclear(r_); }
  PgResult(PgResult&& other) noexcept : r_(std::exchange(other.r_, nullptr)) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

namespace {

std::vector<const char*> parameters(const std::vector<Value>& values) {
  std::vector<const char*> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = values[i] ? values[i]->c_str() : nullptr;
  return out;
}

// Sends the deferred statements and then `wanted` in one pipeline (one round trip) and reads
// every answer; throws the first error. Returns the answers to `wanted`, in order.
std::vector<PGresult*> run_pipeline(PGconn* conn, StatementCache& cache, const std::vector<Statement>& wanted) {
  auto deferred = std::move(cache.deferred);
  cache.deferred.clear();
  std::vector<Statement> work;
  work.reserve(deferred.size() + wanted.size());
  for (const auto& [sql, values] : deferred) work.push_back({&sql, &values});
  work.insert(work.end(), wanted.begin(), wanted.end());
  make_room(conn, cache, work.size());  // before the pipeline: DEALLOCATE ALL cannot run inside one
  if (!PQenterPipelineMode(conn)) throw error_of(conn, nullptr);
  std::vector<std::string> prepared_here;
  std::vector<bool> kept;  // for each answer: whether it is the answer to a wanted statement
  bool sent = true;
  for (std::size_t i = 0; i < work.size(); ++i) {
    const auto& [original, values] = work[i];
    const std::string* sql = &sent_text(cache, *original);
    const auto [name, fresh] = statement_name(cache, *sql);
    if (fresh) {
      sent = sent && PQsendPrepare(conn, name->c_str(), numbered_placeholders(*sql).c_str(),
                                   static_cast<int>(values->size()), nullptr);
      kept.push_back(false);
      prepared_here.push_back(*sql);
    }
    const auto params = parameters(*values);
    sent = sent && PQsendQueryPrepared(conn, name->c_str(), static_cast<int>(params.size()), params.data(), nullptr,
                                       nullptr, 0);
    kept.push_back(i >= deferred.size());
  }
  sent = sent && PQpipelineSync(conn);
  std::optional<DatabaseError> error;
  std::vector<PGresult*> answers;
  for (std::size_t i = 0; sent && i < kept.size(); ++i) {
    PGresult* r = PQgetResult(conn);
    if (!r) {  // the connection failed mid-way
      sent = false;
      break;
    }
    const auto status = PQresultStatus(r);
    if (status == PGRES_FATAL_ERROR && !error) error = error_of(conn, r);
    if (kept[i] && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK))
      answers.push_back(r);
    else
      PQclear(r);
    while (PGresult* more = PQgetResult(conn)) PQclear(more);  // up to the end of this answer
  }
  if (sent) {
    PGresult* sync = PQgetResult(conn);  // PGRES_PIPELINE_SYNC
    PQclear(sync);
  }
  PQexitPipelineMode(conn);
  if (!sent || error || answers.size() != wanted.size()) {
    for (PGresult* r : answers) PQclear(r);
    for (const auto& sql : prepared_here) cache.names.erase(sql);  // prepare again, under a new name
    if (error) throw *error;
    throw error_of(conn, nullptr);
  }
  return answers;
}

void make_room(PGconn* conn, StatementCache& cache, std::size_t n) {
  if (cache.names.size() + n <= StatementCache::kLimit) return;
  PgResult(conn, PQexec(conn, "DEALLOCATE ALL"));
  cache.names.clear();
}

void run_deferred(PGconn* conn) {
  StatementCache& cache = cache_of(conn);
  if (!cache.deferred.empty()) run_pipeline(conn, cache, {});
}

}  // namespace

RecordedReads::RecordedReads(soci::session& s) : s_(s) {
  cache_of(connection_of(s_)).as_recorded = true;
}

RecordedReads::~RecordedReads() {
  if (PGconn* conn = connection_of(s_)) cache_of(conn).as_recorded = false;
}

void Query::defer(soci::session& s) const {
  cache_of(connection_of(s)).deferred.emplace_back(sql_, values_);
}

PgResult Query::run(soci::session& s) const {
  PGconn* conn = connection_of(s);
  StatementCache& cache = cache_of(conn);
  if (!cache.deferred.empty()) return PgResult(conn, run_pipeline(conn, cache, {{&sql_, &values_}}).front());
  const std::string& sql = sent_text(cache, sql_);
  if (!cache.names.contains(sql)) make_room(conn, cache, 1);
  const auto [name, fresh] = statement_name(cache, sql);
  if (fresh) {
    try {
      PgResult(conn, PQprepare(conn, name->c_str(), numbered_placeholders(sql).c_str(),
                               static_cast<int>(values_.size()), nullptr));
    } catch (...) {
      cache.names.erase(sql);  // not prepared: never use the name
      throw;
    }
  }
  const auto params = parameters(values_);
  return PgResult(
      conn, PQexecPrepared(conn, name->c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0));
}

namespace {

// The rows of a result. Instants are selected as they are (formatting them in SQL with to_char
// costs microseconds a value) and leave here as RFC 3339 text in UTC with microseconds.
std::vector<Row> rows_of(const PGresult* r) {
  const int n = PQntuples(r);
  const int columns = PQnfields(r);
  std::vector<bool> instant(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) instant[static_cast<std::size_t>(c)] = PQftype(r, c) == kTimestamptz;
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::vector<Value> cols;
    cols.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      const std::string_view text(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
      if (PQgetisnull(r, i, c))
        cols.emplace_back(std::nullopt);
      else if (instant[static_cast<std::size_t>(c)])
        cols.emplace_back(rfc3339_from_postgres(text));
      else
        cols.emplace_back(std::in_place, text);
    }
    rows.emplace_back(std::move(cols));
  }
  return rows;
}

}  // namespace

std::vector<Row> Query::fetch(soci::session& s) const {
  return rows_of(run(s).get());
}

std::vector<std::vector<Row>> fetch_together(soci::session& s, std::initializer_list<const Query*> queries) {
  PGconn* conn = connection_of(s);
  std::vector<Statement> wanted;
  for (const Query* q : queries) wanted.push_back({&q->sql_, &q->values_});
  std::vector<PgResult> answers;
  answers.reserve(wanted.size());
  for (PGresult* r : run_pipeline(conn, cache_of(conn), wanted)) answers.emplace_back(conn, r);
  std::vector<std::vector<Row>> out;
  for (const auto& r : answers) out.push_back(rows_of(r.get()));
  return out;
}

std::optional<Row> Query::fetch_one(soci::session& s) const {
  auto rows = fetch(s);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

long long Query::execute(soci::session& s) const {
  PgResult r = run(s);
  const char* affected = PQcmdTuples(r.get());
  return affected && *affected ? std::atoll(affected) : 0;
}

Query audit_action_query(std::string_view action) {
  Query q("SELECT set_config('incommon.action', ");
  q.sql(q.bind(std::string(action))).sql(", true)");
  return q;
}

void name_audit_action(soci::session& s, std::string_view action) {
  audit_action_query(action).defer(s);
}

bool connection_ok(soci::session& s) {
  PGconn* conn = connection_or_null(s);
  return conn && PQstatus(conn) == CONNECTION_OK;
}

void end_transaction(soci::session& s, bool commit, std::string* wal_position) {
  PGconn* conn = connection_of(s);
  StatementCache& cache = cache_of(conn);
  if (!commit) {
    cache.deferred.clear();                                 // undone with the transaction anyway
    if (PQtransactionStatus(conn) == PQTRANS_IDLE) return;  // nothing was begun
    PgResult(conn, PQexec(conn, "ROLLBACK"));
    return;
  }
  if (cache.deferred.empty() && !wal_position) {
    PgResult(conn, PQexec(conn, "COMMIT"));
    return;
  }
  static const std::string kCommit = "COMMIT";
  static const std::string kPosition = "SELECT pg_current_wal_lsn()::text";
  static const std::vector<Value> kNone;
  std::vector<Statement> wanted{{&kCommit, &kNone}};
  if (wal_position) wanted.push_back({&kPosition, &kNone});
  auto answers = run_pipeline(conn, cache, wanted);
  if (wal_position && PQntuples(answers.back()) == 1) *wal_position = PQgetvalue(answers.back(), 0, 0);
  for (PGresult* r : answers) PQclear(r);
}

void run_script(soci::session& s, std::string_view script) {
  PGconn* conn = connection_of(s);
  run_deferred(conn);
  PgResult(conn, PQexec(conn, std::string(script).c_str()));
}

RecordMeta record_meta(const Row& r) {
  return {r.text(0), r.int64(1).value_or(0), r.text(2), r.text(3)};
}

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
  return fetch_all(s, q, [](const Row& r) { return r.text(0); });
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

Query& Query::and_in(std::string_view column, const std::vector<std::string>& values, std::string_view type) {
  sql(" AND ").sql(column).sql(" = ANY(CAST(");
  const std::string placeholder = bind(id_array(values));
  return sql(placeholder).sql(" AS ").sql(type).sql("[]))");
}

std::string programme_bodies(Query& q, const std::string& programme_id) {
  // CAST makes it an array value: ANY((SELECT ...)) would compare with each row instead.
  return "CAST((SELECT p.organisation_ids FROM programmes p WHERE p.id = CAST(" + q.bind(programme_id) +
         " AS uuid)) AS uuid[])";
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

void append_after(Query& q, std::string_view columns, const std::vector<std::string>& after, std::string_view casts) {
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
