#!/usr/bin/env bash
# The whole C++ tree is formatted with .clang-format (Debian's clang-format 14): any drift fails,
# listing the files. Fix with:  git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/setup installs it)"; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find domain persistence server tests fuzz bench -name '*.[ch]pp')
drift=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || drift+=("$f")
done
if [ ${#drift[@]} -gt 0 ]; then
  echo "${#drift[@]} files differ from .clang-format:"
  printf '  %s\n' "${drift[@]}"
  echo "fix: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i"
  exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
