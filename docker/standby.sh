#!/bin/sh
# The hot standby's start (compose service db-standby), as the postgres user: the first time,
# a copy of the primary by pg_basebackup -R (which also writes standby.signal and the
# primary_conninfo that streaming replication follows); every time, PostgreSQL as a hot
# standby that tells the primary which rows its reads still see.
set -eu
PGPASSWORD="$(cat /run/secrets/replication_password)"
export PGPASSWORD
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h db -U incommon_replicator -D "$PGDATA" -R -X stream -c fast; do
    echo "waiting for the primary to take a base backup from" >&2
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
