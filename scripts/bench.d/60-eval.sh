#!/usr/bin/env bash
# Evaluation loop throughput (oracle inference, real executor) against bare executor calls (ratio printed).
set -euo pipefail
node dist/bench/eval-loop.js
