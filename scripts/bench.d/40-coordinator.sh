#!/usr/bin/env bash
# Coordinator overhead against fixed-latency gRPC services: step time / critical path, CPU per rollout.
set -euo pipefail
node dist/bench/coordinator-step.js
