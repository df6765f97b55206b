#pragma once
// Enumerations are spelled in the API and the database exactly as the spec spells them.
// Each enum declares its spellings once, as a table; these helpers read the table.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace incommon {

template <class E>
struct EnumNames;  // specialise with: static constexpr std::array<std::pair<E, std::string_view>, N> table

template <class E>
constexpr std::string_view to_string(E value) {
  for (const auto& [v, name] : EnumNames<E>::table)
    if (v == value) return name;
  return "";
}

template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) {
  for (const auto& [v, name] : EnumNames<E>::table)
    if (name == text) return v;
  return std::nullopt;
}

// "a, b or c" for error messages.
template <class E>
std::string enum_choices() {
  std::string out;
  const auto& t = EnumNames<E>::table;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i > 0) out += i + 1 == t.size() ? " or " : ", ";
    out += t[i].second;
  }
  return out;
}

}  // namespace incommon
