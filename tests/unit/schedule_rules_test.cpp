// RAG, "as of" a date, dependency cycles and the critical path, as pure rules.
#include <gtest/gtest.h>

#include <random>

#include "domain/programmes/schedule.hpp"
#include "domain/programmes/trend.hpp"

using namespace incommon;

namespace {
Date d(const char* s) {
  return *Date::parse(s);
}
ScheduleFacts facts(MilestoneStatus s, const char* baseline, const char* forecast = nullptr,
                    const char* actual = nullptr) {
  ScheduleFacts f;
  f.status = s;
  f.baseline = d(baseline);
  if (forecast) f.forecast = d(forecast);
  if (actual) f.actual = d(actual);
  return f;
}
std::vector<std::string> codes(const RagAssessment& a) {
  std::vector<std::string> out;
  for (const auto& r : a.reasons) out.push_back(r.code);
  return out;
}
using S = MilestoneStatus;
}  // namespace

TEST(AsOf, AMilestoneCompletedLaterWasInProgressThen) {
  auto done = facts(S::complete, "2019-05-31", nullptr, "2019-06-10");
  EXPECT_EQ(status_as_of(done, d("2019-06-09")), S::in_progress);
  EXPECT_EQ(status_as_of(done, d("2019-06-10")), S::complete);
  EXPECT_EQ(finish_as_of(done, d("2019-06-09")), d("2019-05-31"));
  EXPECT_EQ(finish_as_of(done, d("2019-07-01")), d("2019-06-10"));
  EXPECT_EQ(slippage_days(facts(S::in_progress, "2019-06-01", "2019-06-15")), 14);
  EXPECT_EQ(slippage_days(facts(S::in_progress, "2019-06-01")), 0);
  EXPECT_EQ(slippage_days(facts(S::in_progress, "2019-06-15", "2019-06-01")), -14);
}

TEST(Rag, FollowsTheSpecTable) {
  const auto target = std::optional<Date>(d("2020-04-01"));
  struct Case {
    const char* name;
    ScheduleFacts m;
    std::vector<std::pair<std::string, ScheduleFacts>> deps;
    const char* as_of;
    std::optional<Rag> rag;
    std::vector<std::string> reasons;
  } cases[] = {
      {"on track", facts(S::in_progress, "2019-09-30"), {}, "2019-06-13", Rag::green, {}},
      {"not started, on track", facts(S::not_started, "2019-09-30", "2019-09-30"), {}, "2019-06-13", Rag::green, {}},
      {"slipped", facts(S::in_progress, "2019-09-30", "2019-10-15"), {}, "2019-06-13", Rag::amber, {"slipped"}},
      {"pulled forward is not slipped",
       facts(S::in_progress, "2019-09-30", "2019-09-01"),
       {},
       "2019-06-13",
       Rag::green,
       {}},
      {"blocked", facts(S::blocked, "2019-09-30"), {}, "2019-06-13", Rag::red, {"blocked"}},
      {"past forecast", facts(S::in_progress, "2019-05-31"), {}, "2019-06-13", Rag::red, {"past_forecast"}},
      {"due today is not past", facts(S::in_progress, "2019-06-13"), {}, "2019-06-13", Rag::green, {}},
      {"after target",
       facts(S::not_started, "2020-03-01", "2020-05-01"),
       {},
       "2019-06-13",
       Rag::red,
       {"after_programme_target", "slipped"}},
      {"dependency later",
       facts(S::not_started, "2019-09-30"),
       {{"M03", facts(S::in_progress, "2019-09-01", "2019-10-31")}},
       "2019-06-13",
       Rag::amber,
       {"dependency_later"}},
      {"dependency earlier",
       facts(S::not_started, "2019-09-30"),
       {{"M03", facts(S::in_progress, "2019-09-01")}},
       "2019-06-13",
       Rag::green,
       {}},
      {"cancelled dependency ignored",
       facts(S::not_started, "2019-09-30"),
       {{"M03", facts(S::cancelled, "2019-09-01", "2019-12-31")}},
       "2019-06-13",
       Rag::green,
       {}},
      {"complete has no rag",
       facts(S::complete, "2018-12-31", nullptr, "2018-12-20"),
       {},
       "2019-06-13",
       std::nullopt,
       {}},
      {"cancelled has no rag", facts(S::cancelled, "2019-09-30"), {}, "2019-06-13", std::nullopt, {}},
      {"completed later counts as open",
       facts(S::complete, "2019-05-31", nullptr, "2019-06-20"),
       {},
       "2019-06-13",
       Rag::red,
       {"past_forecast"}},
      {"red outranks amber, all reasons kept",
       facts(S::blocked, "2019-05-01", "2019-06-01"),
       {},
       "2019-06-13",
       Rag::red,
       {"blocked", "past_forecast", "slipped"}},
  };
  for (const auto& c : cases) {
    auto a = assess_rag(c.m, c.deps, target, d(c.as_of));
    EXPECT_EQ(a.rag, c.rag) << c.name;
    EXPECT_EQ(codes(a), c.reasons) << c.name;
  }
  EXPECT_EQ(assess_rag(facts(S::not_started, "2021-01-01"), {}, std::nullopt, d("2019-06-13")).rag, Rag::green)
      << "no target, no target rule";
}

TEST(Cycles, AreFoundAndNamed) {
  EXPECT_FALSE(find_dependency_cycle(
      {{"M05", {"M04"}}, {"M04", {"M02", "M03"}}, {"M03", {"M01"}}, {"M02", {"M01"}}, {"M01", {}}}));
  auto loop = find_dependency_cycle({{"M01", {}}, {"M02", {"M01", "M04"}}, {"M03", {"M02"}}, {"M04", {"M03"}}});
  ASSERT_TRUE(loop);
  ASSERT_GE(loop->size(), 4u);
  EXPECT_EQ(loop->front(), loop->back());
  auto self = find_dependency_cycle({{"M01", {"M01"}}});
  ASSERT_TRUE(self);
  EXPECT_EQ(*self, (std::vector<std::string>{"M01", "M01"}));
}

TEST(CriticalPath, TheStoryChain) {
  // December 2018 application -> governing bodies and practices consulted -> public
  // consultation -> the SCO from 1 April 2020.
  std::map<std::string, ScheduleFacts> ms{
      {"M01", facts(S::complete, "2018-12-31", nullptr, "2018-12-20")},
      {"M02", facts(S::complete, "2019-05-31", nullptr, "2019-05-30")},
      {"M03", facts(S::complete, "2019-05-31", nullptr, "2019-05-24")},
      {"M04", facts(S::in_progress, "2019-07-31", "2019-08-15")},
      {"M05", facts(S::not_started, "2020-04-01")},
  };
  std::map<std::string, std::vector<std::string>> deps{
      {"M02", {"M01"}}, {"M03", {"M01"}}, {"M04", {"M02", "M03"}}, {"M05", {"M04"}}};
  auto cp = critical_path(ms, deps, d("2019-06-13"));
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->chain, (std::vector<std::string>{"M01", "M02", "M04", "M05"}));
  EXPECT_EQ(cp->finish, d("2020-04-01"));
  ms["M05"].status = S::cancelled;
  EXPECT_EQ(critical_path(ms, deps, d("2019-06-13"))->chain, (std::vector<std::string>{"M01", "M02", "M04"}));
  EXPECT_FALSE(critical_path({}, {}, d("2019-06-13")));
}

TEST(CriticalPath, ARandomThousandMilestoneDag) {
  std::mt19937 rng(20190613);
  const int n = 1000;
  std::map<std::string, ScheduleFacts> ms;
  std::map<std::string, std::vector<std::string>> deps;
  auto key = [](int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "M%04d", i);
    return std::string(buf);
  };
  for (int i = 0; i < n; ++i) {
    ScheduleFacts f;
    f.status = S::not_started;
    f.baseline = Date::from_days(d("2019-01-01").days_since_epoch() + static_cast<int>(rng() % 500));
    ms[key(i)] = f;
    // Edges only to lower numbers: acyclic by construction.
    for (int k = 0; k < 3 && i > 0; ++k)
      deps[key(i)].push_back(key(static_cast<int>(rng() % static_cast<unsigned>(i))));
  }
  EXPECT_FALSE(find_dependency_cycle(deps));
  auto cp = critical_path(ms, deps, d("2019-01-01"));
  ASSERT_TRUE(cp);
  // It ends at a latest finisher, and every step is an edge to the latest-finishing dependency.
  Date latest = d("1970-01-01");
  for (const auto& [k, m] : ms) latest = std::max(latest, forecast_of(m));
  EXPECT_EQ(cp->finish, latest);
  EXPECT_EQ(forecast_of(ms.at(cp->chain.back())), latest);
  for (std::size_t i = 1; i < cp->chain.size(); ++i) {
    const auto& later = cp->chain[i];
    const auto& earlier = cp->chain[i - 1];
    const auto& ds = deps.at(later);
    ASSERT_NE(std::find(ds.begin(), ds.end(), earlier), ds.end());
    for (const auto& other : ds) EXPECT_LE(forecast_of(ms.at(other)), forecast_of(ms.at(earlier)));
  }
  // One edge back from the oldest to the newest makes a loop, and it is found.
  deps[key(0)].push_back(key(n - 1));
  auto loop = find_dependency_cycle(deps);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->front(), loop->back());
}

// --- Milestone trend analysis ------------------------------------------------------------------

namespace {
incommon::Instant at(const char* text) {
  return *incommon::Instant::parse(text);
}
}  // namespace

TEST(Trend, ReportingIntervalsAreDaysWeeksOrMonths) {
  using incommon::ReportingInterval;
  EXPECT_EQ(ReportingInterval::parse("P7D")->days, 7);
  EXPECT_EQ(ReportingInterval::parse("P2W")->days, 14);
  EXPECT_EQ(ReportingInterval::parse("P1M")->months, 1);
  EXPECT_EQ(ReportingInterval::parse("P2W")->to_string(), "P2W");
  for (const char* bad : {"", "P", "P0D", "P1Y", "PT1H", "P-1D", "P1M2D", "1M", "P13M", "P367D"})
    EXPECT_FALSE(ReportingInterval::parse(bad)) << bad;
}

TEST(Trend, AMonthStepKeepsTheDayWhereTheMonthHasIt) {
  auto instants = incommon::reporting_instants(at("2019-01-31T09:00:00Z"), at("2019-05-01T00:00:00Z"),
                                               incommon::ReportingInterval{0, 1}, 100);
  ASSERT_TRUE(instants);
  std::vector<std::string> text;
  for (const auto& i : *instants) text.push_back(i.to_string());
  EXPECT_EQ(text, (std::vector<std::string>{"2019-01-31T09:00:00Z", "2019-02-28T09:00:00Z", "2019-03-31T09:00:00Z",
                                            "2019-04-30T09:00:00Z", "2019-05-01T00:00:00Z"}));
  EXPECT_FALSE(incommon::reporting_instants(at("2019-01-01T00:00:00Z"), at("2019-12-31T00:00:00Z"),
                                            incommon::ReportingInterval{1, 0}, 100));
  EXPECT_FALSE(incommon::reporting_instants(at("2019-02-01T00:00:00Z"), at("2019-01-01T00:00:00Z"),
                                            incommon::ReportingInterval{1, 0}, 100));
}

TEST(Trend, EachInstantTakesTheLastStateRecordedByThen) {
  using incommon::Date;
  incommon::MilestoneTrack t{"id", "M04", "Merger application", {}};
  t.states.push_back({at("2019-05-01T00:00:00Z"), *Date::parse("2019-09-30"), *Date::parse("2019-09-30"),
                      incommon::MilestoneStatus::not_started});
  t.states.push_back({at("2019-07-01T00:00:00Z"), *Date::parse("2019-10-31"), *Date::parse("2019-09-30"),
                      incommon::MilestoneStatus::in_progress});
  const auto lines = incommon::trend_of({t}, {at("2019-04-01T00:00:00Z"), at("2019-05-01T00:00:00Z"),
                                              at("2019-06-30T23:59:59Z"), at("2019-08-01T00:00:00Z")});
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].points.size(), 4u);
  EXPECT_FALSE(lines[0].points[0]) << "not yet recorded";
  EXPECT_EQ(lines[0].points[1]->forecast_date.to_string(), "2019-09-30") << "recorded at the instant itself";
  EXPECT_EQ(lines[0].points[2]->forecast_date.to_string(), "2019-09-30");
  EXPECT_EQ(lines[0].points[3]->forecast_date.to_string(), "2019-10-31");
}
