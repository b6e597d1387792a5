#!/usr/bin/env bash
# The simulated GPU cluster's tools (not run by scripts/setup.sh yet; run it by hand:
# `bash scripts/lib/setup-cluster-sim.sh`):
#   kwok    sigs.k8s.io/kwok/cmd/kwok    fakes nodes and the pods bound to them (no kubelet)
#   kueue   sigs.k8s.io/kueue/cmd/kueue  the job queueing controller GPU platforms run
#   kwok's Stages (how fake nodes and pods move through their lifecycle), taken from the kwok
#   module's kustomize/stage: nodes become Ready and keep a Lease; pods become Ready, Job pods
#   Succeed at once (pod-complete, a file of its own so a test can leave it out), deleted pods go away
#   kueue's CRDs and webhook configurations, taken from the kueue module's config/components
# Built from the Go module proxy by build_go_tool (scripts/lib/go-build.sh), as 45-helm-tools.sh
# builds its Go tools (a throwaway module requiring the tool's module, whose go.mod then decides
# every dependency) and cached:
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/<name>-<version>/<name>
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/bin/<name> -> ../<name>-<version>/<name>
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/kwok-<version>/stages/*.yaml (tools/bin/kwok-stages links there)
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/kueue-<version>/manifests/{crds/*.yaml,webhooks.yaml}
#     (tools/bin/kueue-manifests links there)
# Idempotent: a tool already in the cache is never rebuilt.
set -euo pipefail
. "$(dirname "$0")/go-build.sh"

# kwok v0.8 needs Go >= 1.26; kueue v0.17 is built against k8s.io/* v0.35 (the control plane's minor).
KWOK_VERSION="${MURPHY_KWOK_VERSION:-0.8.0}"
KUEUE_VERSION="${MURPHY_KUEUE_VERSION:-0.17.0}"
CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
TOOLS="$CACHE/tools"

log() { echo "setup(cluster-sim): $*"; }
fail() { echo "setup(cluster-sim): ERROR: $*" >&2; exit 1; }

mkdir -p "$TOOLS/bin"
# One installer at a time: several checkouts or make runs may share the cache.
exec 9>"$TOOLS/.setup.lock"
flock 9

WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-cluster-sim-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

build_kwok() {
  build_go_tool kwok "$KWOK_VERSION" "sigs.k8s.io/kwok@v$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok \
    "-X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK_VERSION"
}

build_kueue() {
  build_go_tool kueue "$KUEUE_VERSION" "sigs.k8s.io/kueue@v$KUEUE_VERSION" sigs.k8s.io/kueue/cmd/kueue \
    "-X sigs.k8s.io/kueue/pkg/version.GitVersion=v$KUEUE_VERSION"
}

module_dir() {
  (cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "$1" | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')
}

# kwok runs no Stage unless given one (kwokctl passes these same files to the kwok it starts).
copy_kwok_stages() {
  local out="$TOOLS/kwok-$KWOK_VERSION/stages" dir
  local stages=(node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease
    pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete)
  if [ ! -s "$out/pod-delete.yaml" ]; then
    dir="$(module_dir "sigs.k8s.io/kwok@v$KWOK_VERSION")"
    mkdir -p "$out.tmp"
    for stage in "${stages[@]}"; do
      [ -s "$dir/kustomize/stage/$stage.yaml" ] || fail "no kustomize/stage/$stage.yaml in sigs.k8s.io/kwok@v$KWOK_VERSION"
      cp "$dir/kustomize/stage/$stage.yaml" "$out.tmp/"
    done
    chmod u+w "$out.tmp"/*.yaml
    rm -rf "$out" && mv "$out.tmp" "$out"
  fi
  ln -sfn "../kwok-$KWOK_VERSION/stages" "$TOOLS/bin/kwok-stages"
}

# Kueue's CRDs and webhook configurations as its release ships them (config/components/crd/bases
# and config/components/webhook/manifests.yaml of the same module version); whoever installs them
# points the webhooks at the kueue it runs.
copy_kueue_manifests() {
  local out="$TOOLS/kueue-$KUEUE_VERSION/manifests" dir
  if [ ! -s "$out/webhooks.yaml" ]; then
    dir="$(module_dir "sigs.k8s.io/kueue@v$KUEUE_VERSION")"
    [ -d "$dir/config/components/crd/bases" ] || fail "no config/components/crd/bases in sigs.k8s.io/kueue@v$KUEUE_VERSION"
    mkdir -p "$out.tmp/crds"
    cp "$dir"/config/components/crd/bases/*.yaml "$out.tmp/crds/"
    cp "$dir/config/components/webhook/manifests.yaml" "$out.tmp/webhooks.yaml"
    chmod -R u+w "$out.tmp"
    rm -rf "$out" && mv "$out.tmp" "$out"
  fi
  ln -sfn "../kueue-$KUEUE_VERSION/manifests" "$TOOLS/bin/kueue-manifests"
}

total=$SECONDS
build_kwok
copy_kwok_stages
build_kueue
copy_kueue_manifests
"$TOOLS/bin/kwok" --version >/dev/null || fail "the built kwok does not run"
log "kwok $KWOK_VERSION and its stages, kueue $KUEUE_VERSION and its manifests ready in $TOOLS/bin ($((SECONDS - total)) s)"
