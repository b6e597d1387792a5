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

K8S_VERSION="${MURPHY_K8S_VERSION:-1.35.4}"
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

command -v go >/dev/null || fail "Go is not installed; install Go >= 1.25 (apt-get install golang-go or go.dev) and rerun make setup"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-k8s-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0

# A throwaway module requiring k8s.io/kubernetes. Its go.mod points every staging module
# (k8s.io/api, k8s.io/client-go, ...) at ./staging/..., which a dependency cannot use, so each
# one is replaced by the published k8s.io/<module> v0.<minor>.<patch>.
k8s_module() {
  local dir="$WORK/k8s" staging="v0.${K8S_VERSION#*.}"
  mkdir -p "$dir"
  local mod
  mod="$(curl -fsSL "${GOPROXY_URL:-https://proxy.golang.org}/k8s.io/kubernetes/@v/v$K8S_VERSION.mod")" \
    || fail "cannot read k8s.io/kubernetes v$K8S_VERSION go.mod from the Go module proxy"
  {
    echo "module murphy.dev/k8s-build"
    echo "go 1.25.0"
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo "$mod" | sed -nE 's#^\s*(k8s\.io/[a-z0-9-]+) => \./staging/.*#replace \1 => \1 '"$staging"'#p'
  } >"$dir/go.mod"
  [ "$(grep -c '^replace' "$dir/go.mod")" -gt 20 ] || fail "found too few staging modules in k8s.io/kubernetes v$K8S_VERSION go.mod"
  echo "$dir"
}

k8s_ldflags() {
  local minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  local v
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    v+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "-s -w$v"
}

build_k8s() {
  local dir ldflags
  dir="$(k8s_module)"
  ldflags="$(k8s_ldflags)"
  for b in kube-apiserver kube-controller-manager kubectl; do
    [ -x "$OUT/$b" ] && continue
    local pkg="k8s.io/kubernetes/cmd/$b"
    local start=$SECONDS
    log "building $b v$K8S_VERSION (first run only; minutes)"
    (cd "$dir" && nice go build -trimpath -ldflags "$ldflags" -o "$OUT/$b.tmp" "$pkg") \
      || fail "go build $pkg failed (see the output above)"
    mv "$OUT/$b.tmp" "$OUT/$b"
    log "built $b in $((SECONDS - start)) s"
  done
}

build_etcd() {
  [ -x "$OUT/etcd" ] && return 0
  local dir="$WORK/etcd" start=$SECONDS
  mkdir -p "$dir"
  printf 'module murphy.dev/etcd-build\ngo 1.25.0\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" >"$dir/go.mod"
  log "building etcd v$ETCD_VERSION (first run only)"
  (cd "$dir" && nice go build -trimpath -ldflags "-s -w" -o "$OUT/etcd.tmp" go.etcd.io/etcd/server/v3) \
    || fail "go build go.etcd.io/etcd/server/v3 failed (see the output above)"
  mv "$OUT/etcd.tmp" "$OUT/etcd"
  log "built etcd in $((SECONDS - start)) s"
}

total=$SECONDS
build_etcd
build_k8s
"$OUT/kubectl" version --client >/dev/null || fail "the built kubectl does not run"
link_current
log "v$K8S_VERSION ready in $OUT ($((SECONDS - total)) s)"
