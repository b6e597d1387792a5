#!/usr/bin/env bash
# Executor throughput per sandbox mode against bare python3 spawns (ratio printed).
set -euo pipefail
node dist/bench/executor-throughput.js
