#!/usr/bin/env bash
# The learning experiment (docs/learning.md): the built-in coder before training, after GRPO
# (turns 1, G = [12], compute-matched as in the paper) and after MURPHY (turns 2, G = [4, 2], with
# MARS and with MERS), each trained with the same training seeds, steps, problems per step and
# learning rate on builtin:constants (the problems in the same order: dataset seed 1), then
# evaluated with `murphy eval` at iterations 1 and 3 on builtin:constants-heldout. Ends with the
# table (mean ± spread over the seeds) and a plot of the training pass rate per step per method:
#
#   scripts/learning/experiment.sh [--out DIR] [--seeds 1,2,3] [--steps 8] [--parallel 3]
#
# --parallel runs that many trainings (each a murphy run with its own services) at once: one
# run's services leave much of two cores idle (the trainer waits for rollouts and back), so three
# at once finish sooner than three in a row.
#
# DIR (default experiments/learning) keeps every run and evaluation; a second call with the same
# DIR reuses what finished (murphy run resumes, finished evaluations are kept), so an interrupted
# experiment goes on where it stopped. `make experiment` runs it after setup and build; about 15
# minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage="usage: scripts/learning/experiment.sh [--out DIR] [--seeds 1,2,3] [--steps 8] [--parallel 3]"
out=experiments/learning seeds=1,2,3 steps=8 parallel=3
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[ -x dist/src/cli/main.js ] || { echo "experiment: run make build first" >&2; exit 1; }
murphy() { node dist/src/cli/main.js "$@"; }
mkdir -p "$out/runs" "$out/eval"

# What differs between the methods; everything else in run_file is shared.
declare -A ALGORITHM=(
  [grpo]='{turns: 1, generations: [12], credit: {strategy: MARS}}'
  [murphy-mars]='{turns: 2, generations: [4, 2], credit: {strategy: MARS}, pruning: {strategy: inter, budgets: [null, 2]}}'
  [murphy-mers]='{turns: 2, generations: [4, 2], credit: {strategy: MERS}, pruning: {strategy: inter, budgets: [null, 2]}}'
)
METHODS=(grpo murphy-mars murphy-mers)

# The training settings of examples/local.yaml (docs/learning.md says why these).
run_file() { # method seed
  cat <<YAML
apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: $1-s$2}
spec:
  model: {name: murphy-coder, source: builtin:coder}
  dataset: {source: builtin:constants, seed: 1}
  algorithm: ${ALGORITHM[$1]}
  training: {maxSteps: $steps, promptsPerStep: 8, maxNewTokens: 48, learningRate: 5.0e-4, beta: 0.2, temperature: 1.0, topP: 1.0, checkpointInterval: $steps, seed: $2}
  inference: {backend: hf, gpus: 0}
  trainer: {gpusPerNode: 0}
YAML
}

evaluate() { # label model runs
  [ -f "$out/eval/$1/report.json" ] && return 0
  murphy eval --model "$2" --dataset builtin:constants-heldout --iterations 1,3 --runs "$3" --seed 5 \
    --max-new-tokens 48 --label "$1" --out "$out/eval/$1.partial" > "$out/eval/$1.log" 2>&1 || { tail -n 20 "$out/eval/$1.log" >&2; return 1; }
  rm -rf "$out/eval/$1" && mv "$out/eval/$1.partial" "$out/eval/$1"
}

train_and_evaluate() { # method seed
  local name=$1-s$2
  run_file "$1" "$2" > "$out/runs/$name.yaml"
  murphy run "$out/runs/$name.yaml" --runs-dir "$out/runs" > "$out/runs/$name.log" 2>&1 || { tail -n 20 "$out/runs/$name.log" >&2; return 1; }
  evaluate "$name" "$out/runs/$name/checkpoints/checkpoint-$steps" 1
  echo "experiment: $name trained and evaluated ($((SECONDS - started)) s so far)"
}

started=$SECONDS
# The base model is one model: three evaluation runs give its row a spread (and a steadier mean);
# a trained method's spread is over its training seeds, each evaluated once.
echo "experiment: base model"
evaluate base builtin:coder 3
launched=()
for seed in ${seeds//,/ }; do
  for method in "${METHODS[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 2; done
    echo "experiment: $method, seed $seed started (logs: $out/runs/$method-s$seed.log)"
    train_and_evaluate "$method" "$seed" &
    launched+=("$method-s$seed")
  done
done
wait
missing=0
for name in "${launched[@]}"; do
  [ -f "$out/eval/$name/report.json" ] || { echo "experiment: $name did not finish (see $out/runs/$name.log)" >&2; missing=1; }
done
[ "$missing" = 0 ] || exit 1
echo "experiment: took $((SECONDS - started)) s"
.venv/bin/python scripts/learning/report.py "$out" --methods "${METHODS[*]}" --seeds "$seeds"
