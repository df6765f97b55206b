#pragma once
// Text put into HTML or SVG: content, and attribute values in double quotes.
#include <string>
#include <string_view>

namespace incommon::http {

std::string escape_markup(std::string_view text);

}  // namespace incommon::http
