#!/usr/bin/env bash
# Regenerates every generated file: from the zod schema (CRD, reference docs) and from proto/
# (TypeScript stubs with ts-proto via buf; Python stubs with grpcio-tools, see scripts/generate.d).
set -euo pipefail
cd "$(dirname "$0")/.."
# The gRPC stubs first: the TypeScript build depends on them (a renamed message must not break it).
for step in scripts/generate.d/*proto*.sh; do
  [ -e "$step" ] && bash "$step"
done
npx --no-install tsc -p tsconfig.json
node dist/scripts/generate.js
for step in scripts/generate.d/*.sh; do
  case "$step" in *proto*) continue ;; esac
  bash "$step"
done
exit 0
