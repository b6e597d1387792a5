#!/usr/bin/env bash
# System packages the executor needs: bubblewrap for its sandbox, libseccomp2 for the seccomp filter
# of program processes (src/executor/harness/syscall_filter.py), python3-venv for its scientific
# test interpreter (41-executor-python.sh). Idempotent: touches apt only
# when something is missing (CI machines run as root; elsewhere sudo is used when present).
set -euo pipefail
packages=(bubblewrap libseccomp2 python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "setup: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
