#!/usr/bin/env bash
# Lints TypeScript (eslint + tsc), the protobuf contracts (buf) and the direction of imports (dependency-cruiser).
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install eslint --max-warnings 0 .
npx --no-install tsc -p tsconfig.json --noEmit
if compgen -G "proto/murphy/v1/*.proto" >/dev/null; then npx --no-install buf lint; fi
# The rooms and the direction of their imports (.dependency-cruiser.cjs): no cycle, no room imports one above it.
npx --no-install depcruise src operator --config .dependency-cruiser.cjs --output-type err
