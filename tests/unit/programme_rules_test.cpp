// Programme, milestone and RAID rules of the domain, without I/O.
#include <gtest/gtest.h>

#include "domain/programmes/changes.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "domain/programmes/risk.hpp"

using namespace incommon;

namespace {

Date d(const char* text) {
  return *Date::parse(text);
}

Milestone milestone(const char* key, const char* baseline) {
  Milestone m;
  m.meta.id = std::string("id-") + key;
  m.programme_id = "p";
  m.key = key;
  m.title = std::string("Milestone ") + key;
  m.baseline_date = d(baseline);
  m.forecast_date = m.baseline_date;
  return m;
}

bool names(const Status& s, const std::string& field) {
  if (s) return false;
  for (const auto& e : s.error().errors)
    if (e.field == field) return true;
  return false;
}

}  // namespace

TEST(Programme, ClosedOnExactlyWhenCompleteOrAbandoned) {
  Programme p;
  p.name = "Single strategic commissioner";
  p.target_date = d("2020-04-01");
  EXPECT_TRUE(validate(p));
  p.status = ProgrammeStatus::abandoned;
  EXPECT_TRUE(names(validate(p), "closed_on"));
  p.closed_on = d("2019-09-30");
  EXPECT_TRUE(validate(p));
  p.status = ProgrammeStatus::active;
  EXPECT_TRUE(names(validate(p), "closed_on"));
  p.organisation_ids = {"a", "a"};
  EXPECT_TRUE(names(validate(p), "organisation_ids"));
}

TEST(Programme, ClosedAfterTheDateWasActiveThen) {
  Programme p;
  p.status = ProgrammeStatus::abandoned;
  p.closed_on = d("2019-09-30");
  EXPECT_EQ(programme_status_as_of(p, d("2019-06-13")), ProgrammeStatus::active);
  EXPECT_EQ(programme_status_as_of(p, d("2019-09-30")), ProgrammeStatus::abandoned);
  EXPECT_EQ(programme_status_as_of(p, d("2019-10-01")), ProgrammeStatus::abandoned);
  p.status = ProgrammeStatus::planning;
  p.closed_on.reset();
  EXPECT_EQ(programme_status_as_of(p, d("2019-06-13")), ProgrammeStatus::planning);
}

TEST(Milestone, RecordRules) {
  auto m = milestone("M07", "2019-06-13");
  EXPECT_TRUE(validate(m));
  for (const char* bad : {"", "M 7", "M/7", "M07-is-far-too-long-a-key"}) {
    auto k = m;
    k.key = bad;
    EXPECT_TRUE(names(validate(k), "key")) << bad;
  }
  auto c = m;
  c.status = MilestoneStatus::complete;
  EXPECT_TRUE(names(validate(c), "actual_date"));
  c.actual_date = d("2019-06-20");
  EXPECT_TRUE(validate(c));
  c.status = MilestoneStatus::in_progress;
  EXPECT_TRUE(names(validate(c), "actual_date"));
  for (int pct : {-1, 101}) {
    auto p = m;
    p.percent_complete = pct;
    EXPECT_TRUE(names(validate(p), "percent_complete")) << pct;
  }
  auto self = m;
  self.depends_on = {m.meta.id};
  EXPECT_TRUE(names(validate(self), "depends_on"));
  auto twice = m;
  twice.depends_on = {"x", "x"};
  EXPECT_TRUE(names(validate(twice), "depends_on"));
}

TEST(Milestone, AssessedAsOfADate) {
  auto a = milestone("M01", "2019-05-31");
  auto b = milestone("M02", "2019-07-31");
  b.depends_on = {a.meta.id};
  auto unrelated = milestone("M09", "2019-12-31");  // later, but not a dependency
  a.forecast_date = d("2019-08-15");
  const std::vector<Milestone> known{a, unrelated};
  auto view = view_of(b, index_by_id(known), d("2020-04-01"), d("2019-06-13")).view;
  EXPECT_EQ(view.rag.rag, Rag::amber);
  ASSERT_EQ(view.rag.reasons.size(), 1u);
  EXPECT_EQ(view.rag.reasons[0].code, "dependency_later");
  EXPECT_NE(view.rag.reasons[0].text.find("M01"), std::string::npos);
  EXPECT_FALSE(view.overdue);
  EXPECT_EQ(view.slippage_days, 0);
  view = view_of(b, {}, d("2020-04-01"), d("2019-08-01")).view;
  EXPECT_TRUE(view.overdue);
  EXPECT_EQ(view.rag.rag, Rag::red);
  b.status = MilestoneStatus::cancelled;
  view = view_of(b, {}, d("2020-04-01"), d("2019-08-01")).view;
  EXPECT_FALSE(view.overdue);
  EXPECT_FALSE(view.rag.rag.has_value());
}

TEST(Risk, ScoreAndRanges) {
  Risk r;
  r.title = "GP members vote against";
  r.likelihood = 4;
  r.impact = 5;
  EXPECT_EQ(score_of(r), 20);
  EXPECT_TRUE(validate(r));
  r.likelihood = 6;
  EXPECT_TRUE(names(validate(r), "likelihood"));
  r.likelihood = 1;
  r.impact = 0;
  EXPECT_TRUE(names(validate(r), "impact"));
}

// --- What changed between two instants ----------------------------------------------------------

TEST(ProgrammeChanges, EveryRecordedEventOfNoteHasItsEntry) {
  using incommon::RecordEvent;
  const auto event = [](const char* at, const char* collection, const char* id, const char* action) {
    RecordEvent e;
    e.at = at;
    e.collection = collection;
    e.id = id;
    e.action = action;
    e.by = "Governance office";
    return e;
  };
  std::vector<RecordEvent> events = {event("2019-06-11T12:00:00Z", "decisions", "d1", "create"),
                                     event("2019-06-12T12:00:00Z", "decisions", "d1", "ratify"),
                                     event("2019-06-13T12:00:00Z", "decisions", "d1", "supersede"),
                                     event("2019-06-14T12:00:00Z", "decisions", "d2", "rescind"),
                                     event("2019-06-15T12:00:00Z", "decisions", "d2", "update"),
                                     event("2019-06-16T12:00:00Z", "votes", "v1", "withdraw"),
                                     event("2019-06-17T12:00:00Z", "caveats", "c1", "update")};
  events.back().before_status = "attached";
  events.back().after_status = "attached";  // a caveat edited, its status not: no entry
  const auto entries = incommon::programme_changes({}, {}, "2019-07-01T00:00:00Z", events, {});
  std::vector<std::string> seen;
  for (const auto& e : entries) seen.push_back(e.kind + "." + e.event);
  EXPECT_EQ(seen, (std::vector<std::string>{"decision.taken", "decision.ratified", "decision.superseded",
                                            "decision.rescinded", "vote.withdrawn"}));
  EXPECT_EQ(entries[0].by, "Governance office");
}
