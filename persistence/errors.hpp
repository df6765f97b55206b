#pragma once
// Turns database exceptions into domain errors, in one place. Internal to persistence.
#include <soci/postgresql/soci-postgresql.h>

#include <exception>
#include <optional>
#include <string>

#include "domain/core/error.hpp"

namespace incommon::db {

// An error PostgreSQL reported, with the fields libpq gives apart from the message text: the
// SQLSTATE and, for a violation, the constraint's name (PG_DIAG_CONSTRAINT_NAME), so that no
// meaning is read out of English text.
class DatabaseError : public soci::postgresql_soci_error {
 public:
  DatabaseError(const std::string& message, const std::string& sqlstate, std::string constraint)
      : soci::postgresql_soci_error(message, sqlstate.c_str()), constraint_(std::move(constraint)) {}
  const std::string& constraint() const { return constraint_; }

 private:
  std::string constraint_;
};

// Called from a catch block. `connection_lost` tells whether the session must reconnect.
Error translate_current_exception(bool connection_lost);

// What a violation of the named constraint means to a client: its status, field and message.
// Every constraint of the schema has one (tests/integration checks them all against
// pg_constraint), named ones by hand, the rest by the names PostgreSQL gives them.
struct ConstraintMeaning {
  ProblemType type;  // and so its kind
  std::string field;
  std::string message;
};
std::optional<ConstraintMeaning> constraint_meaning(const std::string& constraint);

}  // namespace incommon::db
