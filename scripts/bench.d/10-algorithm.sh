#!/usr/bin/env bash
# Pure algorithm throughput (single thread).
set -euo pipefail
node dist/bench/credit-throughput.js
