#pragma once
// A record's table, declared once: each field with its column, how it is read from a row and how
// it is bound. From that one declaration come the SELECT list, the position of every column by
// name, the row reader, and the INSERT, UPDATE and by-id SELECT statements; fetching rows into
// records and keyset pages are written here once for every repository. Internal to persistence.
//
//   const Table<Risk> kRisks("risks", {
//       field("programme_id", &Risk::programme_id),
//       field("title", &Risk::title),
//       field("milestone_ids", &Risk::milestone_ids),  // a uuid[], selected joined by commas
//       read_only<Risk>("score"),
//   });
//   kRisks.find(s, id, false);      // SELECT <columns> FROM risks WHERE id = $1
//   kRisks.insert(r).fetch_one(s);  // INSERT INTO risks (programme_id, title) VALUES ($1, $2) RETURNING <columns>
//
// The first four columns of every record are id, version, created_at and updated_at (RecordMeta).
#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "domain/core/date.hpp"
#include "domain/core/enum_names.hpp"
#include "domain/core/instant.hpp"
#include "domain/core/record.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

// Reading and binding one field's value, by its C++ type. Values cross as text: a uuid or a
// date in its text form, a list of ids as a uuid[] literal.
template <class M, class = void>
struct Codec;

template <>
struct Codec<std::string> {
  static void read(std::string& m, const Value& v) { m = v.value_or(""); }
  static Value write(const std::string& m) { return m; }
};
template <>
struct Codec<std::optional<std::string>> {
  static void read(std::optional<std::string>& m, const Value& v) { m = v; }
  static Value write(const std::optional<std::string>& m) { return m; }
};
template <>
struct Codec<std::optional<Date>> {
  static void read(std::optional<Date>& m, const Value& v) { m = v ? Date::parse(*v) : std::nullopt; }
  static Value write(const std::optional<Date>& m) { return m ? Value(m->to_string()) : Value(); }
};
template <>
struct Codec<Date> {
  static void read(Date& m, const Value& v) {
    if (auto d = v ? Date::parse(*v) : std::nullopt) m = *d;
  }
  static Value write(const Date& m) { return m.to_string(); }
};
template <>
struct Codec<Instant> {  // a timestamptz, which reaches the row already in RFC 3339
  static void read(Instant& m, const Value& v) {
    if (auto i = v ? Instant::parse(*v) : std::nullopt) m = *i;
  }
  static Value write(const Instant& m) { return m.to_string(); }
};
template <>
struct Codec<std::optional<Instant>> {
  static void read(std::optional<Instant>& m, const Value& v) { m = v ? Instant::parse(*v) : std::nullopt; }
  static Value write(const std::optional<Instant>& m) { return m ? Value(m->to_string()) : Value(); }
};
template <>
struct Codec<bool> {
  static void read(bool& m, const Value& v) { m = v == "t" || v == "true"; }
  static Value write(bool m) { return std::string(m ? "true" : "false"); }
};
template <class N>
struct Codec<N, std::enable_if_t<std::is_integral_v<N> && !std::is_same_v<N, bool>>> {
  static void read(N& m, const Value& v) {
    if (!v) return;
    std::from_chars(v->data(), v->data() + v->size(), m);
  }
  static Value write(N m) { return std::to_string(m); }
};
template <class N>
struct Codec<std::optional<N>, std::enable_if_t<std::is_integral_v<N> && !std::is_same_v<N, bool>>> {
  static void read(std::optional<N>& m, const Value& v) {
    m.reset();
    N n{};
    if (v && std::from_chars(v->data(), v->data() + v->size(), n).ec == std::errc()) m = n;
  }
  static Value write(const std::optional<N>& m) { return m ? Value(std::to_string(*m)) : Value(); }
};
template <class E>
struct Codec<E, std::enable_if_t<std::is_enum_v<E>>> {
  // The database's CHECK constraints hold the spellings; an unknown one keeps the default.
  static void read(E& m, const Value& v) {
    if (auto e = parse_enum<E>(v.value_or(""))) m = *e;
  }
  static Value write(E m) { return std::string(to_string(m)); }
};
template <class E>
struct Codec<std::optional<E>, std::enable_if_t<std::is_enum_v<E>>> {
  static void read(std::optional<E>& m, const Value& v) { m = v ? parse_enum<E>(*v) : std::nullopt; }
  static Value write(const std::optional<E>& m) { return m ? Value(std::string(to_string(*m))) : Value(); }
};
template <>
struct Codec<std::vector<std::string>> {
  static void read(std::vector<std::string>& m, const Value& v) { m = split_list(v.value_or("")); }
  static Value write(const std::vector<std::string>& m) { return id_array(m); }
};

template <class M>
constexpr bool joined_list() {
  return std::is_same_v<M, std::vector<std::string>>;
}

template <class T>
struct Column {
  std::string name;                            // the table's column
  bool joined = false;                         // a uuid[], selected joined by commas
  std::function<void(T&, const Value&)> read;  // empty: selected, not read into T
  std::function<Value(const T&)> write;        // empty: the server or the database sets it
  std::string expression;                      // a computed column's SQL (read_only)
  bool updated = true;                         // false: written by insert() only
};

// A field the client writes and the record reads back.
template <class T, class M>
Column<T> field(std::string name, M T::*member) {
  return {std::move(name),
          joined_list<M>(),
          [member](T& t, const Value& v) { Codec<M>::read(t.*member, v); },
          [member](const T& t) { return Codec<M>::write(t.*member); },
          {}};
}
// A field of a field (`outer.inner`), written and read back.
template <class T, class S, class M>
Column<T> field(std::string name, S T::*outer, M S::*inner) {
  return {std::move(name),
          joined_list<M>(),
          [outer, inner](T& t, const Value& v) { Codec<M>::read(t.*outer.*inner, v); },
          [outer, inner](const T& t) { return Codec<M>::write(t.*outer.*inner); },
          {}};
}
// A field written once, by insert(): the parent a child record belongs to.
template <class T, class M>
Column<T> fixed(std::string name, M T::*member) {
  auto c = field(std::move(name), member);
  c.updated = false;
  return c;
}
// A field read back but never written by update() or insert() (a trigger, a default or a use
// case's own statement sets it).
template <class T, class M>
Column<T> stored(std::string name, M T::*member) {
  return {std::move(name), joined_list<M>(), [member](T& t, const Value& v) { Codec<M>::read(t.*member, v); }, {}, {}};
}
// A field kept in a form of its own (JSON, say): `read` and `write` convert it.
template <class T>
Column<T> custom(std::string name, std::function<void(T&, const Value&)> read, std::function<Value(const T&)> write) {
  return {std::move(name), false, std::move(read), std::move(write), {}};
}
// A column selected for the statements that need it and read by position (`Table::at`), with
// `expression` as its SQL when it is computed ("<table>.<name>" otherwise).
template <class T>
Column<T> read_only(std::string name, std::string expression = {}) {
  return {std::move(name), false, {}, {}, std::move(expression)};
}

template <class T>
class Table {
 public:
  Table(std::string name, std::vector<Column<T>> columns) : name_(std::move(name)), columns_(std::move(columns)) {
    select_ = name_ + ".id::text, " + name_ + ".version, " + name_ + ".created_at, " + name_ + ".updated_at";
    for (const auto& c : columns_) {
      select_ += ", " + select_expression(c);
      if (c.write) fields_ += (fields_.empty() ? "" : ", ") + c.name;
      if (c.write && c.updated) updated_fields_ += (updated_fields_.empty() ? "" : ", ") + c.name;
    }
  }

  const std::string& name() const { return name_; }
  // The SELECT list: the record's columns, qualified with the table's name, in declared order.
  const std::string& columns() const { return select_; }
  // The columns written on insert and update, in declared order.
  const std::string& fields() const { return fields_; }
  // The position in the SELECT list of the column `name`; columns a query appends after the
  // list start at width().
  std::size_t at(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].name == name) return kMeta + i;
    throw std::logic_error("table " + name_ + " has no column " + std::string(name));
  }
  std::size_t width() const { return kMeta + columns_.size(); }

  T from_row(const Row& r) const {
    T t;
    t.meta = record_meta(r);
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].read) columns_[i].read(t, r.at(kMeta + i));
    return t;
  }
  std::vector<T> from_rows(const std::vector<Row>& rows) const {
    return read_rows(rows, [this](const Row& r) { return from_row(r); });
  }

  // "SELECT <columns> FROM <table>", for a statement to go on with WHERE ...
  Query select() const {
    Query q("SELECT ");
    q.sql(select_).sql(" FROM ").sql(name_);
    return q;
  }
  // The written fields bound in order: "$1, $2, ..." (`updating`: those update() writes).
  std::string bind_fields(Query& q, const T& t, bool updating = false) const {
    std::string out;
    for (const auto& c : columns_)
      if (c.write && (c.updated || !updating)) out += (out.empty() ? "" : ", ") + q.bind(c.write(t));
    return out;
  }
  // INSERT of the written fields, RETURNING the record.
  Query insert(const T& t) const {
    Query q("INSERT INTO ");
    q.sql(name_).sql(" (").sql(fields_).sql(") VALUES (").sql(bind_fields(q, t)).sql(") RETURNING ").sql(select_);
    return q;
  }
  // UPDATE of the written fields of the record t.meta.id, RETURNING it.
  Query update(const T& t) const {
    Query q("UPDATE ");
    // One column is SET a = $1: PostgreSQL reads "(a) = ($1)" as a row and refuses it.
    const bool one = updated_fields_.find(',') == std::string::npos;
    q.sql(name_)
        .sql(one ? " SET " : " SET (")
        .sql(updated_fields_)
        .sql(one ? " = " : ") = (")
        .sql(bind_fields(q, t, true));
    q.sql(one ? " WHERE id = CAST(" : ") WHERE id = CAST(");
    q.sql(q.bind(t.meta.id)).sql(" AS uuid) RETURNING ").sql(select_);
    return q;
  }

  std::optional<T> find(soci::session& s, const std::string& id, bool lock) const {
    Query q = select();
    q.sql(" WHERE ").sql(name_).sql(".id = CAST(").sql(q.bind(id)).sql(" AS uuid)");
    if (lock) q.sql(" FOR UPDATE");
    auto row = q.fetch_one(s);
    if (!row) return std::nullopt;
    return from_row(*row);
  }
  Result<T> save(soci::session& s, const T& t, const std::string& what) const {
    auto row = update(t).fetch_one(s);
    if (!row) return fail(Error::not_found("No " + what + " has id " + t.meta.id + "."));
    return from_row(*row);
  }
  T add(soci::session& s, const T& t) const { return from_row(*insert(t).fetch_one(s)); }
  std::vector<T> fetch(soci::session& s, const Query& q) const { return from_rows(q.fetch(s)); }

  // One page: `q` (filtered and ordered by the list's key) with LIMIT page.limit + 1 appended;
  // `key_of(record)` is the key the next page starts after.
  template <class KeyOf>
  Page<T> page(soci::session& s, Query q, const PageRequest& page, KeyOf key_of) const {
    return page_of(fetch_limited(s, std::move(q), page), page.limit, key_of);
  }
  // The rows of such a page's statement, read as a page.
  template <class KeyOf>
  Page<T> page_of(const std::vector<Row>& rows, int limit, KeyOf key_of) const {
    return make_page(from_rows(rows), limit, key_of);
  }

 private:
  static constexpr std::size_t kMeta = 4;

  static std::vector<Row> fetch_limited(soci::session& s, Query q, const PageRequest& page) {
    q.sql(" LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
    return q.fetch(s);
  }
  std::string select_expression(const Column<T>& c) const {
    if (!c.expression.empty()) return c.expression;
    const std::string qualified = name_ + "." + c.name;
    return c.joined ? "array_to_string(" + qualified + ", ',')" : qualified;
  }

  std::string name_;
  std::vector<Column<T>> columns_;
  std::string select_;
  std::string fields_;
  std::string updated_fields_;
};

}  // namespace incommon::db
