#!/usr/bin/env bash
# Lints TypeScript (eslint + tsc) and the protobuf contracts (buf).
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install eslint --max-warnings 0 .
npx --no-install tsc -p tsconfig.json --noEmit
if compgen -G "proto/murphy/v1/*.proto" >/dev/null; then npx --no-install buf lint; fi
