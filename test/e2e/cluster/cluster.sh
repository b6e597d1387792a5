# The whole single-node cluster: start_cluster brings it up in order, teardown_cluster
# (teardown.sh) takes it down again. Every file of this folder is sourced by the suite.

start_cluster() {
  PAUSE_IMAGE="docker.io/$(awk '$1 == "pause" {print $2}' "$E2E_ROOT/node-images")"
  COREDNS_IMAGE="docker.io/$(awk '$1 == "coredns" {print $2}' "$E2E_ROOT/node-images")"
  record_host_state
  create_network
  create_pki
  start_containerd
  load_images <"$E2E_ROOT/node-images" || return 1
  start_control_plane
  start_node
  start_dns
  start_provisioner
}
