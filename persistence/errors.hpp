#pragma once
// Turns database exceptions into domain errors, in one place.
#include <exception>
#include <string>

#include "domain/core/error.hpp"

namespace incommon::db {

// Called from a catch block. `connection_lost` tells whether the session must reconnect.
Error translate_current_exception(bool connection_lost);

// The constraint name in a PostgreSQL error message, or empty.
std::string constraint_name(const std::string& message);

}  // namespace incommon::db
