# Cluster checks of scripts/test.d/60-helm.sh (sourced): helm install into the operator tests'
# control plane (test/operator/harness via dist/test/helm/control-plane-main.js), kubectl apply
# of a MurphyRun, helm uninstall. No kubelet runs, so the chart's operator pods stay Pending; the
# process the chart's Deployment describes runs here instead, as the chart's ServiceAccount.

RELEASE_NS=murphy-system
OPERATOR_PID=""
OPERATOR_PORT=""

start_control_plane() {
  node dist/test/helm/control-plane-main.js "$WORK/cluster.json" >"$WORK/control-plane.log" 2>&1 &
  STARTED+=("$!")
  wait_for 180 test -s "$WORK/cluster.json" || { cat "$WORK/control-plane.log"; return 1; }
  export KUBECONFIG
  KUBECONFIG=$(jq -r .kubeconfig "$WORK/cluster.json")
  kubectl version && ! kubectl get crd murphyruns.murphy.dev
}

crd_established() { # crd_established NAME...: polls each until its Established condition is True
  local crd
  for crd in "$@"; do
    wait_for 60 sh -c "kubectl get crd $crd -o jsonpath='{.status.conditions[?(@.type==\"Established\")].status}' | grep -qx True" || return 1
  done
}

install_monitoring_crds() {
  kubectl apply --server-side -f "$TOOLS/monitoring-crds/" &&
    crd_established servicemonitors.monitoring.coreos.com podmonitors.monitoring.coreos.com prometheusrules.monitoring.coreos.com
}

helm_install() { # helm_install VALUES_FILE [helm args...]
  local values=$1; shift
  helm install murphy "$CHART" --namespace "$RELEASE_NS" --create-namespace -f "$values" "$@" &&
    crd_established murphyruns.murphy.dev
}

installed_objects_present() {
  kubectl -n "$RELEASE_NS" get deployment/murphy-operator serviceaccount/murphy-operator service/murphy-operator-metrics \
    role/murphy-operator-leader-election rolebinding/murphy-operator-leader-election lease/murphy-operator \
    servicemonitor/murphy-operator podmonitor/murphy-runs prometheusrule/murphy configmap/murphy-dashboard &&
  kubectl get clusterrole/murphy-operator clusterrolebinding/murphy-operator clusterrole/murphy-run-editor clusterrole/murphy-run-viewer
}

# The controllers accept the chart's Deployment: a ReplicaSet makes one Pending pod per replica.
operator_pods_created() {
  local n
  n=$(kubectl -n "$RELEASE_NS" get pods -l app.kubernetes.io/component=operator,app.kubernetes.io/instance=murphy -o name | wc -l)
  echo "operator pods: $n (expected $1)"
  [ "$n" -eq "$1" ]
}

# can_i VERB RESOURCE [-n NS | -A]: what the chart's ServiceAccount may do.
can_i() { kubectl auth can-i "$@" --as "system:serviceaccount:$RELEASE_NS:murphy-operator"; }

rbac_is_least_privilege_cluster() {
  can_i watch murphyruns.murphy.dev -A && can_i patch murphyruns.murphy.dev --subresource status -n team-a && can_i create jobs.batch -n team-a &&
  can_i update leases.coordination.k8s.io/murphy-operator -n "$RELEASE_NS" &&
  ! can_i update leases.coordination.k8s.io/other -n "$RELEASE_NS" && ! can_i get secrets -n team-a &&
  ! can_i create pods -n team-a && ! can_i update murphyruns.murphy.dev -n team-a && ! can_i create clusterroles.rbac.authorization.k8s.io
}

operator_kubeconfig() {
  local token server file="$WORK/operator.kubeconfig"
  token=$(kubectl -n "$RELEASE_NS" create token murphy-operator --duration 1h) || return 1
  server=$(jq -r .server "$WORK/cluster.json")
  kubectl config --kubeconfig "$file" set-cluster test --server "$server" --insecure-skip-tls-verify=true >/dev/null &&
    kubectl config --kubeconfig "$file" set-credentials murphy-operator --token "$token" >/dev/null &&
    kubectl config --kubeconfig "$file" set-context test --cluster test --user murphy-operator >/dev/null &&
    kubectl config --kubeconfig "$file" use-context test >/dev/null && echo "$file"
}

# Runs the container of the installed Deployment as a local process: its command (murphy -> this
# checkout's CLI), its args (the metrics port moved to a free one) and its environment (fieldRefs
# resolved as the kubelet would), with the ServiceAccount's token as its only credential.
start_chart_operator() {
  local container kubeconfig arg value name
  container=$(kubectl -n "$RELEASE_NS" get deployment murphy-operator -o json | jq -c '.spec.template.spec.containers[0]')
  [ "$(jq -r '.command[0]' <<<"$container")" = murphy ] || { echo "unexpected command: $container"; return 1; }
  kubeconfig=$(operator_kubeconfig) || return 1
  OPERATOR_PORT=$(free_port)
  local args=() env=(KUBECONFIG="$kubeconfig")
  while read -r arg; do
    case "$arg" in --metrics-port=*) args+=("--metrics-port=$OPERATOR_PORT") ;; *) args+=("$arg") ;; esac
  done < <(jq -r '.command[1:] + .args | .[]' <<<"$container")
  while IFS=$'\t' read -r name value; do
    case "$value" in
      fieldRef:metadata.namespace) value=$RELEASE_NS ;;
      fieldRef:metadata.name) value=murphy-operator-local-0 ;;
    esac
    env+=("$name=$value")
  done < <(jq -r '.env[] | [.name, (if .valueFrom then "fieldRef:" + .valueFrom.fieldRef.fieldPath else .value end)] | @tsv' <<<"$container")
  echo "running: ${env[*]} murphy ${args[*]}" | sed 's/KUBECONFIG=[^ ]*/KUBECONFIG=(service account token)/'
  env -u KUBECONFIG "${env[@]}" "${MURPHY[@]}" "${args[@]}" >"$WORK/operator.log" 2>&1 &
  OPERATOR_PID=$!
  STARTED+=("$OPERATOR_PID")
  wait_for 60 curl -fsS "http://127.0.0.1:$OPERATOR_PORT/readyz" || { tail -20 "$WORK/operator.log"; return 1; }
}

operator_leads_with_chart_lease() {
  wait_for 30 sh -c "curl -fsS http://127.0.0.1:$OPERATOR_PORT/metrics | grep -qx 'murphy_operator_leader 1'" &&
    [ "$(kubectl -n "$RELEASE_NS" get lease murphy-operator -o jsonpath='{.spec.holderIdentity}')" = murphy-operator-local-0 ]
}

apply_run() { # apply_run NAMESPACE
  kubectl get namespace "$1" >/dev/null 2>&1 || kubectl create namespace "$1"
  kubectl -n "$1" apply -f examples/tiny.yaml
}

# The installed operator reconciled the run: children with the chart's run-default images, a phase.
run_reconciled() { # run_reconciled NAMESPACE
  local ns=$1
  wait_for 60 kubectl -n "$ns" get configmap/local-tiny-config deployment/local-tiny-executor deployment/local-tiny-inference \
    job/local-tiny-trainer job/local-tiny-coordinator networkpolicy/local-tiny-executor role/local-tiny-coordinator || return 1
  wait_for 30 sh -c "kubectl -n $ns get murphyrun local-tiny -o jsonpath='{.status.phase}' | grep -q ." || return 1
  kubectl -n "$ns" get murphyruns
  [ "$(kubectl -n "$ns" get deployment local-tiny-executor -o jsonpath='{.spec.template.spec.containers[0].image}')" = "ghcr.io/murphy-dev/murphy-executor:0.1.0" ] &&
    [ "$(kubectl -n "$ns" get deployment local-tiny-inference -o jsonpath='{.spec.template.spec.containers[0].image}')" = "ghcr.io/murphy-dev/murphy-inference:0.1.0" ]
}

run_not_reconciled() { # run_not_reconciled NAMESPACE: a run outside the watched namespaces is left alone
  sleep 3
  [ -z "$(kubectl -n "$1" get murphyrun local-tiny -o jsonpath='{.status.phase}')" ] && [ -z "$(kubectl -n "$1" get configmaps,deployments,jobs -l murphy.dev/run=local-tiny -o name)" ]
}

delete_run() { # delete_run NAMESPACE: the garbage collector removes the children
  kubectl -n "$1" delete murphyrun local-tiny --wait=true &&
    wait_for 60 sh -c "[ -z \"\$(kubectl -n $1 get configmaps,deployments,jobs,services,networkpolicies,roles,rolebindings,serviceaccounts -l murphy.dev/run=local-tiny -o name)\" ]"
}

scrape_operator_metrics() { mkdir -p "$WORK/metrics" && curl -fsS "http://127.0.0.1:$OPERATOR_PORT/metrics" >"$WORK/metrics/operator.txt" && grep -q murphy_operator_reconciles_total "$WORK/metrics/operator.txt"; }

stop_chart_operator() { # SIGTERM: exits 0 and, if it led, frees the Lease for a standby
  kill -TERM "$OPERATOR_PID" && wait "$OPERATOR_PID"; local code=$?
  echo "exit code $code"; tail -5 "$WORK/operator.log"
  [ "$code" -eq 0 ] || return 1
  [ "$1" != leader ] || [ -z "$(kubectl -n "$RELEASE_NS" get lease murphy-operator -o jsonpath='{.spec.holderIdentity}')" ]
}

# After helm uninstall: no object of any kind carries the release's label, the release namespace
# holds only what Kubernetes itself puts in every namespace, no cluster object of the chart stays.
# The MurphyRun CRD stays on purpose (Helm never deletes crds/: deleting it would delete every run).
nothing_left_behind() {
  helm uninstall murphy --namespace "$RELEASE_NS" --wait --timeout 60s || return 1
  local kinds left
  kinds=$(kubectl api-resources --verbs=list -o name | grep -v '^events' | paste -sd, -)
  wait_for 60 sh -c "[ -z \"\$(kubectl get $kinds -A -l app.kubernetes.io/instance=murphy -o name 2>/dev/null)\" ]" || return 1
  left=$(kubectl -n "$RELEASE_NS" get "$(kubectl api-resources --verbs=list --namespaced -o name | grep -v '^events' | paste -sd, -)" -o name 2>/dev/null |
    grep -vxE 'serviceaccount/default|configmap/kube-root-ca.crt')
  echo "left in $RELEASE_NS: ${left:-nothing}"
  [ -z "$left" ] && ! kubectl get clusterrole murphy-operator && ! kubectl get clusterrolebinding murphy-operator &&
    kubectl get crd murphyruns.murphy.dev && ! helm status murphy --namespace "$RELEASE_NS"
}

namespaced_rbac_in_cluster() {
  can_i watch murphyruns.murphy.dev -n team-a && can_i create deployments.apps -n team-b &&
  ! can_i watch murphyruns.murphy.dev -A && ! can_i create deployments.apps -n team-c && ! kubectl get clusterrolebinding murphy-operator &&
    can_i watch runtimeclasses.node.k8s.io && ! can_i create runtimeclasses.node.k8s.io
}

cluster_checks() {
  check "control plane up (etcd, kube-apiserver, kube-controller-manager), no MurphyRun CRD yet" start_control_plane || return 0
  check "Prometheus Operator CRDs installed" install_monitoring_crds
  kubectl create namespace team-a >/dev/null 2>&1
  # --- cluster-wide, with every monitoring object
  check "helm install (cluster scope, monitoring on) creates the CRD" helm_install "$CHART/ci/monitoring-values.yaml" --set grafana.dashboard.namespace="$RELEASE_NS"
  check "the release's objects exist (RBAC, Service, Lease, ServiceMonitor, PodMonitor, PrometheusRule, dashboard)" installed_objects_present
  check "the Deployment's two pods are created by its ReplicaSet" wait_for 60 operator_pods_created 2
  check "RBAC: what reconciling needs and nothing more" rbac_is_least_privilege_cluster
  check "the chart's operator starts as its ServiceAccount and is ready" start_chart_operator
  check "it leads through the chart's Lease" operator_leads_with_chart_lease
  check "kubectl apply of a MurphyRun (team-a)" apply_run team-a
  check "the run's children and phase appear" run_reconciled team-a
  check "the operator's /metrics scraped" scrape_operator_metrics
  check "deleting the run removes its children" delete_run team-a
  check "the operator stops on SIGTERM and frees the Lease" stop_chart_operator leader
  check "helm uninstall leaves nothing behind (the CRD stays by design)" nothing_left_behind
  # --- only some namespaces, one replica without leader election
  kubectl create namespace team-b >/dev/null 2>&1; kubectl create namespace team-c >/dev/null 2>&1
  check "helm install (namespaced: team-a, team-b)" helm_install "$CHART/ci/namespaced-values.yaml"
  check "RBAC: RoleBindings in team-a and team-b only, and reading RuntimeClasses" namespaced_rbac_in_cluster
  check "the chart's operator (no leader election) starts and is ready" start_chart_operator
  apply_run team-b >/dev/null; apply_run team-c >/dev/null
  check "a run in a watched namespace is reconciled" run_reconciled team-b
  check "a run in another namespace is left alone" run_not_reconciled team-c
  check "deleting the run removes its children" delete_run team-b
  kubectl -n team-c delete murphyrun local-tiny >/dev/null
  check "the operator stops on SIGTERM" stop_chart_operator standby
  check "helm uninstall leaves nothing behind" nothing_left_behind
}
