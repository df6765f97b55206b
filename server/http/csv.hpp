#pragma once
// CSV cells (RFC 4180) that a spreadsheet opens as text, never as a formula.
#include <string>
#include <string_view>
#include <vector>

namespace incommon::http {

// Quotes a cell when it holds a comma, quote or line break. A cell a spreadsheet would run as
// a formula (one beginning with =, +, -, @, a tab or a carriage return) is prefixed with a
// single quote and quoted, as OWASP's CSV injection guidance says; the rest pass unchanged.
std::string csv_cell(std::string_view value);
// One record: its cells, each through csv_cell, joined by commas and ended with CRLF.
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace incommon::http
