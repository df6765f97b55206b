#!/usr/bin/env bash
# Field reading cannot throw: handlers read request bodies through FieldReader
# (server/http/json_body.hpp), never through nlohmann's throwing accessors (value(), get<>(),
# at()), which answer a wrong-typed field with an exception and so a 500.
set -euo pipefail
cd "$1"
found=$(grep -nE '\.value\("|(\.|->)get<|\.at\("' server/handlers/*.cpp server/handlers/*.hpp | grep -v 'params\.at(' || true)
if [ -n "$found" ]; then
  echo "throwing JSON accessors in handlers (read fields with FieldReader instead):"
  echo "$found"
  exit 1
fi
echo "no throwing JSON accessors in server/handlers"
