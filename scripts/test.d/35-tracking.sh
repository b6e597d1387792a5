#!/usr/bin/env bash
# Python tests of the tracking follower (images/tracking) on the trackers' own environment
# (scripts/setup.d/43-tracking-python.sh): a real MLflow server on loopback, TensorBoard's reader,
# W&B's offline run files. Nothing is sent off this machine (W&B runs offline).
set -uo pipefail
python=$(bash scripts/setup.d/43-tracking-python.sh --print)
export PYTHONPATH=images/tracking WANDB_MODE=offline WANDB_SILENT=true
report=$(mktemp --suffix=.xml)
trap 'rm -f "$report"' EXIT
"$python" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning --junitxml="$report" images/tracking/tests "$@"
code=$?
# Counts from pytest's own report; a skipped test counts as failed (every test must run).
"$python" scripts/lib/junit-counts.py "$report" > "$MURPHY_RESULTS/35-tracking.counts"
exit $code
