# The end-to-end cluster's names, addresses and folders (sourced first by every cluster file).
# Every address lives only inside the network namespace $NETNS the suite creates: the host has no
# route to any of them, and the namespace has no interface that leaves the machine.
E2E_ROOT="${E2E_ROOT:?the suite sets E2E_ROOT, a scratch folder for one cluster}"
CACHE="${MURPHY_CACHE:-$HOME/.cache/murphy}"
K8S_BIN="${MURPHY_K8S_BIN:-$CACHE/k8s/current}"      # control plane + kubelet, kube-scheduler, kube-proxy
NODE_BIN="$CACHE/node"                                # coredns/, pause/ (scripts/setup.d/50-kubernetes-node.sh)
NETNS=murphy-e2e                                      # the cluster: every component and every pod network
SINK_NETNS=murphy-e2e-sink                            # holds the far end of the node's veth, nothing else
NODE_NAME=murphy-e2e-node
NODE_IP=10.99.0.1
NODE_LINK=e2e-node
SINK_LINK=e2e-sink
POD_CIDR=10.244.0.0/16                                # not buildah's 10.88.0.0/16 (images build meanwhile)
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
BRIDGE=e2e-br0
APISERVER="https://$NODE_IP:6443"
ETCD_CLIENT=http://127.0.0.1:2379                     # the namespace's own loopback
ETCD_PEER=http://127.0.0.1:2380
CONTAINERD_SOCK="$E2E_ROOT/run/containerd.sock"
# containerd's images and layers persist between runs, so the images are imported once per change.
CONTAINERD_ROOT="$CACHE/e2e/containerd"
PKI="$E2E_ROOT/pki"
KUBECONFIG_FILE="$PKI/admin.kubeconfig"
LOGS="$E2E_ROOT/logs"
VOLUMES="$E2E_ROOT/volumes"
PAUSE_IMAGE=""                                         # set from the built images (cluster.sh)
COREDNS_IMAGE=""
mkdir -p "$E2E_ROOT"/{run,logs,pki,volumes,cni/net.d,cni/state,kubelet}
