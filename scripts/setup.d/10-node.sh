#!/usr/bin/env bash
# Node dependencies, exactly as locked: `npm ci` never writes package-lock.json. The lock is
# committed as npm writes it, with every platform's optional binaries (buf's, for one), so the
# same lock installs on any machine and a fresh clone stays clean.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing node dependencies (npm ci from package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
