#!/usr/bin/env bash
# Prototype of the simulated GPU cluster (not a test suite yet; not run by make test):
# etcd, kube-apiserver, kube-controller-manager and kube-scheduler (scripts/setup.d/40 and 50), kwok
# faking 4 GPU nodes and 2 CPU nodes, and Kueue with a 32-GPU ClusterQueue, all on loopback with free
# ports in a temp folder. It checks, and prints how long each part took:
#   1. a Job asking for GPUs (with the GPU taint's toleration) is bound to GPU nodes and Running,
#      a pod without it to a CPU node;
#   2. with Kueue, a suspended Job labelled kueue.x-k8s.io/queue-name is admitted (unsuspended),
#      a second one over the queue's quota stays suspended, its Workload saying why, and starts
#      when the first ends;
#   3. a whole run as one Workload (trainer, inference, executors, coordinator podSets) is admitted
#      all at once with GPU podSets on the gpu flavor and CPU ones on the cpu flavor; a second waits
#      with the reason and is admitted when the first is deleted;
#   4. with MurphyRun registered as a Kueue external framework, a Job the MurphyRun controls is left
#      alone by Kueue (not suspended, no Workload of its own) once the run's own Workload is admitted.
# Runs as root (Kueue is given its own /etc in a private mount namespace, see below).
# Needs: bash scripts/lib/setup-cluster-sim.sh (kwok, kueue). KEEP=1 leaves the cluster running.
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
K8S="${MURPHY_K8S_BIN:-$CACHE/k8s/current}"
TOOLS="$CACHE/tools/bin"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/murphy-cluster-sim.XXXXXX")"
PIDS=()
T0=$(date +%s.%N)

log() { printf '[%6.1fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*"; }
fail() { echo "cluster-sim: FAIL: $*" >&2; for f in "$DIR"/*.log; do echo "--- $f"; tail -15 "$f"; done >&2; exit 1; }
cleanup() {
  local pid i
  if [ "${KEEP:-0}" = 1 ]; then echo "left running: KUBECONFIG=$DIR/admin.kubeconfig (pids ${PIDS[*]})"; return; fi
  # Last started first: the API server stops cleanly only while etcd still runs.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$DIR"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { local name=$1; shift; "$@" >"$DIR/$name.log" 2>&1 & PIDS+=($!); }
# wait_for WHAT SECONDS COMMAND...: polls COMMAND until it succeeds or the time is up.
wait_for() {
  local what=$1 limit=$2 deadline; shift 2
  deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${limit}s waiting for $what"
    sleep 0.2
  done
}
k() { "$K8S/kubectl" --kubeconfig="$DIR/admin.kubeconfig" --request-timeout=20s "$@"; }

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [ -x "$K8S/$b" ] || fail "missing $K8S/$b: run scripts/setup.d/40-kubernetes.sh and 50-kubernetes-node.sh"
done
for b in kwok kueue; do [ -x "$TOOLS/$b" ] || fail "missing $TOOLS/$b: run scripts/lib/setup-cluster-sim.sh"; done

# --- control plane (the flags of test/operator/harness/control-plane.ts) ---
ETCD="http://127.0.0.1:$(free_port)"; PEER="http://127.0.0.1:$(free_port)"
start etcd "$K8S/etcd" --name=sim --data-dir="$DIR/etcd" --listen-client-urls="$ETCD" --advertise-client-urls="$ETCD" \
  --listen-peer-urls="$PEER" --initial-advertise-peer-urls="$PEER" --initial-cluster="sim=$PEER" --unsafe-no-fsync --log-level=warn
wait_for etcd 30 curl -fs "$ETCD/health"

TOKEN="$(openssl rand -hex 24)"
echo "$TOKEN,admin,admin-uid,system:masters" >"$DIR/tokens.csv"
openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null
openssl rsa -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub" 2>/dev/null
API_PORT=$(free_port); SERVER="https://127.0.0.1:$API_PORT"
mkdir -p "$DIR/certs"
start kube-apiserver "$K8S/kube-apiserver" --etcd-servers="$ETCD" --secure-port="$API_PORT" --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 --cert-dir="$DIR/certs" --token-auth-file="$DIR/tokens.csv" --authorization-mode=RBAC \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$DIR/sa.pub" \
  --service-account-signing-key-file="$DIR/sa.key" --service-cluster-ip-range=10.0.0.0/24 --profiling=false --allow-privileged=true
cat >"$DIR/admin.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "$SERVER", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: "$TOKEN"}}]
contexts: [{name: sim, context: {cluster: sim, user: admin}}]
current-context: sim
KC
wait_for kube-apiserver 90 k get --raw /readyz
log "etcd + kube-apiserver ready"
# CRDs before the controller manager: its garbage collector sees only the resources it discovered
# at start until its next discovery (30 s), so a Workload owned by a deleted Job would hold its
# quota for up to that long.
k create -f "$TOOLS/kueue-manifests/crds" -f crds/murphy.dev_murphyruns.yaml >/dev/null
k wait --for=condition=Established crd --all --timeout=60s >/dev/null
log "Kueue and MurphyRun CRDs installed"

start kube-controller-manager "$K8S/kube-controller-manager" --kubeconfig="$DIR/admin.kubeconfig" \
  --controllers=garbage-collector-controller,deployment-controller,replicaset-controller,job-controller,serviceaccount-controller,namespace-controller,persistentvolumeclaim-protection-controller,node-lifecycle-controller \
  --service-account-private-key-file="$DIR/sa.key" --leader-elect=false --use-service-account-credentials=false \
  --secure-port="$(free_port)" --bind-address=127.0.0.1 --cert-dir="$DIR/kcm-certs"
start kube-scheduler "$K8S/kube-scheduler" --kubeconfig="$DIR/admin.kubeconfig" \
  --authentication-kubeconfig="$DIR/admin.kubeconfig" --authorization-kubeconfig="$DIR/admin.kubeconfig" \
  --leader-elect=false --secure-port="$(free_port)" --bind-address=127.0.0.1 --cert-dir="$DIR/scheduler-certs"
wait_for "the default ServiceAccount (kube-controller-manager)" 60 k -n default get serviceaccount default
log "kube-controller-manager + kube-scheduler started"

# --- fake nodes: kwok manages only the Nodes annotated kwok.x-k8s.io/node=fake ---
stages=()
for s in node-initialize node-heartbeat-with-lease pod-ready pod-delete; do stages+=("--config=$TOOLS/kwok-stages/$s.yaml"); done
start kwok "$TOOLS/kwok" --kubeconfig="$DIR/admin.kubeconfig" --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds=40 --cidr=10.1.0.0/16 --node-ip=127.0.0.2 "${stages[@]}"

node() { # node NAME POOL CPU MEMORY GPUS
  local name=$1 pool=$2 cpu=$3 mem=$4 gpus=$5 taints="" gpu=""
  if [ "$gpus" -gt 0 ]; then
    gpu="nvidia.com/gpu: \"$gpus\""
    taints="taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]"
  fi
  cat <<N
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations: {kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/hostname: $name, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok, murphy.dev/pool: $pool}
spec:
  $taints
status:
  allocatable: {cpu: "$cpu", memory: $mem, pods: "110", $gpu}
  capacity: {cpu: "$cpu", memory: $mem, pods: "110", $gpu}
N
}
{
  for i in 0 1 2 3; do node "gpu-$i" gpu 64 1Ti 8; done
  for i in 0 1; do node "cpu-$i" cpu 32 128Gi 0; done
} >"$DIR/nodes.yaml"
k apply -f "$DIR/nodes.yaml" >/dev/null
ready_nodes() { [ "$(k get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)" -eq 6 ]; }
wait_for "6 Ready kwok nodes" 60 ready_nodes
log "kwok: 6 nodes Ready ($(k get nodes -o jsonpath='{range .items[*]}{.metadata.name}={.status.allocatable.nvidia\.com/gpu} {end}'))"

# --- 1. GPU pods are placed on GPU nodes and Running ---
gpu_job() { # gpu_job NAME PARALLELISM GPUS-PER-POD [QUEUE]
  local labels="{}"
  [ -n "${4:-}" ] && labels="{kueue.x-k8s.io/queue-name: $4}"
  cat <<J
apiVersion: batch/v1
kind: Job
metadata: {name: $1, namespace: default, labels: $labels}
spec:
  parallelism: $2
  completions: $2
  completionMode: Indexed
  suspend: ${5:-false}
  template:
    spec:
      restartPolicy: Never
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
      - name: trainer
        image: trainer:fake
        resources:
          requests: {cpu: "8", memory: 64Gi, nvidia.com/gpu: "$3"}
          limits: {nvidia.com/gpu: "$3"}
J
}
gpu_job place 3 8 | k apply -f - >/dev/null
running() { # running JOB COUNT
  [ "$(k get pods -l "job-name=$1" -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c Running)" -eq "$2" ]
}
wait_for "3 Running pods of Job place" 60 running place 3
placement="$(k get pods -l job-name=place -o jsonpath='{range .items[*]}{.spec.nodeName} {end}')"
for n in $placement; do case $n in gpu-*) ;; *) fail "a GPU pod was bound to $n";; esac; done
[ "$(echo "$placement" | tr ' ' '\n' | grep -c . )" -eq "$(echo "$placement" | tr ' ' '\n' | grep . | sort -u | wc -l)" ] \
  || fail "two 8-GPU pods share a node: $placement"
log "Job place: 3 pods x 8 GPUs Running on $placement"
k run cpu-pod --image=executor:fake --restart=Never --overrides='{"spec":{"containers":[{"name":"cpu-pod","image":"executor:fake","resources":{"requests":{"cpu":"4"}}}]}}' >/dev/null
wait_for "cpu-pod Running" 30 sh -c "[ \"\$($K8S/kubectl --kubeconfig=$DIR/admin.kubeconfig get pod cpu-pod -o jsonpath='{.status.phase}')\" = Running ]"
log "cpu-pod (no toleration) Running on $(k get pod cpu-pod -o jsonpath='{.spec.nodeName}')"
k delete job place --cascade=foreground --wait=true >/dev/null
k delete pod cpu-pod --wait=true >/dev/null

# --- 2. Kueue ---
k create namespace kueue-system >/dev/null

# The API server reaches Kueue's webhooks by URL on loopback (no Service routing without kube-proxy),
# with a serving certificate for 127.0.0.1 signed by a CA of our own (Kueue's internal cert
# management writes a certificate for the Service's DNS name, which a loopback URL cannot match).
mkdir -p "$DIR/kueue-certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=sim-ca -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=kueue-webhook -keyout "$DIR/kueue-certs/tls.key" -out "$DIR/kueue.csr" 2>/dev/null
openssl x509 -req -in "$DIR/kueue.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 1 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth') -out "$DIR/kueue-certs/tls.crt" 2>/dev/null
WEBHOOK_PORT=$(free_port)
cat >"$DIR/kueue-config.yaml" <<C
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: kueue-system
health: {healthProbeBindAddress: "127.0.0.1:$(free_port)"}
metrics: {bindAddress: "127.0.0.1:$(free_port)"}
webhook: {port: $WEBHOOK_PORT, host: 127.0.0.1, certDir: "$DIR/kueue-certs"}
leaderElection: {leaderElect: false}
internalCertManagement: {enable: false}
# MurphyRun as an external framework: Kueue leaves alone the Jobs, Deployments and pods a MurphyRun
# controls (its operator owns the run's Workload), even where it manages jobs without a queue name.
manageJobsWithoutQueueName: true
managedJobsNamespaceSelector:
  matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, kueue-system]}]
integrations:
  frameworks: [batch/job, pod, deployment]
  externalFrameworks: [MurphyRun.v1alpha1.murphy.dev]
C
python3 test/cluster-sim/kueue-webhooks.py "$TOOLS/kueue-manifests/webhooks.yaml" "https://127.0.0.1:$WEBHOOK_PORT" "$DIR/ca.crt" >"$DIR/kueue-webhooks.yaml"
# Without its internal cert management, kueue reads its metrics server's certificate from the fixed
# path /etc/kueue/metrics/certs: kueue gets an /etc of its own (a private mount namespace, /etc
# overlaid with that folder; root only) so the machine's /etc is never written. Any valid pair does.
mkdir -p "$DIR/etc-kueue/kueue/metrics/certs"
cp "$DIR/kueue-certs/tls.crt" "$DIR/kueue-certs/tls.key" "$DIR/etc-kueue/kueue/metrics/certs/"
start kueue unshare --mount --propagation private sh -c 'mount -t overlay overlay -o "lowerdir=$0:/etc" /etc && exec "$@"' \
  "$DIR/etc-kueue" "$TOOLS/kueue" --config="$DIR/kueue-config.yaml" --feature-gates=VisibilityOnDemand=false --kubeconfig="$DIR/admin.kubeconfig"
wait_for "Kueue's webhook server" 60 curl -sk -o /dev/null "https://127.0.0.1:$WEBHOOK_PORT/"
k apply -f "$DIR/kueue-webhooks.yaml" >/dev/null
log "kueue started, webhooks registered"

# Two flavors: GPU podSets (which tolerate the GPU taint) get "gpu", CPU-only ones skip it (its
# nodeTaints) and get "cpu"; each flavor's nodeLabels become the admitted pods' nodeSelector.
cat <<Q | k apply -f - >/dev/null
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: gpu}
spec:
  nodeLabels: {murphy.dev/pool: gpu}
  nodeTaints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: cpu}
spec:
  nodeLabels: {murphy.dev/pool: cpu}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: gpus}
spec:
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: [cpu, memory, nvidia.com/gpu]
    flavors:
    - name: gpu
      resources:
      - {name: cpu, nominalQuota: "256"}
      - {name: memory, nominalQuota: 4Ti}
      - {name: nvidia.com/gpu, nominalQuota: "32"}
    - name: cpu
      resources:
      - {name: cpu, nominalQuota: "64"}
      - {name: memory, nominalQuota: 256Gi}
      - {name: nvidia.com/gpu, nominalQuota: "0"}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: team, namespace: default}
spec: {clusterQueue: gpus}
Q
cq_active() { [ "$(k get clusterqueue gpus -o jsonpath='{.status.conditions[?(@.type=="Active")].status}')" = True ]; }
wait_for "ClusterQueue gpus Active" 60 cq_active
log "ResourceFlavors gpu and cpu, ClusterQueue gpus (32 GPUs), LocalQueue default/team ready"

gpu_job first 3 8 team true | k apply -f - >/dev/null
unsuspended() { [ "$(k get job "$1" -o jsonpath='{.spec.suspend}')" = false ]; }
wait_for "Kueue to admit Job first" 60 unsuspended first
wait_for "3 Running pods of Job first" 60 running first 3
log "Job first (24 GPUs) admitted by Kueue and Running on $(k get pods -l job-name=first -o jsonpath='{range .items[*]}{.spec.nodeName} {end}')"

gpu_job second 2 8 team true | k apply -f - >/dev/null
pending_reason() {
  k get workloads -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="second")]}{.status.conditions[?(@.type=="QuotaReserved")].message}{end}' | grep -q .
}
wait_for "Job second's Workload to say why it waits" 30 pending_reason
[ "$(k get job second -o jsonpath='{.spec.suspend}')" = true ] || fail "Job second (16 GPUs over a 32-GPU quota holding 24) is not suspended"
[ "$(k get pods -l job-name=second -o name | wc -l)" -eq 0 ] || fail "Job second has pods"
log "Job second (16 GPUs) stays suspended: $(k get workloads -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="second")]}{.status.conditions[?(@.type=="QuotaReserved")].reason}: {.status.conditions[?(@.type=="QuotaReserved")].message}{end}')"

# The first Job ends (its pods Succeed, as kwok's pod-complete stage would do) and the second starts.
for p in $(k get pods -l job-name=first -o name); do
  k patch "$p" --subresource=status --type=merge -p '{"status":{"phase":"Succeeded","conditions":[{"type":"Ready","status":"False"}]}}' >/dev/null
done
wait_for "Kueue to admit Job second after first ended" 90 unsuspended second
wait_for "2 Running pods of Job second" 60 running second 2
log "Job first Succeeded; Job second admitted and Running on $(k get pods -l job-name=second -o jsonpath='{range .items[*]}{.spec.nodeName} {end}')"
k delete job first --cascade=foreground --wait=true >/dev/null
log "Job first (Succeeded pods) deleted, foreground"
k delete job second --cascade=foreground --wait=true >/dev/null
log "Job second (Running pods) deleted, foreground"

# --- 3. A whole run as one Workload (the operator would own it and create the run's pods only once
# it is admitted): trainer 2 x 8 GPUs, inference 4 x 2 GPUs, coordinator and executors on CPU. ---
podset() { # podset NAME COUNT CPU MEMORY GPUS: one podSet; GPU ones tolerate the GPU taint
  local tolerations="" gpu=""
  if [ "$5" -gt 0 ]; then
    tolerations='tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]'
    gpu=", nvidia.com/gpu: \"$5\""
  fi
  cat <<P
  - name: $1
    count: $2
    template:
      spec:
        $tolerations
        containers: [{name: $1, image: $1:fake, resources: {requests: {cpu: "$3", memory: $4$gpu}}}]
P
}
run_workload() { # run_workload NAME
  printf 'apiVersion: kueue.x-k8s.io/v1beta2\nkind: Workload\nmetadata: {name: %s, namespace: default}\n' "$1"
  printf 'spec:\n  queueName: team\n  podSets:\n'
  podset trainer 2 32 256Gi 8
  podset inference 4 8 64Gi 2
  podset executors 2 16 32Gi 0
  podset coordinator 1 1 2Gi 0
}
admitted() { [ "$(k get workload "$1" -o jsonpath='{.status.conditions[?(@.type=="Admitted")].status}')" = True ]; }
run_workload run-a | k apply -f - >/dev/null
wait_for "Workload run-a admitted" 60 admitted run-a
log "Workload run-a (24 GPUs) admitted: $(k get workload run-a -o jsonpath='{range .status.admission.podSetAssignments[*]}{.name}:{.count}x{.flavors.cpu} {end}')"
for ps in trainer inference; do
  [ "$(k get workload run-a -o jsonpath="{.status.admission.podSetAssignments[?(@.name==\"$ps\")].flavors.cpu}")" = gpu ] || fail "podSet $ps not given flavor gpu"
done
for ps in executors coordinator; do
  [ "$(k get workload run-a -o jsonpath="{.status.admission.podSetAssignments[?(@.name==\"$ps\")].flavors.cpu}")" = cpu ] || fail "podSet $ps not given flavor cpu"
done
run_workload run-b | k apply -f - >/dev/null
why() { k get workload "$1" -o jsonpath='{.status.conditions[?(@.type=="QuotaReserved")].message}' | grep -q .; }
wait_for "Workload run-b to say why it waits" 30 why run-b
admitted run-b && fail "run-b admitted over quota"
log "Workload run-b waits: $(k get workload run-b -o jsonpath='{.status.conditions[?(@.type=="QuotaReserved")].reason}: {.status.conditions[?(@.type=="QuotaReserved")].message}')"
k delete workload run-a >/dev/null
wait_for "Workload run-b admitted once run-a is gone" 60 admitted run-b
log "run-a deleted; Workload run-b admitted"
k delete workload run-b >/dev/null

# --- 4. The operator's way: a MurphyRun owns its Workload; once admitted, the run's Jobs (owned by
# the MurphyRun, no queue label) are left to the operator: not suspended, no Workload of their own. ---
cat <<R | k apply -f - >/dev/null
apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: run-c, namespace: default}
spec: {model: {name: murphy-tiny, source: "builtin:tiny"}, dataset: {source: "builtin:mini"}}
R
RUN_UID="$(k get murphyrun run-c -o jsonpath='{.metadata.uid}')"
OWNER="ownerReferences: [{apiVersion: murphy.dev/v1alpha1, kind: MurphyRun, name: run-c, uid: $RUN_UID, controller: true, blockOwnerDeletion: true}]"
run_workload run-c | sed "s|^metadata: {name: run-c, namespace: default}|metadata: {name: run-c, namespace: default, $OWNER}|" | k apply -f - >/dev/null
wait_for "Workload run-c (owned by MurphyRun run-c) admitted" 60 admitted run-c
gpu_job run-c-trainer 2 8 | sed "s|^metadata: {name: run-c-trainer, namespace: default, labels: {}}|metadata: {name: run-c-trainer, namespace: default, $OWNER}|" \
  | k apply -f - >/dev/null
wait_for "2 Running pods of Job run-c-trainer" 60 running run-c-trainer 2
[ "$(k get job run-c-trainer -o jsonpath='{.spec.suspend}')" = false ] || fail "Kueue suspended the MurphyRun's Job"
[ -z "$(k get workloads -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="run-c-trainer")]}{.metadata.name}{end}')" ] \
  || fail "Kueue made a Workload for the MurphyRun's Job"
k create job loose --image=x:fake >/dev/null
suspended_loose() { [ "$(k get job loose -o jsonpath='{.spec.suspend}')" = true ]; }
wait_for "a Job without owner or queue name suspended (manageJobsWithoutQueueName)" 30 suspended_loose
log "Workload run-c admitted; its MurphyRun's Job Running untouched by Kueue; a loose Job is suspended by Kueue"
log "PASS"
