# Tear-down, also after a failure or Ctrl-C: pods first (the kubelet removes their network
# namespaces through CNI), then the components in reverse order, then whatever a killed component
# could not clean up itself: containerd's tasks and shims, mounts, pod network namespaces, the
# cluster's network namespaces, the kubelet's cgroups and the host folders the runtime hard-wires.

delete_pods() {
  process_running kube-apiserver && process_running kubelet || return 0
  # No controller may replace what is deleted: stop them first.
  stop_process kube-controller-manager
  stop_process kube-scheduler
  kubectl_cluster delete pods --all -A --grace-period=0 --force --wait=false >/dev/null 2>&1
  wait_for 60 sandboxes_gone
}

sandboxes_gone() { [ -z "$(ctr_cluster tasks ls -q 2>/dev/null)" ]; }

remove_containers() {
  ctr_cluster version >/dev/null 2>&1 || return 0
  local task container
  for task in $(ctr_cluster tasks ls -q 2>/dev/null); do ctr_cluster tasks kill -s KILL "$task" >/dev/null 2>&1; done
  for task in $(ctr_cluster tasks ls -q 2>/dev/null); do ctr_cluster tasks delete -f "$task" >/dev/null 2>&1; done
  # Pod sandboxes and containers are records in the persistent store: drop them (not the images).
  for container in $(ctr_cluster containers ls -q 2>/dev/null); do ctr_cluster containers delete "$container" >/dev/null 2>&1; done
}

# Shims outlive containerd (they are their own session): stop those of this cluster's socket.
stop_shims() {
  local pid
  for pid in $(pgrep -f -- "-address $CONTAINERD_SOCK"); do kill -KILL "$pid" 2>/dev/null; done
}

unmount_all() {
  local mount
  for mount in $(cluster_mounts | sort -r); do umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null; done
}

remove_pod_netns() {
  local name
  for name in $(comm -13 "$E2E_ROOT/host-before/netns" <(host_netns) | grep '^cni-'); do
    umount "/run/netns/$name" 2>/dev/null; rm -f "/run/netns/$name"
  done
}

remove_cgroups() {
  local top
  for top in $(find /sys/fs/cgroup -maxdepth 3 -type d -name kubepods 2>/dev/null); do
    find "$top" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
}

# The host folders containerd, CNI and the kubelet hard-wire, when the cluster created them.
remove_created_dirs() {
  local state="$E2E_ROOT/host-before" dir
  if [ ! -e "$state/run-netns-mounted" ] && grep -qs ' /run/netns ' /proc/mounts && [ -z "$(host_netns)" ]; then
    umount /run/netns
  fi
  for dir in /run/netns /run/containerd /var/lib/cni /var/log/containers; do
    grep -qx "$dir" "$state/dirs" || rm -rf "$dir"
  done
}

teardown_cluster() {
  [ -d "$E2E_ROOT/host-before" ] || return 0
  kill "$(cat "$E2E_ROOT/run/provisioner.pid" 2>/dev/null)" 2>/dev/null
  delete_pods
  local name
  for name in kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_process "$name"; done
  remove_containers
  stop_process containerd
  stop_shims
  unmount_all
  remove_pod_netns
  delete_network
  remove_cgroups
  remove_created_dirs
}
