# The cluster's certificates and the one credential every client uses: a CA, the API server's
# serving certificate, the API server's client certificate for the kubelet, the service-account
# signing key, and a static admin token (the control plane's components and the tests use it; the
# run's pods get service-account tokens as on any cluster).

create_pki() {
  (
    cd "$PKI" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=murphy-e2e-ca
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj /CN=kube-apiserver
    printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.%s\n' \
      "$NODE_IP" "$KUBERNETES_SERVICE_IP" "$CLUSTER_DOMAIN" >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out apiserver.crt
    openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr \
      -subj "/O=system:masters/CN=kube-apiserver-kubelet-client"
    openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out kubelet-client.crt
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
    local token
    token="$(openssl rand -hex 16)"
    echo "$token,admin,admin,system:masters" >tokens.csv
    cat >admin.kubeconfig <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: murphy-e2e, cluster: {server: "$APISERVER", certificate-authority: $PKI/ca.crt}}]
users: [{name: admin, user: {token: "$token"}}]
contexts: [{name: murphy-e2e, context: {cluster: murphy-e2e, user: admin}}]
current-context: murphy-e2e
KUBECONFIG
  ) >"$LOGS/pki.log" 2>&1
}
