#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing.
# Playwright drives this system browser; it never downloads one of its own.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "hipdash: $CHROMIUM is missing and cannot be installed here (needs root and apt-get); browser tests will be skipped." >&2
  exit 0
fi
echo "hipdash: installing Debian's chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
