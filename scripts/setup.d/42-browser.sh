#!/usr/bin/env bash
# Debian's chromium, for the browser test of `murphy trees` (test/trees/trees-browser.test.ts, driven
# by puppeteer-core, which never downloads a browser of its own). A test tool, so numbered above 40:
# `make build` users do not get it. Idempotent: touches apt only when it is missing (as root, or with
# sudo when present), as 20-system.sh does.
set -euo pipefail
dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed' && [ -x /usr/bin/chromium ] && exit 0
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "setup: installing chromium (apt-get) for the browser test of murphy trees"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
