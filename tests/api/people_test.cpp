// People: create, read, change, unique emails.
#include <gtest/gtest.h>

#include "tests/support/api_fixture.hpp"

using namespace incommon::testing;

class People : public ApiTest {};

TEST_F(People, CreateReadAndChange) {
  auto r = call("POST", "/api/v1/people", R"({"title":"Dr","full_name":"Ruth Chambers"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = r.json_body();
  EXPECT_EQ(p["title"], "Dr");
  EXPECT_TRUE(p["email"].is_null());
  const std::string path = "/api/v1/people/" + p["id"].get<std::string>();
  auto changed =
      call("PATCH", path, R"({"email":"ruth.chambers@example.nhs.uk","title":null})", "admin", {"If-Match: \"1\""});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json_body()["email"], "ruth.chambers@example.nhs.uk");
  EXPECT_TRUE(changed.json_body()["title"].is_null());
  EXPECT_EQ(changed.json_body()["full_name"], "Ruth Chambers");
  auto found = call("GET", "/api/v1/people?email=RUTH.CHAMBERS@example.nhs.uk");
  ASSERT_EQ(found.json_body()["items"].size(), 1u);
}

TEST_F(People, EmailsAreValidAndUnique) {
  const std::string email = "unique." + std::to_string(getpid()) + "@example.nhs.uk";
  EXPECT_EQ(call("POST", "/api/v1/people", json{{"full_name", "A"}, {"email", email}}.dump()).status, 201);
  std::string upper = email;
  upper[0] = 'U';
  EXPECT_TRUE(
      is_problem(call("POST", "/api/v1/people", json{{"full_name", "B"}, {"email", upper}}.dump()), 409, "email"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/people", R"({"full_name":"C","email":"not an email"})"), 422, "email"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/people", R"({"full_name":""})"), 422, "full_name"));
  EXPECT_TRUE(is_problem(call("POST", "/api/v1/people", R"({"full_name":"D","postcode":"ST4"})"), 400, "postcode"));
}

TEST_F(People, ListIsByNameAndSearchable) {
  const std::string tag = unique("Zed");
  for (const char* n : {"Cara", "Abe", "Bea"})
    call("POST", "/api/v1/people", json{{"full_name", tag + " " + n}}.dump());
  auto items = call("GET", "/api/v1/people?q=" + tag.substr(0, 3) + "%20" + tag.substr(4)).json_body()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["full_name"], tag + " Abe");
  EXPECT_EQ(items[2]["full_name"], tag + " Cara");
}
