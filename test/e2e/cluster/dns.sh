# Cluster DNS (coredns.yaml): the run's pods find their Services by name, as on any cluster.
start_dns() {
  COREDNS_IMAGE="$COREDNS_IMAGE" DNS_SERVICE_IP="$DNS_SERVICE_IP" \
    envsubst '${COREDNS_IMAGE} ${DNS_SERVICE_IP}' <"$E2E_DIR/cluster/coredns.yaml" | kubectl_cluster apply -f - >/dev/null
  kubectl_cluster -n kube-system rollout status deployment/coredns --timeout=180s >/dev/null
}
