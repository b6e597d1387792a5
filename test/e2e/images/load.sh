# Loading images into the node's containerd: pushed from buildah as a docker-archive, imported with
# `ctr images import`, the archive deleted again (the node's disk holds each image twice already:
# the content and its unpacked layers). An image already in containerd is not imported again.
# Older tags of the same image are removed, so the store does not grow with every change.

load_image() {
  local tag=$1 reference="docker.io/$1" archive old
  if ! ctr_cluster images ls -q | grep -qxF "$reference"; then
    archive="$IMAGES_CACHE/archives/${tag//[\/:]/_}.tar"
    mkdir -p "$IMAGES_CACHE/archives"
    buildah_e2e push -q "$tag" "docker-archive:$archive:$tag" >/dev/null || return 1
    ctr_cluster images import "$archive" >/dev/null; local code=$?
    rm -f "$archive"
    [ $code -eq 0 ] || return 1
  fi
  for old in $(ctr_cluster images ls -q | grep "^docker.io/${tag%%:*}:" | grep -vxF "$reference"); do
    ctr_cluster images rm "$old" >/dev/null
  done
}

# load_images: reads "NAME REFERENCE" lines and loads each reference.
load_images() {
  local name tag
  while read -r name tag; do
    load_image "$tag" || { echo "e2e: could not load the $name image $tag into containerd" >&2; return 1; }
  done
}

# The names the chart and the operator use by default (ghcr.io/murphy-dev/<image>:<appVersion>)
# point at the images built here, so the chart installs exactly as the README says, without
# image overrides. The node cannot pull (it has no route off the machine): a missing image fails.
alias_release_names() {
  local version name tag
  version=$(yq -r .appVersion charts/murphy/Chart.yaml)
  while read -r name tag; do
    case "$name" in murphy) ;; *) name="murphy-$name" ;; esac
    ctr_cluster images tag --force "docker.io/$tag" "ghcr.io/murphy-dev/$name:$version" >/dev/null || return 1
  done
}
