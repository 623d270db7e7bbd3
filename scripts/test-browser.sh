#!/usr/bin/env bash
# Browser tests: Playwright (Python) driving Debian's chromium, with axe-core checks.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: chromium is required for the browser tests in CI." >&2
    exit 1
  fi
  echo "SKIPPED: browser tests (chromium not installed)."
  exit 0
fi
echo "== browser tests (chromium $(chromium --version 2>/dev/null | awk '{print $2}'))"
.venv/bin/pytest --ds=config.settings_test -m browser -q -p no:cacheprovider tests/browser
