#!/usr/bin/env bash
# Runs every installer in scripts/setup.d in order. Each is idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/setup.d/*.sh; do
  bash "$step"
done
