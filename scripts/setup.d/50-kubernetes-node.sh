#!/usr/bin/env bash
# A Kubernetes node for the end-to-end suite (scripts/test.d/70-e2e.sh), beside the control plane
# of 40-kubernetes.sh and at the same Kubernetes version:
#   Debian packages  containerd, runc, containernetworking-plugins (CNI bridge, host-local,
#                    portmap, loopback), iptables, conntrack (kube-proxy), buildah and
#                    debootstrap (the images), iproute2 and util-linux (the network namespace)
#   kubelet, kube-scheduler, kube-proxy   built from the Go module proxy like the control plane
#   coredns          test/e2e/coredns: CoreDNS (github.com/coredns/coredns from the Go module proxy)
#                    with the plugins the cluster's DNS uses
#   pause            test/e2e/pause, the process of every pod sandbox (no registry to pull it from)
# Cached outside the repository, so only the first run pays (minutes on two cores):
#   ${MURPHY_CACHE:-~/.cache/murphy}/k8s/v<K8S>/{kubelet,kube-scheduler,kube-proxy}
#   ${MURPHY_CACHE:-~/.cache/murphy}/node/{coredns,pause} -> <name>-<hash of its source>/<name>
# Idempotent: nothing already in the cache is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/go-build.sh

CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
K8S_OUT="$CACHE/k8s/v$K8S_VERSION"
NODE_OUT="$CACHE/node"
PACKAGES=(containerd runc containernetworking-plugins iptables conntrack buildah debootstrap iproute2 util-linux)

log() { echo "setup(node): $*"; }
fail() { echo "setup(node): ERROR: $*" >&2; exit 1; }

install_packages() {
  local missing=() package sudo=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build_node_program NAME: test/e2e/NAME built into the cache and linked as node/NAME.
build_node_program() {
  local binary
  binary="$(build_go_program "$NODE_OUT" "test/e2e/$1")"
  ln -sfn "$(basename "$(dirname "$binary")")" "$NODE_OUT/$1"
}

# One installer at a time: several checkouts or make runs may share the cache.
mkdir -p "$NODE_OUT"
exec 9>"$NODE_OUT/.setup.lock"
flock 9
WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-node-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

total=$SECONDS
install_packages
build_k8s_commands "$K8S_OUT" kubelet kube-scheduler kube-proxy
build_node_program coredns
build_node_program pause
"$K8S_OUT/kubelet" --version >/dev/null || fail "the built kubelet does not run"
log "kubelet, kube-scheduler, kube-proxy v$K8S_VERSION, coredns, pause ready ($((SECONDS - total)) s)"
