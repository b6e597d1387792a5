#!/usr/bin/env bash
# Kubernetes control-plane binaries for the operator's integration tests and benchmarks:
# kube-apiserver, kube-controller-manager, kubectl and etcd, built with Go from the Go module
# proxy (no release download works here) and cached outside the repository, so only the first
# run pays (several minutes per binary on two cores).
#
#   ${MURPHY_CACHE:-~/.cache/murphy}/k8s/v<K8S>/{kube-apiserver,kube-controller-manager,kubectl,etcd}
#   ${MURPHY_CACHE:-~/.cache/murphy}/k8s/current -> v<K8S>
#
# Idempotent: a binary already in the cache is never rebuilt. MURPHY_K8S_VERSION and
# MURPHY_ETCD_VERSION override the pinned versions (the cache folder is per Kubernetes version).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/go-build.sh

ETCD_VERSION="${MURPHY_ETCD_VERSION:-3.6.5}"
CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
OUT="$CACHE/k8s/v$K8S_VERSION"
BINARIES=(kube-apiserver kube-controller-manager kubectl etcd)

log() { echo "setup(kubernetes): $*"; }
fail() { echo "setup(kubernetes): ERROR: $*" >&2; exit 1; }

missing=()
for b in "${BINARIES[@]}"; do [ -x "$OUT/$b" ] || missing+=("$b"); done
# The tests and benchmarks find the binaries through this link (or MURPHY_K8S_BIN).
link_current() { ln -sfn "v$K8S_VERSION" "$CACHE/k8s/current"; }
if [ ${#missing[@]} -eq 0 ]; then
  link_current
  log "v$K8S_VERSION binaries cached in $OUT"
  exit 0
fi

mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-k8s-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

build_etcd() {
  build_go_module "$OUT/etcd" go.etcd.io/etcd/server/v3 "v$ETCD_VERSION" go.etcd.io/etcd/server/v3
}

total=$SECONDS
build_etcd
build_k8s_commands "$OUT" kube-apiserver kube-controller-manager kubectl
"$OUT/kubectl" version --client >/dev/null || fail "the built kubectl does not run"
link_current
log "v$K8S_VERSION ready in $OUT ($((SECONDS - total)) s)"
