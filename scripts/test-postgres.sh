#!/usr/bin/env bash
# Runs the pytest suite (without browser tests) on PostgreSQL.
# STYRBAR_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/styrbar); the tests
# create and drop their own database (test_<name>). Without a reachable server this skips
# with a message, unless CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${STYRBAR_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/styrbar}"

if ! .venv/bin/python - "$URL" <<'PY'
import sys
import dj_database_url
import psycopg

cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
    ).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: PostgreSQL tests are mandatory in CI, but $URL is not reachable." >&2
    exit 1
  fi
  echo "SKIPPED: PostgreSQL tests (no server at $URL; set STYRBAR_TEST_DATABASE_URL)."
  exit 0
fi

echo "== pytest on PostgreSQL ($URL)"
DATABASE_URL="$URL" .venv/bin/pytest --ds=config.settings_test -m "not browser" -q --create-db -p no:cacheprovider
