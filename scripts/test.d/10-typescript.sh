#!/usr/bin/env bash
# TypeScript unit and integration tests (jest, native ESM).
set -uo pipefail
report=$(mktemp)
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx --no-install jest --maxWorkers=2 --json --outputFile="$report" "$@"
code=$?
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const broken=r.numRuntimeErrorTestSuites||0; console.log(r.numPassedTests, r.numFailedTests + broken)' "$report" > "$MURPHY_RESULTS/10-typescript.counts" 2>/dev/null
rm -f "$report"
exit $code
