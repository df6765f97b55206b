# Shared by the scripts: paths, and running a command as root when we are not.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
log() { printf '==> %s\n' "$*" >&2; }
