#!/usr/bin/env bash
# The operator against a real Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager built by scripts/setup.d/40-kubernetes.sh). One test file at a time:
# each starts its own control plane. Needs `make build` first (one test runs dist/'s CLI).
set -uo pipefail
report=$(mktemp)
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx --no-install jest -c jest.operator.config.js --runInBand --json --outputFile="$report" "$@"
code=$?
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const broken=r.numRuntimeErrorTestSuites||0; console.log(r.numPassedTests, r.numFailedTests + broken)' "$report" > "$MURPHY_RESULTS/50-operator.counts" 2>/dev/null
rm -f "$report"
exit $code
