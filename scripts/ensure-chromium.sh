#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests: installs it with apt
# when missing and running as root. Otherwise says what to do (and fails only in CI).
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install chromium." >&2
fi
if [ "${CI:-}" = "true" ]; then
  echo "FAIL: chromium is required for the browser tests in CI." >&2
  exit 1
fi
echo "Note: chromium is not installed (sudo apt-get install chromium); browser tests will skip."
exit 0
