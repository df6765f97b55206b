#include <gtest/gtest.h>

#include "domain/auth/role.hpp"

using namespace incommon;

TEST(Permissions, FollowTheSpecTable) {
  using A = WriteArea;
  EXPECT_TRUE(may_write(Role::admin, A::tokens));
  for (Role r : {Role::governance, Role::transformation, Role::engagement, Role::viewer})
    EXPECT_FALSE(may_write(r, A::tokens));
  for (A a : {A::organisations, A::people, A::appointments, A::financial_positions, A::meetings, A::decisions, A::votes,
              A::caveats, A::caveat_status_and_links})
    EXPECT_TRUE(may_write(Role::governance, a));
  for (A a : {A::programmes, A::milestones, A::milestone_updates, A::risks, A::caveat_status_and_links})
    EXPECT_TRUE(may_write(Role::transformation, a));
  EXPECT_FALSE(may_write(Role::transformation, A::caveats));
  EXPECT_FALSE(may_write(Role::transformation, A::organisations));
  for (A a : {A::consultations, A::events, A::staff_responses, A::moderation, A::booking_lists})
    EXPECT_TRUE(may_write(Role::engagement, a));
  EXPECT_FALSE(may_write(Role::engagement, A::people));
  for (A a : {A::organisations, A::people, A::programmes, A::consultations}) EXPECT_FALSE(may_write(Role::viewer, a));
}
