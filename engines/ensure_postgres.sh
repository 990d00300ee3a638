#!/usr/bin/env bash
# A local PostgreSQL server for the engine tests: installs it from Debian packages when absent,
# starts the cluster (loopback only, the Debian default) and creates the role and database the
# `postgres` target of profiles.example.yml uses. Idempotent; safe to run on every CI run.
#   DARK_SOCIAL_PG_PORT (5432)  DARK_SOCIAL_PG_USER (dark_social)  DARK_SOCIAL_PG_PASSWORD (dark_social)
#   DARK_SOCIAL_PG_DATABASE (dark_social)
set -euo pipefail

port="${DARK_SOCIAL_PG_PORT:-5432}"
user="${DARK_SOCIAL_PG_USER:-dark_social}"
password="${DARK_SOCIAL_PG_PASSWORD:-dark_social}"
database="${DARK_SOCIAL_PG_DATABASE:-dark_social}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "ensure_postgres: PostgreSQL is absent; installing it from Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y -q postgresql >/dev/null || {
        as_root apt-get update -q >/dev/null
        as_root apt-get install -y -q postgresql >/dev/null
    }
fi

# the newest installed cluster serving on $port, or a new one created for it
cluster="$(pg_lsclusters --no-header | awk -v p="$port" '$3 == p {print $1 " " $2}' | sort -V | tail -1)"
if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    echo "ensure_postgres: creating cluster $version/dark_social on port $port" >&2
    as_root pg_createcluster "$version" dark_social --port "$port" >/dev/null
    cluster="$version dark_social"
fi
read -r version name <<<"$cluster"
if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n' | grep -q online; then
    as_root pg_ctlcluster "$version" "$name" start
fi

psql_admin() { as_root su postgres -c "psql -X -q -v ON_ERROR_STOP=1 --port $port $*"; }
for _ in $(seq 1 30); do psql_admin "-c 'select 1'" >/dev/null 2>&1 && break; sleep 1; done

psql_admin "-tAc \"select 1 from pg_roles where rolname = '$user'\"" | grep -q 1 ||
    psql_admin "-c \"create role $user login createdb password '$password'\""
psql_admin "-tAc \"select 1 from pg_database where datname = '$database'\"" | grep -q 1 ||
    psql_admin "-c \"create database $database owner $user encoding 'UTF8' template template0\""
echo "ensure_postgres: PostgreSQL $version ($name) on 127.0.0.1:$port, database $database, role $user" >&2
