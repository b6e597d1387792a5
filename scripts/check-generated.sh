#!/usr/bin/env bash
# Regenerates everything and fails if that changed any generated file (then commit the result).
set -euo pipefail
cd "$(dirname "$0")/.."
paths() { grep -v '^#' scripts/generated-paths.txt | while read -r glob; do compgen -G "$glob" || true; done; }
snapshot() { paths | sort | xargs -r -I{} find {} -type f -not -path '*/__pycache__/*' -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum; }
before=$(snapshot)
scripts/generate.sh >/dev/null
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "check-generated: these generated files were stale and have been regenerated; commit them:"
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | awk '{print "  " $3}' | sort -u
  exit 1
fi
echo "check-generated: all generated files are up to date"
