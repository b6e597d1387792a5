# What the end-to-end tests ask of a MurphyRun on the cluster: its status, its pods, its records on
# the volume. RUN_NAMESPACE is a namespace labelled PodSecurity `enforce: restricted`.
RUN_NAMESPACE=murphy-cpu


k() { kubectl_cluster "$@"; }
helm_cluster() { in_cluster "$CACHE/tools/bin/helm" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# run_field RUN JSONPATH: one field of a run.
run_field() { k -n "$RUN_NAMESPACE" get murphyrun "$1" -o "jsonpath={$2}" 2>/dev/null; }

run_phase_is() { [ "$(run_field "$1" .status.phase)" = "$2" ]; }

# wait_phase RUN PHASE SECONDS: waits for the phase; on timeout shows the run and its pods, and
# fails at once when the run Failed instead.
wait_phase() {
  local run=$1 phase=$2 deadline=$((SECONDS + $3)) now
  while [ $SECONDS -lt $deadline ]; do
    now=$(run_field "$run" .status.phase)
    [ "$now" = "$phase" ] && return 0
    [ "$now" = Failed ] && [ "$phase" != Failed ] && break
    sleep 2
  done
  echo "run $run is ${now:-without a phase}, not $phase"
  describe_run "$run"
  return 1
}

# wait_step RUN N SECONDS: waits until the run's status reports step N or later.
wait_step() {
  local run=$1 step=$2 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(run_field "$run" .status.step)" -ge "$step" ] 2>/dev/null && return 0
    run_phase_is "$run" Failed && break
    sleep 1
  done
  echo "run $run never reached step $step"; describe_run "$run"; return 1
}

describe_run() {
  k -n "$RUN_NAMESPACE" get murphyrun "$1" -o yaml | sed -n '/^status:/,$p'
  k -n "$RUN_NAMESPACE" get pods,jobs -l "murphy.dev/run=$1" -o wide
  k -n "$RUN_NAMESPACE" get events --sort-by=.lastTimestamp | tail -20
  local pod
  for pod in $(k -n "$RUN_NAMESPACE" get pods -l "murphy.dev/run=$1" -o name); do
    echo "--- $pod"; k -n "$RUN_NAMESPACE" logs "$pod" --all-containers --tail=15
  done
}

# run_pod RUN COMPONENT: the name of a running pod of the component.
run_pod() {
  k -n "$RUN_NAMESPACE" get pods -l "murphy.dev/run=$1,app.kubernetes.io/component=$2" \
    --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}'
}

# The coordinator's state directory on the run's volume (host side of the hostPath volume).
run_records() { echo "$(volume_folder "$RUN_NAMESPACE" "$1-checkpoints")/$1/coordinator"; }

apply_run() {
  local file=$1 name=$2; shift 2
  yq -y "(.metadata.name = \"$name\") $*" "$file" | k -n "$RUN_NAMESPACE" apply -f -
}

# steps_trained_once RUN STEPS: the coordinator's records show steps 1..STEPS each trained exactly
# once: state.json ends at STEPS with the trainer's policy version STEPS (one version per trained
# step: a step trained twice would put it ahead), and the last metrics.jsonl record of each step n
# left the policy at version n.
steps_trained_once() {
  local records steps=$2
  records=$(run_records "$1")
  jq -e --argjson n "$steps" '.step == $n and .policyVersion == $n' "$records/state.json" || { cat "$records/state.json"; return 1; }
  jq -s -e --argjson n "$steps" '
    (group_by(.step) | map(last)) as $last
    | ($last | map(.step)) == [range(1; $n + 1)]
      and all($last[]; .policyVersion == .step)' "$records/metrics.jsonl" ||
    { jq -c '{step, policyVersion, samples, dropped}' "$records/metrics.jsonl"; return 1; }
}

# run_children RUN: the run's children still in the cluster (every kind the operator creates).
run_children() {
  k -n "$RUN_NAMESPACE" get deployments,jobs,pods,services,configmaps,persistentvolumeclaims,serviceaccounts,roles,rolebindings,networkpolicies \
    -l "murphy.dev/run=$1" -o name 2>/dev/null
}
no_children() { [ -z "$(run_children "$1")" ]; }

# No component has more pods than it should: one trainer and one coordinator pod, the replicas of
# the Deployments, and one Job each.
no_duplicate_children() {
  local run=$1 jobs
  jobs=$(k -n "$RUN_NAMESPACE" get jobs -l "murphy.dev/run=$run" -o name | sort)
  echo "$jobs"
  [ "$(echo "$jobs" | grep -c /)" -eq "$(echo "$jobs" | sort -u | grep -c /)" ] || return 1
  local component count
  for component in trainer coordinator; do
    count=$(k -n "$RUN_NAMESPACE" get jobs -l "murphy.dev/run=$run,app.kubernetes.io/component=$component" -o name | grep -c /)
    [ "$count" -le 1 ] || { echo "$count $component Jobs"; return 1; }
  done
  for component in inference executor; do
    count=$(k -n "$RUN_NAMESPACE" get deployments -l "murphy.dev/run=$run,app.kubernetes.io/component=$component" -o name | grep -c /)
    [ "$count" -eq 1 ] || { echo "$count $component Deployments"; return 1; }
  done
}
