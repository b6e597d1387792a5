#!/usr/bin/env bash
# Trainer throughput through gRPC against in-process, and weight-sync time (tiny model, CPU).
set -euo pipefail
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
.venv/bin/python -W ignore::FutureWarning images/trainer/bench/train_overhead.py
