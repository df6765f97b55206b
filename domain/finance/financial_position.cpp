#include "domain/finance/financial_position.hpp"

#include "domain/core/text.hpp"

namespace incommon {

bool add_pence(std::optional<std::int64_t>& total, std::int64_t amount) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(total.value_or(0), amount, &sum)) return false;
  total = sum;
  return true;
}

bool is_financial_year(const std::string& t) {
  if (t.size() != 7 || t[4] != '/') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (t[i] < '0' || t[i] > '9') return false;
  const int first = std::stoi(t.substr(0, 4));
  const int second = std::stoi(t.substr(5, 2));
  return first >= 1900 && (first + 1) % 100 == second;
}

Status validate(const FinancialPosition& p) {
  Violations v;
  if (p.organisation_id) {
    if (!p.financial_year || !is_financial_year(*p.financial_year))
      v.add("financial_year", "financial_year must be written YYYY/YY for consecutive years, e.g. 2018/19");
    if (p.label) v.add("label", "label is for a programme's positions; an organisation's have a financial_year");
  } else {
    if (!p.label || p.label->empty())
      v.add("label", "label is required");
    else
      check_text(v, "label", *p.label, 200);
    if (p.financial_year) v.add("financial_year", "a programme's positions have a label, not a financial_year");
  }
  if (!p.in_year_surplus_pence && !p.cumulative_position_pence)
    v.add("in_year_surplus_pence", "give in_year_surplus_pence, cumulative_position_pence or both");
  for (const auto& [field, amount] : {std::pair{"in_year_surplus_pence", p.in_year_surplus_pence},
                                      std::pair{"cumulative_position_pence", p.cumulative_position_pence}})
    if (amount && (*amount > kMaxPence || *amount < -kMaxPence))
      v.add(field, std::string(field) + " must be at most 10000000000000 pence (100 billion pounds) either way");
  if (p.source) check_length(v, "source", *p.source, 500);
  return v.result();
}

Result<FinancialPosition> record_position(FinancialPositionRepository& repo, ProgrammeRepository& programmes,
                                          const FinancialPosition& p) {
  if (auto ok = validate(p); !ok) return fail(ok.error());
  if (p.organisation_id && !repo.organisation_exists(*p.organisation_id))
    return fail(Error::not_found("No organisation has id " + *p.organisation_id + "."));
  if (p.programme_id) {
    auto programme = programmes.find(*p.programme_id);
    if (!programme) return fail(Error::not_found("No programme has id " + *p.programme_id + "."));
    if (auto ok = check_programme_open(*programme); !ok) return fail(ok.error());
  }
  return repo.insert(p);
}

Result<FinancialPosition> change_position(FinancialPositionRepository& repo, ProgrammeRepository& programmes,
                                          const std::string& id, std::optional<std::int64_t> expected_version,
                                          const Change<FinancialPosition>& change) {
  return change_record<FinancialPosition>(
      repo, "financial position", id, expected_version, change,
      [&](const FinancialPosition& current, FinancialPosition& next) -> Status {
        if (next.organisation_id != current.organisation_id)
          return fail(Error::rule("organisation_id", "a financial position cannot move to another organisation"));
        if (next.programme_id != current.programme_id)
          return fail(Error::rule("programme_id", "a financial position cannot move to another programme"));
        if (current.programme_id)
          if (auto programme = programmes.find(*current.programme_id))
            if (auto ok = check_programme_open(*programme); !ok) return ok;
        return validate(next);
      });
}

}  // namespace incommon
