#include "domain/programmes/dashboard.hpp"

#include <algorithm>

namespace incommon {

namespace {

bool add_money(PositionTotals& t, const FinancialPosition& p) {
  ++t.organisations;
  return (!p.in_year_surplus_pence || add_pence(t.in_year_surplus_pence, *p.in_year_surplus_pence)) &&
         (!p.cumulative_position_pence || add_pence(t.cumulative_position_pence, *p.cumulative_position_pence));
}

}  // namespace

Result<Dashboard> dashboard_of(ProgrammeRepository& programmes, MilestoneRepository& milestones,
                               DashboardRepository& reads, const std::string& programme_id, const Date& as_of) {
  auto p = programmes.find(programme_id);
  if (!p) return fail(Error::not_found("No programme has id " + programme_id + "."));
  Dashboard d;
  d.as_of = as_of;
  d.programme = *p;
  d.programme.status = programme_status_as_of(*p, as_of);
  if (d.programme.closed_on && as_of < *d.programme.closed_on) d.programme.closed_on.reset();
  d.days_to_target = p->target_date - as_of;

  // Milestones: one read of the programme's plan, every view computed from it once. Each group
  // is sorted as pointers and only the milestones it lists are copied into it.
  const auto all = milestones.of_programme(programme_id);
  for (const auto& [s, name] : EnumNames<MilestoneStatus>::table) d.milestones_by_status[std::string(name)] = 0;
  for (const char* rag : {"green", "amber", "red", "none"}) d.milestones_by_rag[rag] = 0;
  const auto by_id = index_by_id(all);
  std::vector<MilestoneWithView> views;
  views.reserve(all.size());
  std::vector<const MilestoneWithView*> overdue, slipped, next_due;
  for (const auto& m : all) {
    const auto& viewed = views.emplace_back(view_of(m, by_id, p->target_date, as_of));
    const auto& view = viewed.view;
    ++d.milestones_by_status[std::string(to_string(view.status))];
    ++d.milestones_by_rag[view.rag.rag ? std::string(to_string(*view.rag.rag)) : "none"];
    const bool live = view.status != MilestoneStatus::complete && view.status != MilestoneStatus::cancelled;
    if (view.overdue) overdue.push_back(&viewed);
    if (live && view.slippage_days > 0) slipped.push_back(&viewed);
    if (live && !(m.forecast_date < as_of)) next_due.push_back(&viewed);
  }
  // Each order is total (keys are unique in a programme), so the first n are the same whether
  // the whole group is sorted or only they are.
  const auto group_of = [](std::vector<const MilestoneWithView*>& members, std::size_t listed, auto before) {
    MilestoneGroup g;
    const auto n = std::min(listed, members.size());
    std::partial_sort(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(n), members.end(),
                      [&](const MilestoneWithView* a, const MilestoneWithView* b) { return before(*a, *b); });
    g.count = members.size();
    g.items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) g.items.push_back(*members[i]);
    return g;
  };
  auto by_forecast = [](const MilestoneWithView& a, const MilestoneWithView& b) {
    return std::pair(a.milestone.forecast_date, a.milestone.key) <
           std::pair(b.milestone.forecast_date, b.milestone.key);
  };
  d.overdue = group_of(overdue, kDashboardListed, by_forecast);
  d.next_due = group_of(next_due, 5, by_forecast);
  d.next_due.count = d.next_due.items.size();  // the next five
  d.slipped = group_of(slipped, kDashboardListed, [](const MilestoneWithView& a, const MilestoneWithView& b) {
    return std::pair(-a.view.slippage_days, a.milestone.key) < std::pair(-b.view.slippage_days, b.milestone.key);
  });
  d.critical_path = critical_path_of(*p, as_of, all);

  const auto& bodies = p->organisation_ids;
  d.decisions_by_overall = reads.decisions_by_overall(bodies, as_of);
  for (const auto& [o, name] : EnumNames<Overall>::table) d.decisions_by_overall.emplace(std::string(name), 0);
  d.latest_decisions = reads.latest_decisions(bodies, as_of, 5);
  for (const auto& v : reads.votes_about(bodies, as_of)) d.votes.push_back(vote_as_of(v, as_of));

  for (const auto& c : reads.caveats_for(programme_id, bodies, as_of)) {
    switch (c.status) {
      case CaveatStatus::met:
        ++d.caveats.met;
        break;
      case CaveatStatus::breached:
        ++d.caveats.breached;
        break;
      case CaveatStatus::withdrawn:
        ++d.caveats.withdrawn;
        break;
      default:
        ++d.caveats.open;
        d.open_caveats.push_back(c);
        break;
    }
    if (caveat_overdue(c, as_of)) ++d.caveats.overdue;
  }

  d.responses_by_position = reads.responses_by_position(programme_id, as_of);
  for (const char* position : {"support_single_organisation", "keep_current_system", "no_view"})
    d.responses_by_position.emplace(position, 0);

  for (const auto& stored : reads.risks_of(programme_id)) {
    auto r = risk_as_of(stored, as_of);
    if (!r || r->status == RiskStatus::closed) continue;
    ++d.open_risks;
    d.top_risks.push_back(std::move(*r));
  }
  std::stable_sort(d.top_risks.begin(), d.top_risks.end(),
                   [](const Risk& a, const Risk& b) { return score_of(a) > score_of(b); });
  if (d.top_risks.size() > 5) d.top_risks.resize(5);

  for (const auto& position : reads.positions_of(programme_id))
    if (!add_money(d.money_by_label[position.label.value_or("")], position))
      return fail(Error::conflict("The financial positions labelled \"" + position.label.value_or("") +
                                  "\" add up to more than 64 bits of pence can hold.")
                      .as(ProblemType::sum_too_large));
  d.bodies = reads.bodies_on(bodies, as_of);
  return d;
}

}  // namespace incommon
