#!/usr/bin/env bash
# Repository checks, each counted as one test: setup and build left the working tree as it was,
# two checkouts sharing the cache each run their own Python code, generated files are fresh, lint is clean.
set -uo pipefail
passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*"; fi; }
check scripts/tree-state.sh check
check test/setup/two-checkouts.sh
check scripts/check-generated.sh
check scripts/lint.sh
echo "$passed $failed" > "$MURPHY_RESULTS/00-checks.counts"
[ $failed -eq 0 ]
