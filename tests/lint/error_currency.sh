#!/usr/bin/env bash
# One error currency in server/: helpers return Result<T>, handlers return Result<HttpResponse>
# (Answer), and only server/http/problem.cpp turns an Error into a problem body. This fails on
# the shapes that came before: a problem built from a status number, an HttpResponse carried as
# an error, an Error spelt field by field, an id checked by hand, a 404 answered as success.
set -euo pipefail
cd "$1"
fail=0
check() {
  local what="$1" pattern="$2"
  local found
  found=$(grep -rnE "$pattern" server --include='*.cpp' --include='*.hpp' | grep -v '^server/http/problem.cpp:' || true)
  if [ -n "$found" ]; then
    echo "$what:"
    echo "$found"
    fail=1
  fi
}
check "a problem built from a status number (use an Error factory)" 'problem\([0-9]'
check "an HttpResponse carried as an error (return Result<T>)" 'expected<[^;]*HttpResponse>'
check "an Error spelt field by field (use its factories)" 'Error\{ErrorKind'
check "an id checked by hand (use ctx.require_id)" 'id_param\('
check "a 404 answered as a success value (return fail(not_found(...)))" 'return not_found\('
[ "$fail" -eq 0 ] && echo "one error currency in server/"
exit "$fail"
