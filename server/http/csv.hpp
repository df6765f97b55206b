#pragma once
// CSV cells (RFC 4180) that a spreadsheet opens as text, never as a formula.
#include <string>
#include <string_view>

namespace incommon::http {

// Quotes a cell when it holds a comma, quote or line break. A cell a spreadsheet would run as
// a formula (one beginning with =, +, -, @, a tab or a carriage return) is prefixed with a
// single quote and quoted, as OWASP's CSV injection guidance says; the rest pass unchanged.
std::string csv_cell(std::string_view value);

}  // namespace incommon::http
