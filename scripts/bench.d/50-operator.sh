#!/usr/bin/env bash
# The operator on a real kube-apiserver: create -> children latency and idle writes per minute.
set -euo pipefail
node dist/bench/operator-reconcile.js "${MURPHY_BENCH_IDLE_SECONDS:-60}"
