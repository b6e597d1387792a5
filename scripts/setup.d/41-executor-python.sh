#!/usr/bin/env bash
# The interpreter the executor's compatibility tests run programs on: a venv of Debian's python3
# (the executor image's interpreter) with images/executor/requirements.txt (numpy, pandas,
# matplotlib, scipy, scikit-learn, requests, seaborn, beautifulsoup4), shared by every checkout and
# keyed by the pins.
# As root it lives under /var/cache/murphy, not ~/.cache: a root executor runs programs as slot
# users, who cannot enter /root. Prints nothing when it is there already; its path is written to
# $MURPHY_CACHE/executor-python.path for the tests.
#   scripts/setup.d/41-executor-python.sh --print   prints the interpreter's path
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${MURPHY_CACHE:-$HOME/.cache/murphy}
base=/usr/bin/python3
hash=$( { "$base" --version; cat images/executor/requirements.txt; } | sha256sum | cut -c1-16)
if [ "$(id -u)" -eq 0 ]; then root_dir=/var/cache/murphy; else root_dir=$cache; fi
venv="$root_dir/executor-python-$hash"
if [ "${1:-}" = "--print" ]; then echo "$venv/bin/python"; exit 0; fi

mkdir -p "$cache" "$root_dir"
exec 9>"$cache/.executor-python.lock"
flock 9
if [ ! -f "$venv/.murphy-pins" ] || [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating the executor's scientific Python environment $venv (numpy, pandas, matplotlib, scipy, scikit-learn, seaborn, ...)"
  rm -rf "$venv"
  "$base" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile -r images/executor/requirements.txt
  cp images/executor/requirements.txt "$venv/.murphy-pins"
fi
# Byte code compiled ahead, as in the image: the sandbox runs programs with -B and never writes it.
if [ ! -f "$venv/.murphy-compiled" ]; then
  "$venv/bin/python" -m compileall -q -j 0 "$venv/lib" >/dev/null || true
  chmod -R a+rX "$venv"
  touch "$venv/.murphy-compiled"
fi
echo "$venv/bin/python" > "$cache/executor-python.path"
