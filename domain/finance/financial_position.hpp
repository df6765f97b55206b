#pragma once
// Financial positions in pence: an organisation's, one per financial year; or a programme's,
// one per free label ("southern CCGs combined").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/core/change.hpp"
#include "domain/core/error.hpp"
#include "domain/core/record.hpp"
#include "domain/programmes/programme.hpp"

namespace incommon {

struct FinancialPosition {
  RecordMeta meta;
  // Exactly one owner: an organisation (with financial_year) or a programme (with label).
  std::optional<std::string> organisation_id;
  std::optional<std::string> financial_year;  // "2018/19"
  std::optional<std::string> programme_id;
  std::optional<std::string> label;
  std::optional<std::int64_t> in_year_surplus_pence;  // negative: a deficit
  std::optional<std::int64_t> cumulative_position_pence;
  std::optional<std::string> source;
};

// Each amount is at most 10^13 pence (100 billion pounds) either way: sums of any realistic
// number of them stay far inside 64 bits, and add_pence checks even that.
inline constexpr std::int64_t kMaxPence = 10'000'000'000'000;

// total += amount; false (total unchanged) when the sum would leave 64 bits.
bool add_pence(std::optional<std::int64_t>& total, std::int64_t amount);

// "YYYY/YY" where YY is the year after YYYY ("2018/19", "1999/00").
bool is_financial_year(const std::string& text);
Status validate(const FinancialPosition& p);

struct PositionTotals {
  std::int64_t organisations = 0;
  std::optional<std::int64_t> in_year_surplus_pence;  // none when no position gave one
  std::optional<std::int64_t> cumulative_position_pence;
};

struct PositionSummary {
  std::string financial_year;
  std::map<std::string, PositionTotals> by_sub_region;  // "" for organisations without one
  PositionTotals total;
};

class FinancialPositionRepository {
 public:
  virtual ~FinancialPositionRepository() = default;
  virtual Result<FinancialPosition> insert(const FinancialPosition& p) = 0;
  virtual std::optional<FinancialPosition> find(const std::string& id) = 0;
  virtual std::optional<FinancialPosition> find_for_update(const std::string& id) = 0;
  virtual Page<FinancialPosition> list_for(const std::string& organisation_id, const PageRequest& page) = 0;
  virtual Page<FinancialPosition> list_for_programme(const std::string& programme_id, const PageRequest& page) = 0;
  virtual Result<FinancialPosition> save(const FinancialPosition& p) = 0;
  virtual bool organisation_exists(const std::string& id) = 0;
  virtual bool programme_exists(const std::string& id) = 0;
  // Sums by sub-region and in total; `organisation_ids` empty: every organisation.
  virtual PositionSummary summarise(const std::vector<std::string>& organisation_ids, const std::string& year) = 0;
};

// A programme's positions follow its milestones: none added or changed once it is closed.
Result<FinancialPosition> record_position(FinancialPositionRepository& repo, ProgrammeRepository& programmes,
                                          const FinancialPosition& p);
Result<FinancialPosition> change_position(FinancialPositionRepository& repo, ProgrammeRepository& programmes,
                                          const std::string& id, std::optional<std::int64_t> expected_version,
                                          const Change<FinancialPosition>& change);

}  // namespace incommon
