#!/usr/bin/env bash
# End to end on a real single-node Kubernetes with real pods (test/e2e):
#   cluster   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy,
#             containerd + runc + CNI bridge and CoreDNS, all inside a network namespace of their
#             own with no way off the machine; torn down on exit, also after a failure or Ctrl-C,
#             and the host checked for anything left behind
#   images    the project's Dockerfiles built with buildah on base images assembled here
#             (test/e2e/images), imported into containerd, rebuilt only when their inputs change
#   tests     test/e2e/tests/*.sh: the chart installed as the README says, examples/cluster-cpu.yaml
#             applied and run to Succeeded; then faults injected into one run (20-faults.sh)
# Needs root, scripts/setup.d/40-kubernetes.sh, 45-helm-tools.sh and 50-kubernetes-node.sh, and
# Each check counts as one test. Arguments name the tests to run (default: all of
# them, e.g. `scripts/test.d/70-e2e.sh example_test`).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
E2E_DIR="$ROOT/test/e2e"
export E2E_ROOT
E2E_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/murphy-e2e.XXXXXX")"
passed=0; failed=0
E2E_TESTS=() # each file of test/e2e/tests adds its test functions

CHECK_LOG="$E2E_ROOT/check.log"
. test/lib/checks.sh
for file in "$E2E_DIR"/cluster/*.sh "$E2E_DIR"/images/*.sh "$E2E_DIR"/lib/*.sh "$E2E_DIR"/tests/*.sh; do . "$file"; done

exec 3>&1 4>&2 # the suite's own output, for tear-down after an interrupt inside a redirected check
finish() {
  local code=$?
  trap - EXIT INT TERM
  exec 1>&3 2>&4
  echo "--- tear-down"
  teardown_cluster
  check "tear-down leaves no process, mount, network namespace, iptables rule or cgroup" leftovers
  [ "${E2E_KEEP:-}" = 1 ] || rm -rf "$E2E_ROOT"
  echo "70-e2e: $passed passed, $failed failed"
  echo "$passed $failed" >"$MURPHY_RESULTS/70-e2e.counts"
  [ "$failed" -eq 0 ] && [ "$code" -eq 0 ]
  exit
}
trap finish EXIT
trap 'echo "70-e2e: interrupted"; failed=$((failed + 1)); exit 130' INT TERM

missing=()
for tool in containerd runc ctr buildah debootstrap nsenter iptables envsubst jq yq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
for binary in "$K8S_BIN"/{etcd,kube-apiserver,kube-controller-manager,kubectl,kubelet,kube-scheduler,kube-proxy} \
  "$NODE_BIN"/coredns/coredns "$NODE_BIN"/pause/pause "$CACHE/tools/bin/helm" "$CACHE/tools/bin/monitoring-crds"; do
  [ -e "$binary" ] || missing+=("$binary")
done
[ "$(id -u)" -eq 0 ] || missing+=("root")
if [ ${#missing[@]} -gt 0 ]; then
  echo "70-e2e: missing ${missing[*]}: run make setup (as root)"
  failed=1; trap - EXIT; echo "0 1" >"$MURPHY_RESULTS/70-e2e.counts"; exit 1
fi

echo "--- images"
start=$SECONDS
check "the node's images build (pause, CoreDNS)" eval 'build_node_images >"$E2E_ROOT/node-images"'
check "the project's images build from their Dockerfiles" eval 'build_project_images >"$E2E_ROOT/project-images"'
echo "    images ready in $((SECONDS - start)) s"
[ "$failed" -eq 0 ] || exit 1

echo "--- cluster"
start=$SECONDS
check "the cluster starts: node Ready, DNS answering" start_cluster
check "the project's images load into containerd under the chart's image names" \
  eval 'load_images <"$E2E_ROOT/project-images" && alias_release_names <"$E2E_ROOT/project-images"'
echo "    cluster up in $((SECONDS - start)) s"
[ "$failed" -eq 0 ] || exit 1

[ $# -gt 0 ] && E2E_TESTS=("$@")
for test in "${E2E_TESTS[@]}"; do
  echo "--- $test"; "$test"
done
