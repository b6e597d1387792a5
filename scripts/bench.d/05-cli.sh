#!/usr/bin/env bash
# Start-up of the `murphy` command against a bare node process (each subcommand loads only its own modules).
set -euo pipefail
node dist/bench/cli-start.js
