#pragma once
// SqlMilestoneRepository: the PostgreSQL side of milestone.hpp. Internal to persistence.
#include "domain/programmes/milestone.hpp"

namespace soci {
class session;
}

namespace incommon::db {

class SqlMilestoneRepository final : public MilestoneRepository {
 public:
  explicit SqlMilestoneRepository(soci::session& s) : s_(s) {}
  Result<Milestone> insert(const Milestone& m) override;
  std::optional<Milestone> find(const std::string& id) override;
  std::optional<Milestone> find_for_update(const std::string& id) override;
  std::optional<MilestoneInContext> find_in_context(const std::string& id,
                                                    const std::optional<Date>& caveats_as_of) override;
  std::optional<MilestoneInContext> find_in_context_for_update(const std::string& id) override;
  Result<Milestone> save(const Milestone& m) override;
  Result<Milestone> save_as(const Milestone& m, std::string_view action) override;
  std::vector<Milestone> list(const std::string& programme_id, const MilestoneFilter& filter,
                              const std::optional<std::vector<std::string>>& after, int limit) override;
  std::vector<Milestone> find_many(const std::vector<std::string>& ids) override;
  std::vector<Milestone> of_programme(const std::string& programme_id) override;
  void lock_schedule(const std::string& programme_id) override;
  std::vector<std::string> outside_programme(const std::string& programme_id,
                                             const std::vector<std::string>& ids) override;
  Result<std::pair<Milestone, MilestoneUpdate>> save_progress(const Milestone& m, const MilestoneUpdate& u) override;
  Page<MilestoneUpdate> updates_of(const std::string& milestone_id, const PageRequest& page) override;
  std::vector<ForecastChange> forecast_history(const std::string& milestone_id) override;
  std::vector<MilestoneTrack> tracks_of(const std::string& programme_id, const Instant& until) override;

 private:
  soci::session& s_;
};

}  // namespace incommon::db
