#!/bin/sh
# Secrets come from files (compose secrets mounted under /run/secrets), never from the image,
# the compose file or the command line.
set -eu
if [ -n "${INCOMMON_DATABASE_PASSWORD_FILE:-}" ]; then
  PGPASSWORD="$(cat "$INCOMMON_DATABASE_PASSWORD_FILE")"
  export PGPASSWORD
fi
if [ -n "${INCOMMON_ADDRESS_KEY_FILE:-}" ]; then
  INCOMMON_ADDRESS_KEY="$(cat "$INCOMMON_ADDRESS_KEY_FILE")"
  export INCOMMON_ADDRESS_KEY
fi
exec /usr/local/bin/incommon "$@"
