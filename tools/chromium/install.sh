#!/bin/sh
# Installs Debian's Chromium for the digest's browser test, once. Playwright drives it through
# its executable path (Playwright's own browser download cannot reach its CDN from these machines).
set -eu
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
command -v chromium
