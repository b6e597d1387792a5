# The cluster's network: one namespace ($NETNS) that holds every component, the node IP and the pod
# bridge, with no interface that leaves the machine and no default route (no DNS forwarding either:
# CoreDNS answers cluster.local only). Its iptables rules (kube-proxy's, the kubelet's) live and die
# with it, so the host's firewall is never touched.
#
# The node IP sits on a veth whose peer is alone in a second, empty namespace ($SINK_NETNS): the
# service range is routed into it, so a connection to a service IP has a route (kube-proxy's DNAT
# rewrites it on the way out) and anything not rewritten dies there.

create_network() {
  ip netns add "$NETNS"
  ip netns add "$SINK_NETNS"
  ip -n "$NETNS" link set lo up
  ip -n "$NETNS" link add "$NODE_LINK" type veth peer name "$SINK_LINK" netns "$SINK_NETNS"
  ip -n "$SINK_NETNS" link set "$SINK_LINK" up
  ip -n "$NETNS" link set "$NODE_LINK" up
  ip -n "$NETNS" addr add "$NODE_IP/32" dev "$NODE_LINK"
  ip -n "$NETNS" route add "$SERVICE_CIDR" dev "$NODE_LINK"
  # Pod to service to pod on the same bridge: bridged packets must pass iptables for kube-proxy's
  # DNAT to be undone on the way back. Both settings belong to the namespace only.
  in_cluster sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
}

delete_network() {
  ip netns del "$NETNS" 2>/dev/null
  ip netns del "$SINK_NETNS" 2>/dev/null
  return 0
}
