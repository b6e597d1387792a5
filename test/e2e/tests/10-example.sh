# examples/cluster-cpu.yaml on the real node, installed as the README says: `helm install` of
# charts/murphy (with the monitoring objects; the Prometheus Operator's CRDs stand in for a
# cluster's kube-prometheus-stack), then `kubectl apply` in a namespace labelled PodSecurity
# `restricted`. The run must reach Succeeded with every step trained once, report its progress
# in status and printer columns, serve /metrics through its Service, and leave nothing when deleted.
EXAMPLE=examples/cluster-cpu.yaml
EXAMPLE_RUN=$(yq -r .metadata.name "$EXAMPLE")
EXAMPLE_STEPS=$(yq -r .spec.training.maxSteps "$EXAMPLE")
# The namespace enforces PodSecurity `restricted`: a run pod that does not meet it is refused.
POD_SECURITY_MODE=enforce

install_chart() {
  k apply --server-side -f "$CACHE/tools/bin/monitoring-crds/" >/dev/null &&
  helm_cluster install murphy charts/murphy -n murphy-system --create-namespace \
    --set metrics.podMonitor.enabled=true --set metrics.serviceMonitor.enabled=true \
    --set metrics.prometheusRule.enabled=true --set grafana.dashboard.enabled=true --wait --timeout 5m
}

create_run_namespace() {
  k create namespace "$RUN_NAMESPACE" &&
  k label namespace "$RUN_NAMESPACE" "pod-security.kubernetes.io/$POD_SECURITY_MODE=restricted" \
    "pod-security.kubernetes.io/$POD_SECURITY_MODE-version=latest"
}

# Every phase the run passes through, as a watch sees them, one per line.
PHASE_LOG="$E2E_ROOT/example-phases"
apply_example() {
  k -n "$RUN_NAMESPACE" apply -f "$EXAMPLE" &&
  { k -n "$RUN_NAMESPACE" get murphyrun "$EXAMPLE_RUN" --watch -o 'jsonpath={.status.phase}{"\n"}' >"$PHASE_LOG" 2>/dev/null & }
}

# The phases seen, in order, only ever move forward: Pending, Initializing, Running, Succeeded.
phase_never_went_back() {
  pkill -f -- "get murphyrun $EXAMPLE_RUN --watch" || true
  local seen
  seen=$(grep -v '^$' "$PHASE_LOG" | uniq | paste -sd' ')
  echo "phases: $seen"
  grep -qE '^(Pending )?(Initializing )?(Running )?Succeeded$' <<<"$seen"
}

# status.step = maxSteps = status.totalSteps, and one pass rate per turn.
status_reports_progress() {
  local status turns
  status=$(k -n "$RUN_NAMESPACE" get murphyrun "$EXAMPLE_RUN" -o json | jq .status)
  turns=$(yq -r .spec.algorithm.turns "$EXAMPLE")
  echo "$status"
  jq -e --argjson n "$EXAMPLE_STEPS" --argjson turns "$turns" \
    '.step == $n and .totalSteps == $n and (.passRates | length) == $turns and (.passRateSummary | length) > 0' <<<"$status"
}

# `kubectl get murphyruns`: the printer columns with this run's values.
printer_columns_show() {
  local table
  table=$(k -n "$RUN_NAMESPACE" get murphyruns)
  echo "$table"
  head -1 <<<"$table" | grep -qE '^NAME +PHASE +STEP +TOTAL +PASS-RATE +AGE$' &&
  grep -qE "^$EXAMPLE_RUN +Succeeded +$EXAMPLE_STEPS +$EXAMPLE_STEPS +[0-9]" <<<"$table"
}

# The coordinator's /metrics through its Service's cluster IP (kube-proxy's rules, inside the
# cluster's network namespace), while the run trains: its step gauge and total steps.
coordinator_metrics_scraped() {
  local ip port metrics
  ip=$(k -n "$RUN_NAMESPACE" get service "$EXAMPLE_RUN-coordinator" -o jsonpath='{.spec.clusterIP}')
  port=$(k -n "$RUN_NAMESPACE" get service "$EXAMPLE_RUN-coordinator" -o jsonpath='{.spec.ports[?(@.name=="metrics")].port}')
  metrics=$(in_cluster curl -fsS --max-time 10 "http://$ip:$port/metrics") || return 1
  grep -E '^murphy_coordinator_(step|total_steps) ' <<<"$metrics" &&
  grep -qE "^murphy_coordinator_total_steps $EXAMPLE_STEPS\$" <<<"$metrics"
}

run_scraped_while_training() { wait_for 600 coordinator_metrics_scraped && coordinator_metrics_scraped; }

# The finished coordinator's container ends within a few seconds of its last log line (nothing —
# gRPC channels, the progress reporter, the metrics server — keeps the process alive).
COORDINATOR_EXIT_WITHIN_S=10
succeeded_coordinator_pod() {
  k -n "$RUN_NAMESPACE" get pods -l "murphy.dev/run=$EXAMPLE_RUN,app.kubernetes.io/component=coordinator" \
    --field-selector=status.phase=Succeeded -o jsonpath='{.items[*].metadata.name}'
}
coordinator_exits_promptly() {
  local pod logged ended
  # The run is Succeeded on the coordinator's report; the kubelet reports the pod's end a moment later.
  wait_for 60 eval '[ -n "$(succeeded_coordinator_pod)" ]' || {
    k -n "$RUN_NAMESPACE" get jobs,pods -l "murphy.dev/run=$EXAMPLE_RUN,app.kubernetes.io/component=coordinator" -o wide
    return 1
  }
  pod=$(succeeded_coordinator_pod); pod=${pod%% *}
  logged=$(k -n "$RUN_NAMESPACE" logs "$pod" --timestamps | grep 'finished at step' | tail -1 | cut -d' ' -f1)
  ended=$(k -n "$RUN_NAMESPACE" get pod "$pod" -o jsonpath='{.status.containerStatuses[0].state.terminated.finishedAt}')
  echo "last step logged at $logged, container ended at $ended"
  [ -n "$logged" ] && [ -n "$ended" ] &&
  [ $(($(date -d "$ended" +%s) - $(date -d "$logged" +%s))) -le "$COORDINATOR_EXIT_WITHIN_S" ]
}

delete_example() {
  k -n "$RUN_NAMESPACE" delete murphyrun "$EXAMPLE_RUN" --wait --timeout=120s &&
  wait_for 120 no_children "$EXAMPLE_RUN" || { run_children "$EXAMPLE_RUN"; return 1; }
}

example_test() {
  check "helm install charts/murphy as the README says (monitoring on), operator ready" install_chart
  check "a namespace labelled PodSecurity restricted ($POD_SECURITY_MODE)" create_run_namespace
  check "kubectl apply -f $EXAMPLE" apply_example
  check "the coordinator's /metrics answers through its Service while the run trains" run_scraped_while_training
  check "the run reaches Succeeded" wait_phase "$EXAMPLE_RUN" Succeeded 900
  check "the phase only moved forward (Pending, Initializing, Running, Succeeded)" phase_never_went_back
  check "the coordinator exits within ${COORDINATOR_EXIT_WITHIN_S} s of its last step" coordinator_exits_promptly
  check "status shows step = maxSteps = totalSteps and a pass rate per turn" status_reports_progress
  check "kubectl get murphyruns shows the printer columns" printer_columns_show
  check "the run's records: every step trained exactly once" steps_trained_once "$EXAMPLE_RUN" "$EXAMPLE_STEPS"
  check "no component has duplicate children" no_duplicate_children "$EXAMPLE_RUN"
  check "kubectl delete leaves no child of the run" delete_example
}
E2E_TESTS+=(example_test)
