#!/usr/bin/env bash
# Repository checks, each counted as one test: generated files are fresh, lint is clean.
set -uo pipefail
passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*"; fi; }
check scripts/check-generated.sh
check scripts/lint.sh
echo "$passed $failed" > "$MURPHY_RESULTS/00-checks.counts"
[ $failed -eq 0 ]
