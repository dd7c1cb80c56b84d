#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/serve/test_browser.py). Idempotent:
# does nothing when /usr/bin/chromium is already there. Installs nothing else.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "browser-deps: chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
echo "browser-deps: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
