#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/core/change.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"

namespace incommon {

struct Person {
  RecordMeta meta;
  std::optional<std::string> title;  // "Dr"
  std::string full_name;
  std::optional<std::string> email;
};

struct PersonFilter {
  std::optional<std::string> name_contains;
  std::optional<std::string> email;
  std::vector<std::string> ids;  // any of these (empty: no filter)
};

Status validate(const Person& person);

class PersonRepository {
 public:
  virtual ~PersonRepository() = default;
  virtual Result<Person> insert(const Person& person) = 0;
  virtual std::optional<Person> find(const std::string& id) = 0;
  virtual std::optional<Person> find_for_update(const std::string& id) = 0;
  virtual Page<Person> list(const PersonFilter& filter, const PageRequest& page) = 0;
  virtual Result<Person> save(const Person& person) = 0;
};

using PersonChange = Change<Person>;

Result<Person> register_person(PersonRepository& repo, Person person);
Result<Person> change_person(PersonRepository& repo, const std::string& id,
                             std::optional<std::int64_t> expected_version, const PersonChange& change);

}  // namespace incommon
