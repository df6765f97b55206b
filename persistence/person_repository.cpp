#include "persistence/person_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "id::text, version, created_at, updated_at, title, full_name, email";

Person from_row(const Row& r) {
  Person p;
  p.meta = record_meta(r);
  p.title = r.at(4);
  p.full_name = r.text(5);
  p.email = r.at(6);
  return p;
}

std::string bind_fields(Query& q, const Person& p) {
  return q.bind_list(p.title, p.full_name, p.email);
}

}  // namespace

Result<Person> SqlPersonRepository::insert(const Person& p) {
  Query q("INSERT INTO people (title, full_name, email) VALUES (");
  q.sql(bind_fields(q, p)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<Person> SqlPersonRepository::find(const std::string& id, bool lock) {
  return find_by_id(s_, "people", kColumns, id, lock, from_row);
}

std::optional<Person> SqlPersonRepository::find(const std::string& id) { return find(id, false); }
std::optional<Person> SqlPersonRepository::find_for_update(const std::string& id) { return find(id, true); }

Page<Person> SqlPersonRepository::list(const PersonFilter& f, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM people WHERE true");
  if (f.name_contains) q.sql(" AND full_name ILIKE '%' || ").sql(q.bind(escape_like(*f.name_contains))).sql(" || '%'");
  if (f.email) q.sql(" AND lower(email) = lower(").sql(q.bind(*f.email)).sql(")");
  if (page.after) append_after(q, "full_name, id", *page.after, "text,uuid");
  q.sql(" ORDER BY people.full_name, people.id LIMIT ").sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<Person> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const Person& p) { return std::vector<std::string>{p.full_name, p.meta.id}; });
}

Result<Person> SqlPersonRepository::save(const Person& p) {
  Query q("UPDATE people SET (title, full_name, email) = (");
  q.sql(bind_fields(q, p)).sql(") WHERE id = CAST(").sql(q.bind(p.meta.id)).sql(" AS uuid) RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

}  // namespace incommon::db
