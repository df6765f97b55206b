#!/bin/sh
# Run once by the postgres image when it makes the cluster, as its superuser. Three roles:
#   incommon_owner  owns the database and its tables: migrations and seeds run as it;
#   incommon_api    a group with only the grants of persistence/grants.sql (no login);
#   incommon_app    the login the API replicas use, a member of incommon_api: it owns
#                   nothing, so it cannot alter a table, a trigger or a setting.
# and incommon_replicator, the login the hot standby (db-standby) streams the WAL with.
# The passwords are compose secrets; none has a default.
set -eu
owner_password="$(cat /run/secrets/owner_password)"
app_password="$(cat /run/secrets/app_password)"
replication_password="$(cat /run/secrets/replication_password)"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$owner_password" -v app_password="$app_password" \
  -v replication_password="$replication_password" <<'SQL'
CREATE ROLE incommon_replicator LOGIN REPLICATION PASSWORD :'replication_password';
CREATE ROLE incommon_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE incommon_api NOLOGIN;
CREATE ROLE incommon_app LOGIN PASSWORD :'app_password' IN ROLE incommon_api;
CREATE DATABASE incommon OWNER incommon_owner;
REVOKE ALL ON DATABASE incommon FROM PUBLIC;
GRANT CONNECT ON DATABASE incommon TO incommon_api;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname incommon <<'SQL'
ALTER SCHEMA public OWNER TO incommon_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
# The standby connects over the compose network to stream the WAL.
echo "host replication incommon_replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
