#!/usr/bin/env bash
# Python tests of the inference and trainer images: pytest with real PyTorch, transformers and TRL on
# CPU, on the tiny model built once per session; and of the learning experiment's report script.
# Nothing may be downloaded (offline flags).
set -uo pipefail
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
# The tiny model is far too small to gain from threads; several test processes at once on two cores
# run faster (and steadier) with one thread each than with threads that fight for the cores.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
report=$(mktemp --suffix=.xml)
trap 'rm -f "$report"' EXIT
.venv/bin/python -m pytest -q -p no:cacheprovider -W ignore::FutureWarning --junitxml="$report" \
  images/inference/tests images/trainer/tests scripts/learning "$@"
code=$?
# Counts from pytest's own report; a skipped test counts as failed (every test must run).
.venv/bin/python scripts/lib/junit-counts.py "$report" > "$MURPHY_RESULTS/30-python.counts"
exit $code
