#pragma once
// SqlPersonRepository: the PostgreSQL side of person.hpp. Internal to persistence.
#include "domain/people/person.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlPersonRepository final : public PersonRepository {
 public:
  explicit SqlPersonRepository(soci::session& s) : s_(s) {}
  Result<Person> insert(const Person& person) override;
  std::optional<Person> find(const std::string& id) override;
  std::optional<Person> find_for_update(const std::string& id) override;
  Page<Person> list(const PersonFilter& filter, const PageRequest& page) override;
  Result<Person> save(const Person& person) override;

 private:
  std::optional<Person> find(const std::string& id, bool lock);
  soci::session& s_;
};

}  // namespace incommon::db
