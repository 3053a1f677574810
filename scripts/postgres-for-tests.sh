#!/usr/bin/env bash
# Start Debian's PostgreSQL server for the multi-replica tests and print a database URL for
# them (a role that may create databases; each test makes and drops its own database).
# Idempotent: installs the server only when missing, starts the cluster only when it is down,
# creates the role only when absent. The password is new on every run and is printed only on
# stdout, for the caller to put in REFERRAL_NLP_TEST_DATABASE_URL; it is written nowhere.
# Needs root (CI runs as root), as apt-get and starting a cluster do.
set -euo pipefail
log=/tmp/referral-nlp-postgres.log
role=referral_nlp_ci

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "[postgres] installing Debian's postgresql" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends postgresql) >>"$log" 2>&1 \
    || { echo "[postgres] apt-get install postgresql failed; see $log" >&2; exit 1; }
fi

cluster=$(pg_lsclusters -h | awk 'NR == 1 {print $1, $2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  echo "[postgres] creating cluster $version main" >&2
  pg_createcluster "$version" main >>"$log" 2>&1
  cluster="$version main"
fi
set -- $cluster
version=$1 name=$2
port=$(pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n {print $3}')
status=$(pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n {print $4}')
if [ "$status" != "online" ]; then
  echo "[postgres] starting cluster $version $name on port $port" >&2
  pg_ctlcluster "$version" "$name" start >>"$log" 2>&1 \
    || { echo "[postgres] the cluster did not start; see $log" >&2; exit 1; }
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" \
  || { echo "[postgres] not accepting connections on 127.0.0.1:$port" >&2; exit 1; }

password=$(head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)
# The statements go through stdin, so the password never shows in a process listing.
runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres >>"$log" 2>&1 <<SQL \
  || { echo "[postgres] could not create the test role; see $log" >&2; exit 1; }
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB;
  END IF;
END \$\$;
ALTER ROLE $role WITH LOGIN CREATEDB PASSWORD '$password';
SQL
echo "[postgres] PostgreSQL $version ready on 127.0.0.1:$port (role $role)" >&2
echo "postgresql://$role:$password@127.0.0.1:$port/postgres"
