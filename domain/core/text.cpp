#include "domain/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace incommon {

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void check_text(Violations& v, const std::string& field, std::string_view text, std::size_t max_chars) {
  bool blank = std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
  if (blank)
    v.add(field, field + " must not be blank");
  else
    check_length(v, field, text, max_chars);
}

void check_length(Violations& v, const std::string& field, std::string_view text, std::size_t max_chars) {
  if (utf8_length(text) > max_chars)
    v.add(field, field + " must be at most " + std::to_string(max_chars) + " characters");
}

}  // namespace incommon
