# The project's images, built from their Dockerfiles unchanged (only the base image ARGs differ)
# and tagged with a hash of their inputs, so an image is rebuilt only when one of them changed.
# Prints one "NAME REFERENCE" line per image.

build_project_images() {
  local debian node python ml tag
  debian=$(debian_base) || return 1
  node=$(node_base "$debian") || return 1
  python=$(python_base "$debian") || return 1
  ml=$(python_ml_base "$python") || return 1
  local node_inputs=(images/murphy images/executor package.json package-lock.json tsconfig.json src operator)
  local inference_inputs=(images/inference/Dockerfile images/inference/pyproject.toml images/inference/murphy_inference)
  local trainer_inputs=(images/trainer/Dockerfile images/trainer/pyproject.toml images/trainer/murphy_trainer images/tracking/pyproject.toml images/tracking/murphy_tracking)
  tag="murphy-e2e/murphy:$(echo "$node $(inputs_hash "${node_inputs[@]}")" | sha256sum | cut -c1-12)"
  image_exists "$tag" || build_dockerfile "$tag" images/murphy/Dockerfile . --target murphy --build-arg "NODE_IMAGE=localhost/$node" >&2 || return 1
  untag_older "$tag"; echo "murphy $tag"
  tag="murphy-e2e/murphy-executor:${tag#*:}"
  image_exists "$tag" || build_dockerfile "$tag" images/murphy/Dockerfile . --target executor --build-arg "NODE_IMAGE=localhost/$node" >&2 || return 1
  untag_older "$tag"; echo "executor $tag"
  tag="murphy-e2e/murphy-trainer:$(echo "$ml $(inputs_hash "${trainer_inputs[@]}" "${inference_inputs[@]:1}")" | sha256sum | cut -c1-12)"
  image_exists "$tag" || build_dockerfile "$tag" images/trainer/Dockerfile images --build-arg "PYTHON_IMAGE=localhost/$ml" >&2 || return 1
  untag_older "$tag"; echo "trainer $tag"
  tag="murphy-e2e/murphy-inference:$(echo "$ml $(inputs_hash "${inference_inputs[@]}")" | sha256sum | cut -c1-12)"
  image_exists "$tag" || build_dockerfile "$tag" images/inference/Dockerfile images --build-arg "VLLM_IMAGE=localhost/$ml" >&2 || return 1
  untag_older "$tag"; echo "inference $tag"
}

# The node's own images: the pod sandbox's pause and CoreDNS, each one static binary.
build_node_images() {
  local name binary tag container
  for name in pause coredns; do
    binary=$(readlink -f "$NODE_BIN/$name/$name")
    tag="murphy-e2e/$name:$(sha256sum "$binary" | cut -c1-12)"
    if ! image_exists "$tag"; then
      container=$(buildah_e2e from scratch)
      buildah_e2e copy "$container" "$binary" "/$name" >/dev/null
      buildah_e2e config --entrypoint "[\"/$name\"]" --user 65532:65532 "$container"
      buildah_e2e commit -q --rm "$container" "$tag" >/dev/null
    fi
    echo "$name $tag"
  done
}
