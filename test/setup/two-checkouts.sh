#!/usr/bin/env bash
# Two checkouts sharing one cache each run their own Python code: scripts/setup.d/30-python.sh is
# run in two copies of this checkout's Python projects against the same MURPHY_CACHE, and each copy's
# .venv (and a process it starts, as torchrun starts its workers) must import murphy_inference and
# murphy_trainer from that copy. The shared environment itself must hold no murphy package.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d "${TMPDIR:-/tmp}/murphy-checkouts.XXXXXX")
trap 'rm -rf "$work"' EXIT

for copy in one two; do
  mkdir -p "$work/$copy/scripts/setup.d" "$work/$copy/images"
  cp scripts/setup.d/30-python.sh "$work/$copy/scripts/setup.d/"
  for project in inference trainer; do
    mkdir -p "$work/$copy/images/$project"
    cp images/$project/pyproject.toml "$work/$copy/images/$project/"
    cp -r images/$project/murphy_$project "$work/$copy/images/$project/"
  done
  (cd "$work/$copy" && bash scripts/setup.d/30-python.sh >/dev/null)
done

for copy in one two; do
  where=$(cd /tmp && "$work/$copy/.venv/bin/python" -c '
import subprocess, sys
import murphy_inference, murphy_trainer
child = subprocess.run([sys.executable, "-c", "import murphy_trainer; print(murphy_trainer.__file__)"],
                       capture_output=True, text=True, check=True).stdout.strip()
print(murphy_inference.__file__, murphy_trainer.__file__, child)')
  for file in $where; do
    case "$file" in
      "$work/$copy/"*) ;;
      *) echo "checkout $copy imported $file, not its own code"; exit 1 ;;
    esac
  done
done

shared=$(cat "$work/one/.venv/.murphy-shared")
if "$shared/bin/python" -c 'import murphy_inference' 2>/dev/null || "$shared/bin/python" -c 'import murphy_trainer' 2>/dev/null; then
  echo "the shared environment $shared holds a murphy package"; exit 1
fi
echo "two checkouts on $shared each import their own murphy_inference and murphy_trainer"
