#!/usr/bin/env bash
# What setup and build may not change: the state of the working tree (`git status` and the content
# of every tracked change).
#   scripts/tree-state.sh record   before `make setup build` (make test does this)
#   scripts/tree-state.sh check    afterwards: fails, showing what changed, when the tree differs
# Without a record the tree must be clean, as in a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
record=dist/.tree-before-setup
state() { git status --porcelain --untracked-files=all; git diff HEAD --binary | sha256sum; }
case "${1:-}" in
  record) mkdir -p dist && state > "$record" ;;
  check)
    if [ -f "$record" ]; then expected=$(cat "$record"); else expected=$(printf '' | sha256sum); fi
    now=$(state)
    if [ "$now" != "$expected" ]; then
      echo "setup or build changed the working tree (git status before, then after):"
      echo "$expected"; echo "---"; echo "$now"
      exit 1
    fi ;;
  *) echo "usage: scripts/tree-state.sh record|check" >&2; exit 2 ;;
esac
