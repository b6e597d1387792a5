#!/usr/bin/env bash
# The Helm chart, the container images and the monitoring, checked with real tools:
#   chart    helm lint; helm template with the default and charts/murphy/ci/*.yaml values,
#            validated by kubeconform against the Kubernetes schemas of the control plane's
#            version, the MurphyRun CRD and the Prometheus Operator CRDs; typos in values fail;
#            the chart's CRDs and RBAC match crds/ and operator/manifests; docs/reference.md is fresh
#   cluster  helm install into the operator tests' real API server (etcd, kube-apiserver,
#            kube-controller-manager); the operator runs as the process the chart's Deployment
#            describes, with the chart's ServiceAccount token (no kubelet runs, so this process
#            stands in for the pod); kubectl apply of a MurphyRun is reconciled; helm uninstall
#            leaves nothing behind; the same with rbac.scope=namespaced
#   metrics  each component's /metrics (scraped from the running process) passes promtool check
#            metrics; every dashboard query and alert names a metric some component exports;
#            promtool check rules parses the alerts and every dashboard query
#   images   hadolint over every Dockerfile; every command the images are started with exists;
#            the Node image's file layout runs the CLI and the executor's harness; the executor
#            image's requirement files resolve (pip --dry-run on its Python version, from PyPI)
# Tools come from scripts/setup.d/45-helm-tools.sh; needs `make build`. Each check counts as one test.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
TOOLS="$CACHE/tools/bin"
K8S_BIN="${MURPHY_K8S_BIN:-$CACHE/k8s/current}"
K8S_VERSION="$(basename "$(readlink -f "$K8S_BIN")")"; K8S_VERSION="${K8S_VERSION#v}"
CHART=charts/murphy
MURPHY=("node" "$ROOT/dist/src/cli/main.js")
PYTHON="$ROOT/.venv/bin/python"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/murphy-helm-test.XXXXXX")"
export PATH="$TOOLS:$K8S_BIN:$PATH" HELM_CACHE_HOME="$WORK/helm/cache" HELM_CONFIG_HOME="$WORK/helm/config" HELM_DATA_HOME="$WORK/helm/data"
STARTED=() # pids of the processes this suite started, stopped on exit
passed=0; failed=0

cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${STARTED[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

CHECK_LOG="$WORK/check.log"
. "$ROOT/test/lib/checks.sh"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
expect_fail() { ! "$@"; }
# output_has TEXT COMMAND...: COMMAND's output (stdout and stderr) contains TEXT.
output_has() { local text=$1; shift; local out; out=$("$@" 2>&1); echo "$out"; grep -qF -- "$text" <<<"$out"; }

. "$ROOT/test/helm/chart-checks.sh"
. "$ROOT/test/helm/image-checks.sh"
. "$ROOT/test/helm/cluster-checks.sh"
. "$ROOT/test/helm/metrics-checks.sh"

missing=()
for tool in helm kubeconform promtool hadolint kubectl jq yq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -d "$TOOLS/monitoring-crds" ] || missing+=("monitoring CRDs")
if [ ${#missing[@]} -gt 0 ]; then
  echo "60-helm: missing ${missing[*]}: run make setup (scripts/setup.d/45-helm-tools.sh, 40-kubernetes.sh)"
  echo "0 1" >"$MURPHY_RESULTS/60-helm.counts"
  exit 1
fi

echo "--- chart"; chart_checks
echo "--- images"; image_checks
echo "--- cluster"; cluster_checks
echo "--- metrics"; metrics_checks

echo "60-helm: $passed passed, $failed failed"
echo "$passed $failed" >"$MURPHY_RESULTS/60-helm.counts"
[ "$failed" -eq 0 ]
