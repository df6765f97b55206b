#pragma once
// The record as incommon held it at an instant (transaction time), rebuilt from the audit
// trail's after-images: a statement's tables are shadowed by common table expressions of the
// same names whose rows are, for each record that existed then, its last after-image at or
// before the instant (`incommon.as_recorded`, a setting of the read's transaction). The
// statement itself is unchanged, so every view and every derived field reads the old values.
#include <string>

namespace incommon::db {

// `sql` with the shadows of the record tables it names prepended (merged into its own WITH, if
// it has one); `sql` itself when it names none.
std::string as_recorded_sql(const std::string& sql);

}  // namespace incommon::db
