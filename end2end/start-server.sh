#!/usr/bin/env bash
# Starts the release build of Vatra for the browser tests: on 127.0.0.1:3100,
# on a fresh SQLite database each run, seeded with the demo accounts.
# Playwright runs this (see playwright.config.ts) and stops it afterwards.
#
# Build first, from the repository root:  cargo leptos build --release
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ! -x ./target/release/vatra ]]; then
  echo "start-server.sh: $root/target/release/vatra is missing." >&2
  echo "Build it first, in $root:  cargo leptos build --release" >&2
  exit 1
fi
if [[ ! -d ./target/site/pkg ]]; then
  echo "start-server.sh: $root/target/site/pkg is missing (the WASM bundle and CSS)." >&2
  echo "Build it first, in $root:  cargo leptos build --release" >&2
  exit 1
fi

d="$(mktemp -d "${TMPDIR:-/tmp}/vatra-e2e.XXXXXX")"
echo "start-server.sh: database in $d/e2e.db" >&2

# VATRA_DATABASE_URL would win over DATABASE_URL: unset it so that every run
# really starts from an empty database.
exec env -u VATRA_DATABASE_URL \
  DATABASE_URL="sqlite:$d/e2e.db" \
  VATRA_LISTEN=127.0.0.1:3100 \
  VATRA_DEMO=1 \
  VATRA_SIGN_IN_PER_MINUTE=1000 \
  VATRA_SIGN_IN_PER_USER_PER_MINUTE=1000 \
  VATRA_AUDIT_KEY_FILE="$d/audit.keys" \
  VATRA_AUDIT_CHECKPOINT_DIR="$d/audit-checkpoints" \
  LEPTOS_SITE_ROOT=target/site \
  ./target/release/vatra
