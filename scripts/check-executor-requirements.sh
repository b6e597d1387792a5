#!/usr/bin/env bash
# Checks that the executor image's requirement files still resolve: pip's resolver, run without
# installing (--dry-run) on the Python version the executor image's interpreter has (Debian's
# python3 that images/murphy/Dockerfile pins), picks one version of every package of each file.
# Catches pins that conflict (also with the core pins requirements-bigcodebench.txt includes),
# versions with no wheel or source for that Python, and a pin that vanished from PyPI.
#   scripts/check-executor-requirements.sh [FILE...]   default: every images/executor/requirements*.txt
# Needs PyPI (or the index pip is configured with); downloads only the packages' metadata files.
# MURPHY_EXECUTOR_BASE_PYTHON (default /usr/bin/python3) is the interpreter to resolve with; its
# major.minor must be the image's. The Helm suite's image checks run it (test/helm/image-checks.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${MURPHY_EXECUTOR_BASE_PYTHON:-/usr/bin/python3}
# pip 24 reads PyPI's metadata files (PEP 658/714) where bookworm's venv pip (23.0.1) downloads whole
# wheels (657 MB for requirements-bigcodebench.txt, TensorFlow's alone 221 MB).
pip_version=24.3.1

image_python=$(sed -n 's/.*python3=\([0-9]*\.[0-9]*\)\..*/\1/p' images/murphy/Dockerfile | head -1)
base_python=$("$base" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ -z "$image_python" ] || [ "$image_python" != "$base_python" ]; then
  echo "check-executor-requirements: the executor image's python3 is ${image_python:-unknown} (images/murphy/Dockerfile), $base is $base_python;" >&2
  echo "set MURPHY_EXECUTOR_BASE_PYTHON to a python$image_python" >&2
  exit 2
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(images/executor/requirements*.txt); fi
work=$(mktemp -d "${TMPDIR:-/tmp}/murphy-executor-requirements.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$base" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "pip==$pip_version"

status=0
for file in "${files[@]}"; do
  report="$work/$(basename "$file").json"
  # From the file's folder, as the image installs it: `-r requirements.txt` is relative to it.
  if (cd "$(dirname "$file")" && "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --dry-run --ignore-installed --report "$report" -r "$(basename "$file")"); then
    echo "$file: resolves on Python $base_python: $("$work/venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["install"]))' "$report") packages"
  else
    echo "$file: does not resolve on Python $base_python (pip's message above)" >&2
    status=1
  fi
done
exit $status
