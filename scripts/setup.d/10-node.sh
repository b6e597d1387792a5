#!/usr/bin/env bash
# Node dependencies, as locked in package-lock.json. `npm install` rather than `npm ci`: the lock
# holds only the platform binaries the registry here serves (buf's, for one), which `npm ci`
# rejects as out of sync; `npm install` installs the same locked versions and leaves the lock as is.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing node dependencies (npm install from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi
