#!/usr/bin/env bash
# Runs every benchmark in scripts/bench.d; each prints its own figures and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in scripts/bench.d/*.sh; do
  echo "=== bench $(basename "$bench" .sh)"
  bash "$bench"
done
