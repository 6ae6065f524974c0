#!/usr/bin/env bash
# Starts the release build of Vatra for the browser tests on PostgreSQL: on 127.0.0.1:3101, on a
# throwaway cluster made for this run (removed when this script ends), seeded with the demo
# accounts. Playwright runs this beside start-server.sh (SQLite, port 3100); the field-day test
# plays on both.
#
# Build first, from the repository root:  cargo leptos build --release
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -x ./target/release/vatra && -d ./target/site/pkg ]] || {
  echo "start-server-pg.sh: build first, in $root:  cargo leptos build --release" >&2
  exit 1
}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "start-server-pg.sh: PostgreSQL (initdb) not found" >&2; exit 1; }
d="$(mktemp -d "${TMPDIR:-/tmp}/vatra-e2e-pg.XXXXXX")"
as_pg=()
if [[ $(id -u) == 0 ]]; then
  chown postgres:postgres "$d"
  as_pg=(runuser -u postgres --)
fi
# The first free port from 54330 (bash alone: nothing else need be installed).
port=54330
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
"${as_pg[@]}" "$bin/initdb" -D "$d/data" -A trust -U vatra --no-sync -E UTF8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$d/data" -l "$d/log" -w start \
  -o "-p $port -k $d -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" >/dev/null
echo "start-server-pg.sh: PostgreSQL on port $port, in $d" >&2
# However this script ends (Playwright may kill it), a watchdog stops and removes the cluster.
setsid sh -c "while kill -0 $$ 2>/dev/null; do sleep 1; done; ${as_pg[*]} $bin/pg_ctl -D $d/data -m immediate stop >/dev/null 2>&1; rm -rf $d" \
  </dev/null >/dev/null 2>&1 &

mkdir -p "$d/run"
exec env -u VATRA_DATABASE_URL \
  DATABASE_URL="postgres://vatra@127.0.0.1:$port/postgres" \
  VATRA_LISTEN=127.0.0.1:3101 \
  VATRA_DEMO=1 \
  VATRA_SIGN_IN_PER_MINUTE=1000 \
  VATRA_SIGN_IN_PER_USER_PER_MINUTE=1000 \
  VATRA_AUDIT_KEY_FILE="$d/run/audit.keys" \
  VATRA_AUDIT_CHECKPOINT_DIR="$d/run/audit-checkpoints" \
  LEPTOS_SITE_ROOT=target/site \
  ./target/release/vatra
