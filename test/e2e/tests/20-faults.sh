# Faults injected into one run of examples/cluster-cpu.yaml on the real node, one after the other,
# each once the run has trained a step since the last: the coordinator's pod deleted, the trainer's
# pod deleted, the coordinator's pod evicted (the Eviction API, as a node drain does), an executor
# pod deleted mid-step, the operator restarted, the run suspended and resumed, and last a real
# failure: the trainer's worker killed. After each the run must train on; at the end it must reach
# Succeeded with every step trained exactly once (its records on the volume), one restart counted
# (the crash; a stopped pod is not a failure) and of the trainer alone, no component with duplicate
# children, and every sample accounted for (dropped ones counted, never lost silently).
FAULT_RUN=faults
# Enough steps that every fault lands while the run trains (a step takes a few seconds here).
FAULT_STEPS=18

start_fault_run() {
  apply_run "$EXAMPLE" "$FAULT_RUN" "| (.spec.training.maxSteps = $FAULT_STEPS)" >/dev/null &&
  wait_step "$FAULT_RUN" 1 600
}

# after_fault FAULT: injects FAULT into the training run, then waits until the run trains a step
# more than it had once the fault was in (a resumed run, a replaced pod has trained again).
after_fault() {
  local fault=$1 step
  step=$(run_field "$FAULT_RUN" .status.step)
  [ "${step:-0}" -lt $((FAULT_STEPS - 1)) ] || { echo "the run is at step $step of $FAULT_STEPS: too late for $fault"; return 1; }
  "$fault" "$FAULT_RUN" || return 1
  step=$(run_field "$FAULT_RUN" .status.step)
  wait_step "$FAULT_RUN" $((step + 1)) 600
}

# Every step's record counts its dropped samples (a number per reason, never missing).
samples_accounted() {
  jq -s -e 'all(.[]; (.dropped | type) == "object" and all(.dropped[]; type == "number"))' "$(run_records "$1")/metrics.jsonl" ||
    { jq -c '{step, dropped, errors}' "$(run_records "$1")/metrics.jsonl"; return 1; }
}

# One restart counted, the trainer's: its Job is attempt 1, the coordinator's Job still attempt 0.
one_restart_of_the_trainer() {
  local count attempts
  count=$(run_field "$1" .status.restartCount)
  attempts=$(k -n "$RUN_NAMESPACE" get jobs -l "murphy.dev/run=$1" -o jsonpath='{range .items[*]}{.metadata.labels.app\.kubernetes\.io/component}={.metadata.annotations.murphy\.dev/attempt} {end}')
  echo "restartCount ${count:-0}; Job attempts: $attempts"
  [ "${count:-0}" -eq 1 ] && grep -q "trainer=1" <<<"$attempts" && grep -q "coordinator=0" <<<"$attempts"
}

# running_pod RUN COMPONENT: the name of a running pod of the component, or a failure that says so.
running_pod() {
  local pod
  pod=$(run_pod "$1" "$2") && [ -n "$pod" ] || { echo "no running $2 pod of run $1" >&2; return 1; }
  echo "$pod"
}

delete_component_pod() {
  local pod
  pod=$(running_pod "$1" "$2") || return 1
  echo "deleting $pod"
  k -n "$RUN_NAMESPACE" delete pod "$pod" --wait=false
}
delete_coordinator() { delete_component_pod "$1" coordinator; }
delete_trainer() { delete_component_pod "$1" trainer; }
delete_executor() { delete_component_pod "$1" executor; }

# An eviction through the API, as `kubectl drain` asks for one: the pod gets DisruptionTarget.
evict_coordinator() {
  local pod
  pod=$(running_pod "$1" coordinator) || return 1
  echo "evicting $pod"
  k create --raw "/api/v1/namespaces/$RUN_NAMESPACE/pods/$pod/eviction" -f - <<EOF
{"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "$pod", "namespace": "$RUN_NAMESPACE"}}
EOF
}

# The trainer's worker process dies (as from a bug or the kernel's OOM killer): torchrun fails, the
# trainer Job fails, and the operator restarts the trainer alone from its last checkpoint.
crash_trainer() {
  local pod
  pod=$(running_pod "$1" trainer) || return 1
  echo "killing the trainer worker in $pod"
  k -n "$RUN_NAMESPACE" exec "$pod" -- python -c '
import os, signal
for pid in filter(str.isdigit, os.listdir("/proc")):
    argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    if b"murphy_trainer" in argv and b"murphy_trainer.launch" not in argv:
        os.kill(int(pid), signal.SIGKILL)
        print("killed", pid)'
}

restart_operator() {
  k -n murphy-system rollout restart deployment/murphy-operator &&
  k -n murphy-system rollout status deployment/murphy-operator --timeout=180s
}

suspend_and_resume() {
  local run=$1
  k -n "$RUN_NAMESPACE" patch murphyrun "$run" --type merge -p '{"spec":{"suspend":true}}' &&
  wait_phase "$run" Suspended 300 &&
  wait_for 180 no_pods_left "$run" &&
  k -n "$RUN_NAMESPACE" patch murphyrun "$run" --type merge -p '{"spec":{"suspend":false}}'
}
no_pods_left() { [ -z "$(k -n "$RUN_NAMESPACE" get pods -l "murphy.dev/run=$1" -o name)" ]; }

delete_fault_run() { k -n "$RUN_NAMESPACE" delete murphyrun "$FAULT_RUN" --wait --timeout=120s >/dev/null 2>&1; }

faults_test() {
  check "a run of $FAULT_STEPS steps starts training" start_fault_run
  local fault
  for fault in delete_coordinator delete_trainer evict_coordinator delete_executor restart_operator suspend_and_resume crash_trainer; do
    check "fault $fault: the run trains on" after_fault "$fault"
  done
  check "after the faults the run reaches Succeeded" wait_phase "$FAULT_RUN" Succeeded 900
  check "every step trained exactly once across the faults" steps_trained_once "$FAULT_RUN" "$FAULT_STEPS"
  check "one restart counted, of the trainer alone: the stops were no failures" one_restart_of_the_trainer "$FAULT_RUN"
  check "no component has duplicate children" no_duplicate_children "$FAULT_RUN"
  check "every sample accounted for (dropped ones counted)" samples_accounted "$FAULT_RUN"
  delete_fault_run
}
E2E_TESTS+=(faults_test)
