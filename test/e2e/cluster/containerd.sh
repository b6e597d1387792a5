# containerd with the CRI plugin, runc and the CNI bridge, for the kubelet. Its state, socket and
# CNI files are per cluster under $E2E_ROOT; its image store ($CONTAINERD_ROOT) persists so that an
# image is imported once, not on every run. No registry exists: the sandbox image is the locally
# built pause image and every pod uses imagePullPolicy Never or a tag already imported.

containerd_config() {
  cat >"$E2E_ROOT/containerd.toml" <<TOML
version = 2
root = "$CONTAINERD_ROOT"
state = "$E2E_ROOT/run/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # Without CAP_SYS_RESOURCE here, runc cannot lower a sandbox's oom_score_adj (every sandbox would
  # fail with "can't get final child's PID from pipe: EOF").
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$E2E_ROOT/cni/net.d"
TOML
  cat >"$E2E_ROOT/cni/net.d/10-bridge.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "murphy-e2e", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$E2E_ROOT/cni/state", "ranges": [[{"subnet": "$POD_CIDR"}]],
            "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}},
  {"type": "loopback"}]}
JSON
}

ctr_cluster() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io --connect-timeout 2s "$@"; }

start_containerd() {
  mkdir -p "$CONTAINERD_ROOT"
  containerd_config
  start_process containerd containerd --config "$E2E_ROOT/containerd.toml"
  wait_for 60 ctr_cluster version
}
