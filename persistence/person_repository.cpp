#include "persistence/person_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Person> kPeople("people", {
                                          field("title", &Person::title),
                                          field("full_name", &Person::full_name),
                                          field("email", &Person::email),
                                      });

}  // namespace

Result<Person> SqlPersonRepository::insert(const Person& p) {
  return kPeople.add(s_, p);
}

std::optional<Person> SqlPersonRepository::find(const std::string& id, bool lock) {
  return kPeople.find(s_, id, lock);
}

std::optional<Person> SqlPersonRepository::find(const std::string& id) {
  return find(id, false);
}
std::optional<Person> SqlPersonRepository::find_for_update(const std::string& id) {
  return find(id, true);
}

Page<Person> SqlPersonRepository::list(const PersonFilter& f, const PageRequest& page) {
  Query q = kPeople.select();
  q.sql(" WHERE true");
  if (f.name_contains)
    q.sql(" AND people.full_name ILIKE '%' || ").sql(q.bind(escape_like(*f.name_contains))).sql(" || '%'");
  if (f.email) q.sql(" AND lower(people.email) = lower(").sql(q.bind(*f.email)).sql(")");
  if (!f.ids.empty()) q.and_in("people.id", f.ids, "uuid");
  if (page.after) append_after(q, "people.full_name, people.id", *page.after, "text,uuid");
  q.sql(" ORDER BY people.full_name, people.id");
  return kPeople.page(s_, std::move(q), page, [](const Person& p) {
    return std::vector<std::string>{p.full_name, p.meta.id};
  });
}

Result<Person> SqlPersonRepository::save(const Person& p) {
  return kPeople.save(s_, p, "person");
}

}  // namespace incommon::db
