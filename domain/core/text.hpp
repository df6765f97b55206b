#pragma once
// Rules for free text that every resource shares.
#include <string>
#include <string_view>

#include "domain/core/error.hpp"

namespace incommon {

// Counts code points of valid UTF-8 (the parser has already rejected invalid UTF-8).
std::size_t utf8_length(std::string_view text);

// Required text: not blank, at most `max_chars` characters.
void check_text(Violations& v, const std::string& field, std::string_view text, std::size_t max_chars);
// Optional text: may be empty, at most `max_chars` characters.
void check_length(Violations& v, const std::string& field, std::string_view text, std::size_t max_chars);

}  // namespace incommon
