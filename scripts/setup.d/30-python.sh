#!/usr/bin/env bash
# Python virtual environment of the inference and trainer images: the exact pins of their
# pyproject.toml files (torch, transformers, TRL, grpcio, ...) plus both packages installed editable.
# It lives outside the repository in ${MURPHY_CACHE}/venv-<hash of the pins> and is linked as .venv,
# so it is built once per set of pins (PyTorch from PyPI is several GB) and reused afterwards.
set -euo pipefail
cache=${MURPHY_CACHE:-$HOME/.cache/murphy}
projects=(images/inference images/trainer)

# The pins: every dependency (and the dev extra) of both projects, except the projects themselves.
pins=$(python3 - "${projects[@]}" <<'EOF'
import sys, tomllib
pins = set()
for folder in sys.argv[1:]:
    with open(f"{folder}/pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    pins.update(project.get("dependencies", []))
    pins.update(project.get("optional-dependencies", {}).get("dev", []))
print("\n".join(sorted(p for p in pins if not p.startswith("murphy-"))))
EOF
)
venv="$cache/venv-$(printf '%s\n' "$pins" | sha256sum | cut -c1-16)"

# One installer at a time: several checkouts or make runs may share the cache.
mkdir -p "$cache"
exec 9>"$cache/.python-setup.lock"
flock 9

if [ ! -f "$venv/.murphy-pins" ] || [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating the Python environment $venv (PyTorch and friends; the first time takes minutes)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  # shellcheck disable=SC2086 # one pin per word
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  printf '%s\n' "$pins" > "$venv/.murphy-pins"
fi

# Editable installs point at this checkout; redo them when the environment served another one.
if [ "$(cat "$venv/.murphy-editable" 2>/dev/null)" != "$PWD" ]; then
  echo "setup: installing murphy-inference and murphy-trainer (editable) into $venv"
  PYTHONWARNINGS=ignore "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    $(printf -- '-e %s ' "${projects[@]}")
  printf '%s\n' "$PWD" > "$venv/.murphy-editable"
fi

if [ "$(readlink .venv 2>/dev/null)" != "$venv" ]; then
  ln -sfn "$venv" .venv
fi
