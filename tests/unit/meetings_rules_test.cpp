#include <gtest/gtest.h>

#include <algorithm>

#include "domain/core/instant.hpp"
#include "domain/decisions/decision.hpp"
#include "domain/meetings/meeting.hpp"

using namespace incommon;

TEST(Instants, AnyOffsetIsTheSameMoment) {
  auto bst = Instant::parse("2019-06-20T15:30:00+01:00");
  auto utc = Instant::parse("2019-06-20T14:30:00Z");
  ASSERT_TRUE(bst && utc);
  EXPECT_EQ(*bst, *utc);
  EXPECT_EQ(bst->to_string(), "2019-06-20T14:30:00Z");
  EXPECT_EQ(Instant::parse("2019-06-20T14:30:00.25Z")->to_string(), "2019-06-20T14:30:00.250000Z");
  EXPECT_EQ(Instant::parse("2019-12-31T23:30:00-01:00")->to_string(), "2020-01-01T00:30:00Z");
  EXPECT_EQ(Instant::parse("1969-12-31T23:59:59.5Z")->to_string(), "1969-12-31T23:59:59.500000Z");
  for (const char* bad : {"2019-06-20T14:30:00", "2019-06-20 14:30:00Z", "2019-06-20T24:00:00Z", "2019-02-30T10:00:00Z",
                          "2019-06-20T14:30:00+0100", "2019-06-20T14:30:00.Z", "2019-06-20T14:30Z"})
    EXPECT_FALSE(Instant::parse(bad)) << bad;
}

TEST(AgendaNumbers, SortAsVersions) {
  std::vector<std::string> numbers{"10", "4.2", "2", "4.10", "4", "4.2.1", "1"};
  std::sort(numbers.begin(), numbers.end(), agenda_number_less);
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "4", "4.2", "4.2.1", "4.10", "10"}));
  for (const char* bad : {"", "4.", ".4", "4..2", "a", "4.b", "12345"}) EXPECT_FALSE(agenda_number_parts(bad)) << bad;
}

TEST(MeetingRules, InCommonNeedsTwoBodiesAndEndsAfterStart) {
  Meeting m;
  m.title = "Governing bodies in common";
  m.kind = MeetingKind::governing_body_in_common;
  m.organisation_ids = {"a"};
  m.starts_at = *Instant::parse("2019-06-13T09:00:00Z");
  m.ends_at = *Instant::parse("2019-06-13T12:00:00Z");
  EXPECT_FALSE(validate(m));
  m.organisation_ids = {"a", "b", "a"};
  EXPECT_TRUE(validate(m));
  EXPECT_EQ(m.organisation_ids.size(), 2u);
  m.ends_at = m.starts_at;
  EXPECT_FALSE(validate(m));
}

namespace {
Attendance present(const std::string& person, const std::string& body, bool voting = true) {
  Attendance a;
  a.person_id = person;
  a.organisation_id = body;
  a.status = AttendanceStatus::present;
  a.voting = voting;
  return a;
}
}  // namespace

TEST(Quorum, CountsPresentVotingMembersPerBody) {
  Meeting m;
  m.organisation_ids = {"north", "south"};
  m.quorum = 2;
  std::vector<Attendance> att{present("p1", "north"), present("p2", "north"), present("p3", "south"),
                              present("p4", "south", false)};
  Attendance apologies = present("p5", "south");
  apologies.status = AttendanceStatus::apologies;
  att.push_back(apologies);
  auto q = compute_quorum(m, att, {}, std::nullopt);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].present_voting, 2);
  EXPECT_TRUE(q[0].quorate);
  EXPECT_EQ(q[1].present_voting, 1);
  EXPECT_FALSE(q[1].quorate);
}

TEST(Quorum, AMemberWhoWithdrewFromTheItemDoesNotCount) {
  Meeting m;
  m.organisation_ids = {"north"};
  m.quorum = 2;
  std::vector<Attendance> att{present("p1", "north"), present("p2", "north")};
  Declaration d;
  d.person_id = "p2";
  d.agenda_item_id = "item-7";
  d.action = DeclarationAction::withdrew;
  Declaration stayed = d;
  stayed.person_id = "p1";
  stayed.action = DeclarationAction::stayed_did_not_vote;
  EXPECT_TRUE(compute_quorum(m, att, {d, stayed}, std::nullopt)[0].quorate);
  EXPECT_FALSE(compute_quorum(m, att, {d, stayed}, std::string("item-7"))[0].quorate);
  EXPECT_TRUE(compute_quorum(m, att, {d, stayed}, std::string("item-8"))[0].quorate);
}

TEST(Overall, FollowsTheSpecTable) {
  using O = BodyOutcome;
  auto outcome = [](const char* body, O o) { return Outcome{body, o, {}, {}, {}}; };
  const std::vector<std::string> bodies{"a", "b", "c"};
  struct Case {
    std::vector<Outcome> outcomes;
    Overall expected;
  } cases[] = {
      {{}, Overall::pending},
      {{outcome("a", O::approved), outcome("b", O::approved)}, Overall::pending},
      {{outcome("a", O::approved), outcome("b", O::approved), outcome("c", O::approved)}, Overall::approved_in_common},
      {{outcome("a", O::rejected), outcome("b", O::rejected), outcome("c", O::rejected)}, Overall::rejected},
      {{outcome("a", O::deferred), outcome("b", O::deferred), outcome("c", O::deferred)}, Overall::deferred},
      {{outcome("a", O::approved), outcome("b", O::approved), outcome("c", O::deferred)}, Overall::split},
      {{outcome("a", O::abstained), outcome("b", O::abstained), outcome("c", O::abstained)}, Overall::split},
      {{outcome("a", O::approved), outcome("b", O::rejected), outcome("c", O::abstained)}, Overall::split},
  };
  for (const auto& c : cases) EXPECT_EQ(overall_of(bodies, c.outcomes), c.expected) << to_string(c.expected);
  EXPECT_EQ(overall_of({}, {}), Overall::pending);
}

TEST(DecisionRules, OneOutcomePerBodyAndSaneVotes) {
  Decision d;
  d.title = "Appoint a single accountable officer";
  d.outcomes = {Outcome{"a", BodyOutcome::approved, 5, 1, 0}, Outcome{"a", BodyOutcome::rejected, {}, {}, {}}};
  EXPECT_FALSE(validate(d));
  d.outcomes.pop_back();
  EXPECT_TRUE(validate(d));
  d.outcomes[0].votes_for = -1;
  EXPECT_FALSE(validate(d));
}

TEST(DecisionAsOf, RatifiedSupersededAndRescindedOnlyOnceThatHappened) {
  Decision d;
  d.decided_on = *Date::parse("2019-05-21");
  d.status = DecisionStatus::rescinded;
  d.ratified_at = "2019-06-13T10:00:00Z";
  d.rescinded_reason = "Recorded in error.";
  d.meta.updated_at = "2019-10-01T09:30:00Z";  // an ended decision changes no more
  EXPECT_EQ(decision_as_of(d, *Date::parse("2019-10-01")).status, DecisionStatus::rescinded);
  const auto september = decision_as_of(d, *Date::parse("2019-09-30"));
  EXPECT_EQ(september.status, DecisionStatus::ratified);
  EXPECT_FALSE(september.rescinded_reason);
  const auto june = decision_as_of(d, *Date::parse("2019-06-12"));
  EXPECT_EQ(june.status, DecisionStatus::draft);
  EXPECT_FALSE(june.ratified_at);
  d.status = DecisionStatus::superseded;
  d.superseded_by_id = "5a1c3e7b-9d2f-4b6a-8e0c-3f5d7b9a1c2e";
  EXPECT_FALSE(decision_as_of(d, *Date::parse("2019-07-01")).superseded_by_id);
  EXPECT_EQ(decision_as_of(d, *Date::parse("2019-07-01")).status, DecisionStatus::ratified);
}
