# buildah with murphy's own image store under the cache (base images survive between runs), the
# host's network for package downloads during builds (buildah's default build network would also
# take 10.88.0.0/16), and the host's CA bundle as the opt-in build secret the Dockerfiles read
# when a TLS-intercepting proxy sits between this machine and the package registries.
IMAGES_CACHE="$CACHE/images"
BUILDAH_ROOT="$IMAGES_CACHE/buildah"
HOST_CA_BUNDLE=${MURPHY_BUILD_CA_CERTIFICATES:-/etc/ssl/certs/ca-certificates.crt}

buildah_e2e() { nice buildah --root "$BUILDAH_ROOT" --runroot "$IMAGES_CACHE/buildah-run" --storage-driver overlay "$@"; }

# build_dockerfile TAG DOCKERFILE CONTEXT [BUILD ARGUMENTS...]
build_dockerfile() {
  local tag=$1 dockerfile=$2 context=$3 secret=(); shift 3
  [ -f "$HOST_CA_BUNDLE" ] && secret=(--secret "id=ca-certificates,src=$HOST_CA_BUNDLE")
  buildah_e2e bud --layers --force-rm --pull-never --network host --isolation chroot "${secret[@]}" -f "$dockerfile" -t "$tag" "$@" "$context"
}

image_exists() { buildah_e2e inspect --type image "$1" >/dev/null 2>&1; }

# inputs_hash FILE_OR_FOLDER...: one hash of the contents of the files (12 hex digits); test files,
# Python caches and egg-info folders are not inputs of any image.
inputs_hash() {
  find "$@" -type f -not -name '*.test.ts' -not -path '*/__pycache__/*' -not -path '*.egg-info/*' -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12
}

# untag_older TAG: removes the other tags of TAG's repository from the store (their inputs changed);
# layers the new image shares stay.
untag_older() {
  local old
  for old in $(buildah_e2e images --format '{{.Name}}:{{.Tag}}' | grep "^localhost/${1%%:*}:" | grep -vxF "localhost/$1"); do
    buildah_e2e rmi "$old" >/dev/null 2>&1
  done
  return 0
}
