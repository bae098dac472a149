#!/usr/bin/env bash
# Every check the project has: lint, types, unit and integration tests on the embedded
# database, the integration tests again on a PostgreSQL server, and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${SYSLEAD_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "== lint"; npx eslint . && npx prettier --check .
echo "== types"; npx tsc -p tsconfig.json --noEmit
echo "== unit and integration tests on embedded PGlite"
env -u SYSLEAD_TEST_POSTGRES_URL npx vitest run

if node scripts/check-postgres.mjs "$pg_url"; then
  echo "== integration tests on PostgreSQL"
  SYSLEAD_TEST_POSTGRES_URL="$pg_url" npx vitest run --project integration
  export SYSLEAD_TEST_POSTGRES_URL="$pg_url"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $pg_url; CI needs it." >&2
  exit 1
else
  echo "!! PostgreSQL is not reachable at $pg_url: skipping the PostgreSQL run (set SYSLEAD_TEST_POSTGRES_URL)." >&2
  unset SYSLEAD_TEST_POSTGRES_URL
fi

echo "== browser journeys in Chromium"
npx vitest run --config e2e/vitest.config.ts
