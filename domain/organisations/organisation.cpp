#include "domain/organisations/organisation.hpp"

#include <algorithm>
#include <cctype>

#include "domain/core/change.hpp"
#include "domain/core/text.hpp"

namespace incommon {

namespace {
bool is_ods_code(const std::string& code) {
  return code.size() >= 3 && code.size() <= 10 &&
         std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isupper(c) || std::isdigit(c); });
}
}  // namespace

Status validate(const Organisation& o) {
  Violations v;
  check_text(v, "name", o.name, 200);
  if (o.code && !is_ods_code(*o.code)) v.add("code", "code must be an ODS code: 3 to 10 upper-case letters and digits");
  if (o.sub_region) check_text(v, "sub_region", *o.sub_region, 100);
  if (o.population && *o.population < 0) v.add("population", "population must be 0 or more");
  if (o.established_on && o.dissolved_on && *o.dissolved_on < *o.established_on)
    v.add("dissolved_on", "dissolved_on must not be before established_on");
  if (!o.meta.id.empty()) {
    if (o.parent_id == o.meta.id) v.add("parent_id", "an organisation cannot be its own parent");
    if (o.successor_id == o.meta.id) v.add("successor_id", "an organisation cannot be its own successor");
  }
  return v.result();
}

Status check_no_parent_cycle(const std::string& id, const std::optional<std::string>& parent_id,
                             const std::vector<std::string>& ancestors_of_parent) {
  if (!parent_id) return {};
  if (*parent_id == id)
    return fail(Error::rule("parent_id", "an organisation cannot be its own parent").as(ProblemType::cycle));
  auto loop = std::find(ancestors_of_parent.begin(), ancestors_of_parent.end(), id);
  if (loop == ancestors_of_parent.end()) return {};
  std::string path = id + " -> " + *parent_id;
  for (auto it = ancestors_of_parent.begin(); it != loop + 1; ++it) path += " -> " + *it;
  return fail(Error::rule("parent_id", "parent_id would make a cycle: " + path).as(ProblemType::cycle));
}

Result<Organisation> register_organisation(OrganisationRepository& repo, Organisation org) {
  if (auto ok = validate(org); !ok) return fail(ok.error());
  return repo.insert(org);
}

Result<Organisation> change_organisation(OrganisationRepository& repo, const std::string& id,
                                         std::optional<std::int64_t> expected_version,
                                         const OrganisationChange& change) {
  return change_record<Organisation>(repo, "organisation", id, expected_version, change,
                                     [&](const Organisation& current, const Organisation& next) -> Status {
                                       if (auto ok = validate(next); !ok) return ok;
                                       if (!next.parent_id || next.parent_id == current.parent_id) return {};
                                       repo.lock_hierarchy();
                                       return check_no_parent_cycle(id, next.parent_id,
                                                                    repo.ancestors(*next.parent_id));
                                     });
}

}  // namespace incommon
