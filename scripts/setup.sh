#!/usr/bin/env bash
# Runs the installers in scripts/setup.d in order. Each is idempotent and quick when done.
#   scripts/setup.sh            everything (what the test suites need too)
#   scripts/setup.sh --runtime  only what murphy itself needs to run (installers numbered below 40:
#                               node packages, bubblewrap, the Python environment); the Kubernetes
#                               and Helm tools the tests build from source come from 40 on.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/setup.d/*.sh; do
  number=$(basename "$step" | cut -d- -f1)
  if [ "${1:-}" = "--runtime" ] && [ "$((10#$number))" -ge 40 ]; then continue; fi
  start=$SECONDS
  bash "$step"
  scripts/timings.sh add "setup/$(basename "$step" .sh)" $((SECONDS - start))
done
