#pragma once
// Enumerations are spelled in the API and the database exactly as the spec spells them.
// Each enum declares its spellings once, as a table; these helpers read the table.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// A list filter on an enumeration: empty matches everything, otherwise any of its values
// (`status=proposed,attached`).
template <class E>
struct OneOf {
  std::vector<E> values;

  explicit operator bool() const { return !values.empty(); }
  bool matches(E v) const { return values.empty() || std::find(values.begin(), values.end(), v) != values.end(); }
  // The spellings, for a query: {"proposed", "attached"}.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (E v : values) out.emplace_back(to_string(v));
    return out;
  }
};

}  // namespace incommon
