#!/usr/bin/env bash
# Node dependencies, exactly as locked.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing node dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
