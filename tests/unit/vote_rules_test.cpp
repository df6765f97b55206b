// Vote thresholds, outcomes, turnout and caveat rules of the domain, without I/O.
#include <gtest/gtest.h>

#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"

using namespace incommon;

namespace {

Date d(const char* text) {
  return *Date::parse(text);
}

Vote closed(Threshold t, std::optional<std::int64_t> yes, std::optional<std::int64_t> no,
            std::optional<VoteOutcome> declared = std::nullopt, std::optional<std::int64_t> eligible = std::nullopt) {
  Vote v;
  v.motion = "m";
  v.opened_on = d("2019-05-01");
  v.status = VoteStatus::closed;
  v.closed_on = d("2019-06-01");
  v.threshold = t;
  v.tallies = {yes, no, std::nullopt};
  v.declared_outcome = declared;
  v.eligible = eligible;
  return v;
}

}  // namespace

TEST(Threshold, ExceedsTheShareOfVotesCastForAndAgainst) {
  struct Case {
    Threshold t;
    std::int64_t yes, no;
    bool met;
  };
  for (const auto& c : std::vector<Case>{{Threshold::simple_majority, 11, 10, true},
                                         {Threshold::simple_majority, 10, 10, false},
                                         {Threshold::simple_majority, 1, 0, true},
                                         {Threshold::simple_majority, 0, 0, false},
                                         {Threshold::two_thirds, 20, 10, false},  // exactly two thirds
                                         {Threshold::two_thirds, 21, 10, true},
                                         {Threshold::two_thirds, 20, 11, false},
                                         {Threshold::two_thirds, 2, 1, false},
                                         {Threshold::two_thirds, 3, 1, true}})
    EXPECT_EQ(threshold_met(c.t, c.yes, c.no), c.met) << to_string(c.t) << " " << c.yes << "-" << c.no;
}

TEST(Outcome, FromTalliesOrDeclared) {
  EXPECT_EQ(*settle_outcome(closed(Threshold::two_thirds, 20, 11)), VoteOutcome::defeated);
  EXPECT_EQ(*settle_outcome(closed(Threshold::simple_majority, 11, 10)), VoteOutcome::carried);
  EXPECT_EQ(*settle_outcome(closed(Threshold::simple_majority, std::nullopt, std::nullopt, VoteOutcome::defeated)),
            VoteOutcome::defeated);
  EXPECT_FALSE(settle_outcome(closed(Threshold::simple_majority, std::nullopt, std::nullopt)));
  EXPECT_FALSE(settle_outcome(closed(Threshold::simple_majority, 11, 10, VoteOutcome::defeated)));
  // 23 of 42 for: carried however the rest voted; declaring it defeated contradicts that.
  EXPECT_EQ(*settle_outcome(closed(Threshold::simple_majority, 23, std::nullopt, VoteOutcome::carried, 42)),
            VoteOutcome::carried);
  EXPECT_FALSE(settle_outcome(closed(Threshold::simple_majority, 23, std::nullopt, VoteOutcome::defeated, 42)));
  // 20 of 42 for proves nothing on its own.
  EXPECT_EQ(*settle_outcome(closed(Threshold::simple_majority, 20, std::nullopt, VoteOutcome::defeated, 42)),
            VoteOutcome::defeated);
  Vote open = closed(Threshold::simple_majority, std::nullopt, std::nullopt);
  open.status = VoteStatus::open;
  EXPECT_EQ(*settle_outcome(open), VoteOutcome::pending);
}

TEST(Turnout, CastOverEligibleWhenKnown) {
  auto v = closed(Threshold::two_thirds, 20, 11, std::nullopt, 42);
  v.tallies.votes_abstained = 3;
  EXPECT_NEAR(*turnout(v), 34.0 / 42.0, 1e-12);
  EXPECT_FALSE(turnout(closed(Threshold::two_thirds, 20, std::nullopt, std::nullopt, 42)));
  EXPECT_FALSE(turnout(closed(Threshold::two_thirds, 20, 11)));
  auto over = closed(Threshold::simple_majority, 30, 20, std::nullopt, 42);
  EXPECT_FALSE(validate(over));
}

TEST(AsOf, AVoteClosedLaterWasOpenThen) {
  auto v = closed(Threshold::simple_majority, 11, 10);
  v.outcome = VoteOutcome::carried;
  auto then = vote_as_of(v, d("2019-05-31"));
  EXPECT_EQ(then.status, VoteStatus::open);
  EXPECT_EQ(then.outcome, VoteOutcome::pending);
  EXPECT_FALSE(then.tallies.votes_for);
  EXPECT_EQ(vote_as_of(v, d("2019-06-01")).outcome, VoteOutcome::carried);
}

TEST(Caveat, OverdueWhenPastDueAndNotMetOrWithdrawn) {
  Caveat c;
  c.text = "Protection of each CCG's budget";
  c.due_on = d("2019-09-30");
  EXPECT_FALSE(caveat_overdue(c, d("2019-09-30")));
  EXPECT_TRUE(caveat_overdue(c, d("2019-10-01")));
  for (auto s : {CaveatStatus::met, CaveatStatus::withdrawn}) {
    c.status = s;
    EXPECT_FALSE(caveat_overdue(c, d("2019-10-01")));
  }
  c.status = CaveatStatus::breached;
  EXPECT_TRUE(caveat_overdue(c, d("2019-10-01")));
  c.due_on.reset();
  EXPECT_FALSE(caveat_overdue(c, d("2030-01-01")));
}
