// Consultation rules of the domain, without I/O: state by date, bookings, percentages.
#include <gtest/gtest.h>

#include "domain/consultation/consultation.hpp"
#include "domain/consultation/response.hpp"

using namespace incommon;

namespace {
Date d(const char* text) {
  return *Date::parse(text);
}
}  // namespace

TEST(Consultation, StateByDateInclusive) {
  Consultation c;
  c.title = "Single SCO";
  c.opens_on = d("2019-05-13");
  c.closes_on = d("2019-07-31");
  EXPECT_EQ(state_on(c, d("2019-05-12")), ConsultationState::upcoming);
  EXPECT_EQ(state_on(c, d("2019-05-13")), ConsultationState::open);
  EXPECT_EQ(state_on(c, d("2019-07-31")), ConsultationState::open);
  EXPECT_EQ(state_on(c, d("2019-08-01")), ConsultationState::closed);
  EXPECT_TRUE(validate(c));
  c.closes_on = d("2019-05-12");
  EXPECT_FALSE(validate(c));
}

TEST(Booking, PartyOfOneToSixWithAnEmail) {
  Booking b;
  b.name = "Resident";
  b.email = "resident@example.org";
  EXPECT_TRUE(validate(b));
  for (int n : {0, 7}) {
    b.party_size = n;
    EXPECT_FALSE(validate(b)) << n;
  }
  b.party_size = 6;
  for (const char* bad : {"", "no-at-sign", "@example.org", "x@", "a b@example.org"}) {
    b.email = bad;
    EXPECT_FALSE(validate(b)) << bad;
  }
}

TEST(Summary, PercentagesAddUpToExactlyAHundred) {
  auto thirds = with_percentages({{"a", 1}, {"b", 1}, {"c", 1}});
  EXPECT_DOUBLE_EQ(thirds["a"].percent + thirds["b"].percent + thirds["c"].percent, 100.0);
  for (const auto& [k, c] : thirds) EXPECT_TRUE(c.percent == 33.3 || c.percent == 33.4) << k << " " << c.percent;
  auto sevenths = with_percentages({{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 1}, {"f", 1}, {"g", 1}});
  double sum = 0;
  for (const auto& [k, c] : sevenths) sum += c.percent;
  EXPECT_NEAR(sum, 100.0, 1e-9);
  auto none = with_percentages({{"a", 0}, {"b", 0}});
  EXPECT_EQ(none["a"].percent, 0.0);
  auto one = with_percentages({{"a", 0}, {"b", 5}});
  EXPECT_EQ(one["b"].percent, 100.0);
  EXPECT_EQ(one["a"].percent, 0.0);
}

TEST(Comments, PublicOnlyWithConsentTextAndNotHidden) {
  ConsultationResponse r;
  r.comments_on_proposal = "Keep local decisions local.";
  EXPECT_FALSE(is_public_comment(r));
  r.consent_to_publish = true;
  EXPECT_TRUE(is_public_comment(r));
  r.moderation = Moderation::pending;
  EXPECT_FALSE(is_public_comment(r));
  r.moderation = Moderation::published;
  r.comments_on_proposal = "   ";
  EXPECT_FALSE(is_public_comment(r));
}
