#include "domain/people/person.hpp"

#include "domain/core/change.hpp"
#include "domain/core/text.hpp"

namespace incommon {

namespace {
// Deliberately loose: one @, something either side, a dot in the domain, no spaces.
bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return false;
  auto dot = e.find('.', at + 2);
  if (dot == std::string::npos || dot + 1 >= e.size()) return false;
  return e.find_first_of(" \t\r\n") == std::string::npos;
}
}  // namespace

Status validate(const Person& p) {
  Violations v;
  if (p.title) check_text(v, "title", *p.title, 40);
  check_text(v, "full_name", p.full_name, 200);
  if (p.email) {
    check_length(v, "email", *p.email, 254);
    if (!plausible_email(*p.email)) v.add("email", "email must be an email address");
  }
  return v.result();
}

Result<Person> register_person(PersonRepository& repo, Person person) {
  if (auto ok = validate(person); !ok) return fail(ok.error());
  return repo.insert(person);
}

Result<Person> change_person(PersonRepository& repo, const std::string& id,
                             std::optional<std::int64_t> expected_version, const PersonChange& change) {
  return change_record<Person>(repo, "person", id, expected_version, change,
                               [](const Person&, const Person& next) { return validate(next); });
}

}  // namespace incommon
