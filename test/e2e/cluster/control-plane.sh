# The control plane: etcd, kube-apiserver, kube-controller-manager and kube-scheduler, built by
# scripts/setup.d/40-kubernetes.sh and 50-kubernetes-node.sh. etcd listens on the namespace's
# loopback; the API server on the node IP (pods reach it through the kubernetes Service).

kubectl_cluster() { in_cluster "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

start_etcd() {
  start_process etcd "$K8S_BIN/etcd" --data-dir "$E2E_ROOT/etcd" --unsafe-no-fsync \
    --listen-client-urls "$ETCD_CLIENT" --advertise-client-urls "$ETCD_CLIENT" \
    --listen-peer-urls "$ETCD_PEER" --initial-advertise-peer-urls "$ETCD_PEER" \
    --initial-cluster "default=$ETCD_PEER"
}

start_apiserver() {
  start_process kube-apiserver "$K8S_BIN/kube-apiserver" --etcd-servers "$ETCD_CLIENT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port 6443 \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
    --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode Node,RBAC \
    --kubelet-preferred-address-types InternalIP \
    --kubelet-client-certificate "$PKI/kubelet-client.crt" --kubelet-client-key "$PKI/kubelet-client.key"
  wait_for 120 kubectl_cluster get --raw /readyz
}

start_controllers() {
  start_process kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --secure-port 0 --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --use-service-account-credentials --service-cluster-ip-range "$SERVICE_CIDR" --leader-elect=false
  start_process kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" \
    --secure-port 0 --leader-elect=false
}

start_control_plane() {
  start_etcd
  start_apiserver
  start_controllers
}
