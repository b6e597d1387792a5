#!/usr/bin/env bash
# Python environment of the inference and trainer images, in two layers:
#   ${MURPHY_CACHE}/venv-<hash of the pins>  the exact third-party pins of both pyproject.toml files
#                                            (torch, transformers, TRL, grpcio, ...), shared by every
#                                            checkout: PyTorch from PyPI is several GB, built once
#   .venv (in this checkout)                 a small environment of its own on the same interpreter
#                                            whose murphy.pth puts this checkout's images/inference and
#                                            images/trainer first on sys.path, then the shared packages
# So `.venv/bin/python` (and every process it starts: torchrun workers, services, pytest) runs this
# checkout's murphy_inference and murphy_trainer, and two clones sharing one cache never run each
# other's code. The shared environment holds no murphy package.
set -euo pipefail
cache=${MURPHY_CACHE:-$HOME/.cache/murphy}
projects=(images/inference images/trainer)

# The pins: every dependency (and the dev extra) of both projects, except the projects themselves.
pins=$(python3 - "${projects[@]}" <<'PY'
import sys, tomllib
pins = set()
for folder in sys.argv[1:]:
    with open(f"{folder}/pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    pins.update(project.get("dependencies", []))
    pins.update(project.get("optional-dependencies", {}).get("dev", []))
print("\n".join(sorted(p for p in pins if not p.startswith("murphy-"))))
PY
)
shared="$cache/venv-$(printf '%s\n' "$pins" | sha256sum | cut -c1-16)"

# One installer at a time: several checkouts or make runs may share the cache.
mkdir -p "$cache"
exec 9>"$cache/.python-setup.lock"
flock 9

if [ ! -f "$shared/.murphy-pins" ] || [ ! -x "$shared/bin/python" ]; then
  echo "setup: creating the shared Python environment $shared (PyTorch and friends; the first time takes minutes)"
  rm -rf "$shared"
  python3 -m venv "$shared"
  "$shared/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  # shellcheck disable=SC2086 # one pin per word
  "$shared/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  printf '%s\n' "$pins" > "$shared/.murphy-pins"
fi
# Environments made by earlier versions of this script held an editable install of one checkout.
if [ -f "$shared/.murphy-editable" ]; then
  echo "setup: removing the checkout-specific murphy packages from the shared environment $shared"
  "$shared/bin/python" -m pip uninstall --quiet --disable-pip-version-check -y murphy-inference murphy-trainer
  rm -f "$shared/.murphy-editable"
fi
flock -u 9

shared_site=$("$shared/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
# .venv was once a link to the shared environment: remove the link, never what it points at.
[ -L .venv ] && rm -f .venv
if [ "$(cat .venv/.murphy-shared 2>/dev/null)" != "$shared" ] || [ ! -x .venv/bin/python ]; then
  echo "setup: creating this checkout's Python environment .venv (on $shared)"
  rm -rf .venv
  "$shared/bin/python" -m venv --without-pip .venv
  printf '%s\n' "$shared" > .venv/.murphy-shared
fi
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
# Written every time, so a moved checkout is picked up. addsitedir also runs the shared packages'
# own .pth files, as if they were installed here.
{
  for project in "${projects[@]}"; do echo "$PWD/$project"; done
  echo "import site; site.addsitedir('$shared_site')"
} > "$site/murphy.pth"
