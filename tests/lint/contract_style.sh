#!/usr/bin/env bash
# The contract says null one way (OpenAPI 3.1: null is a type): `type: [T, 'null']` inline and
# `oneOf: [{$ref: ...}, {type: 'null'}]` for a named schema. Not 3.0's `nullable`, not a
# null-first oneOf, not anyOf.
set -euo pipefail
cd "$1"
found=$(grep -nE "nullable:|oneOf: \[\{type: 'null'\}|^ *- type: 'null'|anyOf:.*'null'" openapi/openapi.yaml || true)
if [ -n "$found" ]; then
  echo "null said another way in openapi/openapi.yaml:"
  echo "$found"
  exit 1
fi
echo "openapi/openapi.yaml says null one way"
