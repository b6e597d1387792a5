#!/usr/bin/env bash
# The experiment trackers' Python environment (images/tracking and its dev extra: mlflow,
# tensorboardX, tensorboard, wandb, trackio and pytest), apart from the trainer's: its pins change
# without reinstalling PyTorch, and the trainer's without reinstalling the trackers. Shared by
# every checkout under
#   ${MURPHY_CACHE}/venv-tracking-<hash of the pins>
# and holding no murphy code: `murphy run` and the tests put this checkout's images/tracking on
# PYTHONPATH. Its interpreter is written to $MURPHY_CACHE/tracking-python.path.
#   scripts/setup.d/43-tracking-python.sh --print   prints the interpreter's path
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${MURPHY_CACHE:-$HOME/.cache/murphy}
pins=$(python3 - images/tracking/pyproject.toml <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
pins = project["dependencies"] + project["optional-dependencies"]["dev"]
print("\n".join(sorted(pins)))
PY
)
venv="$cache/venv-tracking-$( { python3 --version; printf '%s\n' "$pins"; } | sha256sum | cut -c1-16)"
if [ "${1:-}" = "--print" ]; then echo "$venv/bin/python"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/.tracking-python.lock"
flock 9
if [ ! -f "$venv/.murphy-pins" ] || [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating the experiment trackers' Python environment $venv (mlflow, tensorboard, wandb, trackio)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # one pin per word
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  printf '%s\n' "$pins" > "$venv/.murphy-pins"
fi
echo "$venv/bin/python" > "$cache/tracking-python.path"
