#pragma once
// Record ids are UUIDs made by the database; clients send them back as text.
#include <string>
#include <string_view>

namespace incommon {

// True for the canonical 8-4-4-4-12 hexadecimal form (either case).
bool is_uuid(std::string_view text);
// Lower-cases a valid UUID so that comparisons are exact.
std::string canonical_uuid(std::string_view text);

}  // namespace incommon
