#!/usr/bin/env bash
# Regenerates every generated file: from the zod schema (CRD, reference docs) and from proto/
# (TypeScript stubs with ts-proto via buf; Python stubs with grpcio-tools, see scripts/generate.d).
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install tsc -p tsconfig.json
node dist/scripts/generate.js
for step in scripts/generate.d/*.sh; do
  [ -e "$step" ] && bash "$step"
done
exit 0
