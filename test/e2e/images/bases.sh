# The base images the project's Dockerfiles are built on here (they take their base as an ARG; no
# registry is reachable to pull node:, python: or vllm/ images from):
#   debian       Debian bookworm minbase from debootstrap (Debian's own packages)
#   node         debian + this machine's Node.js (the version images/murphy/Dockerfile names)
#   python       debian + Debian's python3 and pip, without the "externally managed" marker (as in
#                the python: images, whose pip installs system-wide)
#   python-ml    python + the pinned dependencies of murphy-inference and murphy-trainer (PyTorch,
#                transformers, TRL, ...) in one layer, which the trainer and the CPU inference image
#                share. It stands in for vLLM's image: vLLM's CUDA build cannot run on CPU, so the
#                inference image here serves the `hf` backend (see docs/operations.md).
# Each is tagged with a hash of what it is made from and kept in buildah's store under the cache.
DEBIAN_SUITE=bookworm

# abandon CONTAINER: removes a half-built working container and fails.
abandon() { buildah_e2e rm "$1" >/dev/null 2>&1; return 1; }

DEBIAN_MIRROR=${MURPHY_DEBIAN_MIRROR:-http://deb.debian.org/debian}

debian_base() {
  local tag="murphy-e2e/debian:$DEBIAN_SUITE" rootfs container
  image_exists "$tag" && { echo "$tag"; return 0; }
  rootfs="$E2E_ROOT/debootstrap"
  nice debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$LOGS/debootstrap.log" 2>&1 ||
    { tail -20 "$LOGS/debootstrap.log" >&2; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$rootfs.tar" . && rm -rf "$rootfs" || return 1
  container=$(buildah_e2e from scratch) || return 1
  buildah_e2e add "$container" "$rootfs.tar" / >/dev/null || abandon "$container"
  buildah_e2e config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$container" || abandon "$container"
  buildah_e2e commit -q --rm "$container" "$tag" >/dev/null || abandon "$container"
  rm -f "$rootfs.tar"
  echo "$tag"
}

node_base() {
  local from=$1 node version tag container
  node=$(command -v node); version=$(node --version)
  tag="murphy-e2e/node:${version#v}"
  image_exists "$tag" && { echo "$tag"; return 0; }
  container=$(buildah_e2e from "$from") || return 1
  buildah_e2e copy "$container" "$node" /usr/local/bin/node >/dev/null || abandon "$container"
  buildah_e2e copy "$container" "$(npm root -g)/npm" /usr/local/lib/node_modules/npm >/dev/null || abandon "$container"
  buildah_e2e run "$container" -- sh -c 'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm &&
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version' >/dev/null || abandon "$container"
  buildah_e2e commit -q --rm "$container" "$tag" >/dev/null || abandon "$container"
  echo "$tag"
}

python_base() {
  local from=$1 tag="murphy-e2e/python:$DEBIAN_SUITE" container
  image_exists "$tag" && { echo "$tag"; return 0; }
  container=$(buildah_e2e from "$from") || return 1
  buildah_e2e run --network host "$container" -- sh -c 'apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-pip python-is-python3 >/dev/null &&
    rm -rf /var/lib/apt/lists/* /usr/lib/python3*/EXTERNALLY-MANAGED' >&2 || abandon "$container"
  buildah_e2e commit -q --rm "$container" "$tag" >/dev/null || abandon "$container"
  echo "$tag"
}

# The dependencies exactly as the two packages pin them: install both, then remove the two packages.
python_ml_base() {
  local from=$1 tag container ca=()
  tag="murphy-e2e/python-ml:$(inputs_hash images/inference/pyproject.toml images/trainer/pyproject.toml)"
  image_exists "$tag" && { echo "$tag"; return 0; }
  [ -f "$HOST_CA_BUNDLE" ] && ca=(--volume "$HOST_CA_BUNDLE:/run/host-ca.crt:ro" --env PIP_CERT=/run/host-ca.crt)
  container=$(buildah_e2e from "$from") || return 1
  buildah_e2e copy "$container" images/inference /tmp/src/inference >/dev/null || abandon "$container"
  buildah_e2e copy "$container" images/trainer /tmp/src/trainer >/dev/null || abandon "$container"
  buildah_e2e run --network host "${ca[@]}" "$container" -- sh -c 'cd /tmp/src &&
    python -m pip install --no-cache-dir --quiet --disable-pip-version-check ./inference ./trainer &&
    python -m pip uninstall --yes --quiet murphy-inference murphy-trainer && rm -rf /tmp/src' >&2 || abandon "$container"
  buildah_e2e commit -q --rm "$container" "$tag" >/dev/null || abandon "$container"
  untag_older "$tag"
  echo "$tag"
}
