# The node: the kubelet (pods through containerd's CRI) and kube-proxy (Services as iptables rules
# of the cluster's namespace). Images cannot be pulled back once removed, so the kubelet's image
# garbage collection is off; eviction thresholds are low because the machine is shared.

kubelet_config() {
  # The host's resolv.conf names resolvers outside the machine: the pods get none of it.
  : >"$E2E_ROOT/resolv.conf"
  cat >"$E2E_ROOT/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
authentication: {anonymous: {enabled: false}, webhook: {enabled: false}, x509: {clientCAFile: $PKI/ca.crt}}
authorization: {mode: AlwaysAllow}
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_SERVICE_IP]
resolvConf: $E2E_ROOT/resolv.conf
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
podLogsDir: $E2E_ROOT/kubelet/pod-logs
YAML
}

kube_proxy_config() {
  cat >"$E2E_ROOT/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $KUBECONFIG_FILE}
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack: {maxPerCore: 0}
YAML
}

node_ready() {
  [ "$(kubectl_cluster get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

start_node() {
  kubelet_config
  kube_proxy_config
  start_process kubelet "$K8S_BIN/kubelet" --config "$E2E_ROOT/kubelet/config.yaml" \
    --kubeconfig "$KUBECONFIG_FILE" --root-dir "$E2E_ROOT/kubelet/root" --cert-dir "$E2E_ROOT/kubelet/pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP"
  start_process kube-proxy "$K8S_BIN/kube-proxy" --config "$E2E_ROOT/kube-proxy.yaml"
  wait_for 180 node_ready
  # Pods are refused until the namespace's default ServiceAccount exists.
  wait_for 60 kubectl_cluster get serviceaccount default
}
