#!/usr/bin/env bash
# TypeScript gRPC stubs for every contract in proto/, into src/gen (committed, DO NOT EDIT).
set -euo pipefail
if compgen -G "proto/murphy/v1/*.proto" >/dev/null; then
  rm -rf src/gen
  npx --no-install buf generate
fi
