# Chart checks of scripts/test.d/60-helm.sh (sourced: uses its check, WORK, CHART, ...).

# The default values ("default") and every values file under charts/murphy/ci/.
values_files() { echo default; ls "$CHART"/ci/*.yaml; }
render() { # render VALUES_FILE|default|"" [helm args...]
  local values=$1; shift
  [ "$values" = default ] && values=""
  helm template murphy "$CHART" --namespace murphy-system --kube-version "$K8S_VERSION" --include-crds ${values:+-f "$values"} "$@"
}

# kubeconform's schemas: every Kubernetes kind of the control plane's version (its OpenAPI v2
# document in the k8s.io/kubernetes module), the chart's CRD and the Prometheus Operator's CRDs.
make_schemas() {
  local swagger
  swagger="$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" 2>/dev/null | jq -r .Dir)/api/openapi-spec/swagger.json"
  [ -s "$swagger" ] || { echo "no swagger.json for Kubernetes v$K8S_VERSION in the Go module cache"; return 1; }
  node dist/test/helm/kube-schemas-main.js "$WORK/schemas" "$swagger" "$CHART"/crds/*.yaml "$TOOLS"/monitoring-crds/*.yaml
}

kubeconform_render() { # kubeconform_render VALUES_FILE: every object valid, none without a schema
  render "$1" >"$WORK/rendered.yaml" || return 1
  kubeconform -strict -summary -schema-location "$WORK/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$WORK/rendered.yaml"
}

lint() { local values=$1; [ "$values" = default ] && values=""; helm lint --strict "$CHART" ${values:+-f "$values"}; }

# The ClusterRoles' rules are operator/manifests' (the operator's own least-privilege RBAC): the
# operator's, and the RuntimeClass reader that the default runtimeClassName auto needs.
rbac_matches_operator_manifests() {
  local name chart manifests
  for name in murphy-operator murphy-operator-runtimeclasses; do
    chart=$(render "" | yq -c "select(.kind == \"ClusterRole\" and .metadata.name == \"$name\") | .rules")
    manifests=$(yq -c "select(.kind == \"ClusterRole\" and .metadata.name == \"$name\") | .rules" operator/manifests/10-rbac.yaml)
    echo "$name chart:     $chart"; echo "$name manifests: $manifests"
    [ -n "$chart" ] && [ "$chart" = "$manifests" ] || return 1
  done
}

# The Deployment passes the values through: images, flags, watched namespaces, scheduling.
deployment_follows_values() {
  local d
  d=$(render "$CHART/ci/custom-values.yaml" | yq -c 'select(.kind == "Deployment")')
  echo "$d" | jq -e '.spec.replicas == 3 and .spec.template.spec.containers[0].image == "registry.example.com/ml/murphy:0.1.0-rc.1"' &&
  echo "$d" | jq -e '.spec.template.spec.containers[0].args | index("--executor-image=registry.example.com/ml/murphy-executor:0.1.0-rc.1") and index("--executor-runtime-class=gvisor") and index("--restart-limit=5") and index("--metrics-port=9090")' &&
  echo "$d" | jq -e '.spec.template.spec | .serviceAccountName == "murphy-controller" and .imagePullSecrets[0].name == "registry-credentials" and .tolerations[0].key == "node-role.kubernetes.io/control-plane" and .priorityClassName == "system-cluster-critical"' &&
  render "" | yq -c 'select(.kind == "Deployment") | .spec.template.spec.containers[0].args' |
    jq -e 'index("--executor-image=ghcr.io/murphy-dev/murphy-executor:0.1.0") and index("--executor-runtime-class=auto")' &&
  render "" --set runDefaults.executor.runtimeClassName= | yq -c 'select(.kind == "Deployment") | .spec.template.spec.containers[0].args' |
    jq -e 'index("--executor-runtime-class=none")' &&
  render "$CHART/ci/namespaced-values.yaml" | yq -c 'select(.kind == "Deployment") | .spec.template.spec.containers[0]' |
    jq -e '(.args | index("--no-leader-elect")) and (.env[] | select(.name == "WATCH_NAMESPACES") | .value == "team-a,team-b")'
}

# Cluster-wide only the RuntimeClass reader of runtimeClassName auto (RuntimeClasses are
# cluster-scoped), and not even that with a named class.
namespaced_rbac_is_per_namespace() {
  local kinds named
  kinds=$(render "$CHART/ci/namespaced-values.yaml" | yq -r 'select(.kind != null) | "\(.kind)/\(.metadata.namespace // .metadata.name)"' | sort | tr '\n' ' ')
  named=$(render "$CHART/ci/namespaced-values.yaml" --set runDefaults.executor.runtimeClassName=gvisor | yq -r 'select(.kind == "ClusterRoleBinding") | .metadata.name')
  echo "$kinds"; echo "ClusterRoleBindings with runtimeClassName gvisor: ${named:-none}"
  grep -q 'RoleBinding/team-a' <<<"$kinds" && grep -q 'RoleBinding/team-b' <<<"$kinds" && ! grep -q 'Lease/' <<<"$kinds" &&
    [ "$(grep -o 'ClusterRoleBinding/[^ ]*' <<<"$kinds")" = ClusterRoleBinding/murphy-operator-runtimeclasses ] && [ -z "$named" ]
}

dashboard_configmap_embeds_dashboard() {
  render "$CHART/ci/monitoring-values.yaml" | yq -r 'select(.kind == "ConfigMap" and .metadata.labels.grafana_dashboard == "1") | .data["murphy-run.json"]' >"$WORK/dashboard.json"
  jq -e '.uid == "murphy-run" and (.panels | length) > 10' "$WORK/dashboard.json" && diff <(jq -S . "$WORK/dashboard.json") <(jq -S . "$CHART/dashboards/murphy-run.json")
}

reference_doc_fresh() {
  node -e 'import("./dist/src/api/reference-doc.js").then((m) => process.stdout.write(m.murphyRunReference()))' >"$WORK/reference.md" &&
    diff -u docs/reference.md "$WORK/reference.md" && echo "docs/reference.md is fresh"
}

chart_checks() {
  local f
  for f in $(values_files); do check "helm lint --strict $f" lint "$f"; done
  check "kubeconform schemas made for Kubernetes v$K8S_VERSION, the MurphyRun and monitoring CRDs" make_schemas
  for f in $(values_files); do check "helm template $f | kubeconform -strict" kubeconform_render "$f"; done
  check "a misspelt value fails (values.schema.json)" output_has "additional properties 'replica' not allowed" expect_fail render "" --set replica=3
  check "a wrong enum value fails" output_has "/rbac/scope" expect_fail render "" --set rbac.scope=namespace
  check "scope namespaced without watchNamespaces fails, naming the value" output_has "watchNamespaces: list the namespaces" expect_fail render "" --set rbac.scope=namespaced
  check "a RuntimeClass name that is no DNS name fails" output_has "/runDefaults/executor/runtimeClassName" expect_fail render "" --set runDefaults.executor.runtimeClassName=Not_A_Name
  check "two replicas without leader election fail" output_has "leaderElection.enabled=true" expect_fail render "" --set leaderElection.enabled=false
  check "the chart's CRDs are crds/ (make generate copies them)" diff -r crds "$CHART/crds"
  check "the chart's ClusterRole rules are operator/manifests/10-rbac.yaml's" rbac_matches_operator_manifests
  check "the Deployment follows the values (images, flags, scheduling, namespaces)" deployment_follows_values
  check "rbac.scope=namespaced binds per namespace, cluster-wide only the RuntimeClass reader" namespaced_rbac_is_per_namespace
  check "the Grafana ConfigMap carries dashboards/murphy-run.json" dashboard_configmap_embeds_dashboard
  check "docs/reference.md is generated from the current schema" reference_doc_fresh
}
