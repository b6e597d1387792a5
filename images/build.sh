#!/usr/bin/env bash
# `make images`: builds murphy's container images with docker or podman.
#   murphy            images/murphy/Dockerfile, target murphy     (operator, coordinator)
#   murphy-executor   images/murphy/Dockerfile, target executor   (executor: + python3, bubblewrap)
#   murphy-inference  images/inference/Dockerfile                 (vLLM + murphy-inference)
#   murphy-trainer    images/trainer/Dockerfile                   (PyTorch + TRL + murphy-trainer)
# IMAGE_REGISTRY (ghcr.io/murphy-dev) and IMAGE_TAG (package.json's version) name them;
# CONTAINER_ENGINE picks the engine when both are installed. EXECUTOR_REQUIREMENTS=requirements-bigcodebench.txt
# gives murphy-executor's interpreter all of BigCodeBench's libraries (default: the core set,
# images/executor/requirements.txt). Behind a proxy that re-signs TLS,
# MURPHY_BUILD_CA_CERTIFICATES=/etc/ssl/certs/ca-certificates.crt hands npm and pip that CA bundle
# as a build secret (it is not stored in the images).
set -euo pipefail
cd "$(dirname "$0")/.."
# An engine counts only when it answers (a docker client without a daemon does not build).
engine=""
for candidate in ${CONTAINER_ENGINE:-docker podman}; do
  if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then engine=$candidate; break; fi
done
if [ -z "$engine" ]; then
  echo "make images: no container engine here: neither docker nor podman is installed and answering 'info'." >&2
  echo "Install and start one, or build the Dockerfiles under images/ on a machine that has one." >&2
  exit 1
fi
registry="${IMAGE_REGISTRY:-ghcr.io/murphy-dev}"
tag="${IMAGE_TAG:-$(node -p 'require("./package.json").version')}"
build() { # NAME CONTEXT DOCKERFILE [TARGET]
  local name=$1 context=$2 dockerfile=$3 target=${4:-} args=()
  if [ "$target" = executor ] && [ -n "${EXECUTOR_REQUIREMENTS:-}" ]; then
    args+=(--build-arg "EXECUTOR_REQUIREMENTS=$EXECUTOR_REQUIREMENTS")
  fi
  echo "make images: building $registry/$name:$tag"
  DOCKER_BUILDKIT=1 "$engine" build -f "$dockerfile" ${target:+--target "$target"} \
    ${MURPHY_BUILD_CA_CERTIFICATES:+--secret "id=ca-certificates,src=$MURPHY_BUILD_CA_CERTIFICATES"} \
    "${args[@]}" \
    -t "$registry/$name:$tag" "$context"
}
build murphy . images/murphy/Dockerfile murphy
build murphy-executor . images/murphy/Dockerfile executor
build murphy-inference images images/inference/Dockerfile
build murphy-trainer images images/trainer/Dockerfile
echo "make images: built $registry/{murphy,murphy-executor,murphy-inference,murphy-trainer}:$tag"
