#!/usr/bin/env bash
# Prepares the local PostgreSQL 15 that the store tests run against. Idempotent: safe to call
# on every CI run and by hand. Afterwards the tests can use
#   BITEXT_TEST_PG_URL=postgres://bitext:bitext@127.0.0.1:5432/bitext_test
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
PG_ROLE=bitext
PG_PASSWORD=bitext
PG_DB=bitext_test

as_postgres() { runuser -u postgres -- "$@"; }
psql_su() { as_postgres psql -X -v ON_ERROR_STOP=1 -q "$@"; }

# A fresh machine may have the server package without a cluster.
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER"
fi

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c && $4 ~ /online/ {found=1} END {exit !found}'; then
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

# Wait for the server to accept connections (start returns before it always does).
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

if [ "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]; then
  psql_su -c "CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
else
  # Keep the password known even if someone changed it.
  psql_su -c "ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi

if [ "$(psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  psql_su -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
fi

# Trigram similarity for fuzzy candidates; creating an extension needs a superuser.
psql_su -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"

echo "PostgreSQL ready: postgres://$PG_ROLE:***@127.0.0.1:5432/$PG_DB"
