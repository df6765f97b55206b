// libFuzzer target over what turns request bytes into domain values: the JSON body reader,
// the typed field reader, merge patch, and the date and instant parsers.
//   scripts/fuzz [seconds]   (scripts/test runs a short smoke run)
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/core/date.hpp"
#include "domain/core/instant.hpp"
#include "server/http/json_body.hpp"

using namespace incommon;
using namespace incommon::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)Date::parse(text);
  (void)Instant::parse(text);

  HttpRequest request;
  request.method = "POST";
  request.body.assign(text);
  request.headers["content-type"] = size % 2 ? "application/json" : "application/merge-patch+json";
  auto body = parse_json_object(request, true);
  if (!body) return 0;

  // Read it as the handlers read a record: every kind of field, then the verdict.
  FieldReader fields(*body);
  (void)fields.text("title");
  (void)fields.optional_text("description");
  (void)fields.optional_integer("percent_complete");
  (void)fields.optional_date("baseline_date");
  (void)fields.required_date("opened_on");
  (void)fields.optional_uuid("programme_id");
  (void)fields.optional_uuid_list("depends_on");
  (void)fields.optional_instant("starts_at");
  (void)fields.optional_boolean("consent_to_publish");
  if (const json* outcomes = fields.take("outcomes"); outcomes && outcomes->is_array())
    for (const auto& o : *outcomes)
      if (o.is_object()) {
        FieldReader item(o, {});
        (void)item.required_uuid("organisation_id");
        (void)item.optional_integer("votes_for");
        (void)item.finish();
      }
  (void)fields.finish();

  // And as a merge patch over a stored record.
  json stored = {{"id", "00000000-0000-4000-8000-000000000000"}, {"title", "t"}, {"depends_on", json::array()}};
  (void)dump(merge_patch(stored, *body));
  return 0;
}
