#include <gtest/gtest.h>

#include "domain/people/person.hpp"

using namespace incommon;

TEST(PersonRules, NeedsAFullName) {
  Person p;
  p.full_name = "Ruth Chambers";
  p.title = "Dr";
  EXPECT_TRUE(validate(p));
  p.full_name = "";
  EXPECT_FALSE(validate(p));
}

TEST(PersonRules, EmailMustLookLikeOne) {
  Person p;
  p.full_name = "Ruth Chambers";
  for (const char* ok : {"r.chambers@nhs.net", "a@b.co"}) {
    p.email = ok;
    EXPECT_TRUE(validate(p)) << ok;
  }
  for (const char* bad : {"nope", "@nhs.net", "a@b", "a b@nhs.net", "a@@nhs.net"}) {
    p.email = bad;
    EXPECT_FALSE(validate(p)) << bad;
  }
}

TEST(PersonRules, LengthsCountCharactersNotBytes) {
  Person p;
  p.full_name = std::string(200, 'a');
  EXPECT_TRUE(validate(p));
  p.full_name.clear();
  for (int i = 0; i < 200; ++i) p.full_name += "\xC3\xA9";  // é, two bytes each
  EXPECT_TRUE(validate(p));
  p.full_name += "e";
  EXPECT_FALSE(validate(p));
}
