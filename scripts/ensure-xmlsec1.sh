#!/usr/bin/env bash
# Makes sure xmlsec1 is installed: pysaml2 calls it to check (and make) the XML signatures
# of SAML single sign-on. Installs Debian's xmlsec1 with apt when missing and running as
# root; otherwise says what to do (and fails in CI, where SAML sign-in is tested).
set -uo pipefail
if command -v xmlsec1 >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's xmlsec1 for SAML single sign-on (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends xmlsec1 >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install xmlsec1." >&2
fi
if [ "${CI:-}" = "true" ]; then
  echo "FAIL: xmlsec1 is required for SAML single sign-on and its tests in CI." >&2
  exit 1
fi
echo "Note: xmlsec1 is not installed (sudo apt-get install xmlsec1); SAML sign-in needs it."
exit 0
