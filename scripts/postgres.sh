#!/usr/bin/env bash
# Starts a local PostgreSQL for the store tests (Debian's packages; needs root) and prints its URL.
# Idempotent: installs the server if missing, creates and starts a cluster, creates the test role.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql) >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true   # "already running" is fine
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -p $port" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='bvtest'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE ROLE bvtest LOGIN PASSWORD 'bvtest' CREATEDB\"" >/dev/null
echo "postgresql://bvtest:bvtest@127.0.0.1:$port/postgres"
