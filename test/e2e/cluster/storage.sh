# Storage for the runs' claims. The node has no storage provisioner, so this stands in for one as
# common single-node ones do (local-path, hostPath): every Pending claim without a volume gets a
# PersistentVolume on a fresh host folder under $VOLUMES, bound to it by claimRef. Like theirs, the
# folder is world-writable (a hostPath volume cannot be chowned through fsGroup).

provision_pending_claims() {
  local namespace name size folder
  while read -r namespace name size; do
    [ -n "$name" ] || continue
    folder="$VOLUMES/$namespace-$name"
    mkdir -p "$folder" && chmod 0777 "$folder"
    kubectl_cluster apply -f - >/dev/null <<YAML || true
apiVersion: v1
kind: PersistentVolume
metadata: {name: "e2e-$namespace-$name", labels: {murphy-e2e/volume: "true"}}
spec:
  capacity: {storage: "$size"}
  accessModes: [ReadWriteOnce, ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  claimRef: {namespace: "$namespace", name: "$name"}
  hostPath: {path: "$folder", type: Directory}
YAML
  done < <(kubectl_cluster get pvc -A -o jsonpath='{range .items[?(@.status.phase=="Pending")]}{.metadata.namespace} {.metadata.name} {.spec.resources.requests.storage}{"\n"}{end}' 2>/dev/null)
}

# The provisioner: a loop in the background (a watch would need a client; a claim waits at most 1 s).
start_provisioner() {
  ( while true; do provision_pending_claims; sleep 1; done ) >"$LOGS/provisioner.log" 2>&1 &
  echo $! >"$E2E_ROOT/run/provisioner.pid"
}

# volume_folder NAMESPACE CLAIM: the host folder of a claim's volume (the run's records live there).
volume_folder() { echo "$VOLUMES/$1-$2"; }
