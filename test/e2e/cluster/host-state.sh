# What the cluster may change on the host, recorded before it starts and compared after tear-down:
# the suite must leave no process, mount, network namespace, iptables rule or cgroup behind.
# (The cluster's own iptables rules live in its network namespace, so the host's must not change.)

host_firewall() {
  local save
  for save in iptables-save ip6tables-save iptables-legacy-save ip6tables-legacy-save; do
    command -v "$save" >/dev/null && "$save" 2>/dev/null | grep -v '^#' | sed -E 's/\[[0-9]+:[0-9]+\]//'
  done
}

host_netns() { ls /run/netns 2>/dev/null | sort; }

record_host_state() {
  local state="$E2E_ROOT/host-before"
  mkdir -p "$state"
  host_firewall >"$state/firewall"
  host_netns >"$state/netns"
  grep -qs ' /run/netns ' /proc/mounts && touch "$state/run-netns-mounted"
  local dir
  for dir in /run/netns /run/containerd /var/lib/cni /var/log/containers; do
    if [ -e "$dir" ]; then echo "$dir"; fi
  done >"$state/dirs"
}

# Processes of this cluster: started from its folders or sockets, or running in a pod's cgroup.
cluster_processes() {
  local pid cmdline
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] && continue
    cmdline=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || continue
    if [[ "$cmdline" == *"$E2E_ROOT"* || "$cmdline" == *"$CONTAINERD_ROOT"* ]] ||
      grep -qs '/kubepods' "/proc/$pid/cgroup"; then
      echo "$pid $cmdline"
    fi
  done
}

cluster_mounts() { awk -v a="$E2E_ROOT" -v b="$CONTAINERD_ROOT" 'index($2, a) == 1 || index($2, b) == 1 || $2 ~ "^/run/netns/cni-" {print $2}' /proc/mounts; }

# leftovers: prints what the cluster left behind and fails when there is anything.
leftovers() {
  local state="$E2E_ROOT/host-before" found=0 out
  out=$(cluster_processes); [ -z "$out" ] || { echo "processes left: $out"; found=1; }
  out=$(cluster_mounts); [ -z "$out" ] || { echo "mounts left: $out"; found=1; }
  out=$(comm -13 "$state/netns" <(host_netns)); [ -z "$out" ] || { echo "network namespaces left: $out"; found=1; }
  out=$(diff "$state/firewall" <(host_firewall)); [ -z "$out" ] || { echo "host firewall changed: $out"; found=1; }
  out=$(find /sys/fs/cgroup -maxdepth 3 -type d -name kubepods 2>/dev/null); [ -z "$out" ] || { echo "cgroups left: $out"; found=1; }
  if [ ! -e "$state/run-netns-mounted" ] && grep -qs ' /run/netns ' /proc/mounts; then echo "mount left: /run/netns"; found=1; fi
  return $found
}
