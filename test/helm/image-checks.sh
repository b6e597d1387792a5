# Image checks of scripts/test.d/60-helm.sh (sourced). No container engine exists here, so the
# Dockerfiles are linted, the commands the images are started with are run from this checkout
# (and its .venv), and the Node image's file layout is rebuilt from its COPY lines and run. The
# executor's requirement files are resolved by pip without installing (needs PyPI, ~30 s).

# Every container command the chart and the operator start: the chart's operator Deployment and
# the pods `murphy render` builds for examples/tiny.yaml (one per component), as JSON arrays.
container_commands() {
  { helm template murphy "$CHART" | yq -c 'select(.kind == "Deployment") | .spec.template.spec.containers[] | (.command + .args)'
    "${MURPHY[@]}" render examples/tiny.yaml | yq -c 'select(.kind == "Deployment" or .kind == "Job") | .spec.template.spec.containers[] | (.command + .args)'
  } | sort -u
}

# entrypoint_exists JSON_COMMAND: the program and its subcommand or module answer --help.
entrypoint_exists() {
  local program sub module
  program=$(jq -r '.[0]' <<<"$1")
  case "$program" in
    murphy)
      sub=$(jq -r '.[1]' <<<"$1")
      output_has "usage: murphy $sub" "${MURPHY[@]}" "$sub" --help ;;
    python)
      module=$(jq -r '.[index("-m") + 1]' <<<"$1")
      "$PYTHON" -m "$module" --help ;;
    torchrun)
      module=$(jq -r '.[index("-m") + 1]' <<<"$1")
      "$PYTHON" -m torch.distributed.run --help >/dev/null && "$PYTHON" -m "$module" --help ;;
    *) echo "no image provides the program $program"; return 1 ;;
  esac
}

# The image each default run image name comes from, and that the Dockerfile installs its program.
dockerfiles_provide_programs() {
  grep -q '^ENTRYPOINT \["murphy"\]' images/murphy/Dockerfile &&
  grep -q 'ln -s /app/dist/src/cli/main.js /usr/local/bin/murphy' images/murphy/Dockerfile &&
  grep -qE '^FROM murphy AS executor' images/murphy/Dockerfile && grep -q 'bubblewrap=' images/murphy/Dockerfile && grep -q 'python3=' images/murphy/Dockerfile &&
  grep -q 'murphy_inference' images/inference/Dockerfile && grep -q 'inference/murphy_inference' images/trainer/Dockerfile &&
  grep -q 'trainer/murphy_trainer' images/trainer/Dockerfile && grep -q 'pip --python /opt/murphy-tracking/bin/python install .*murphy_tracking' images/trainer/Dockerfile &&
  grep -q "'/opt/murphy-tracking/bin/python'" operator/builders/tracking.ts && grep -q '^ENTRYPOINT \["python", "-m", "murphy_trainer.launch"\]' images/trainer/Dockerfile
}

every_dockerfile_non_root() {
  local f user
  for f in images/*/Dockerfile; do
    user=$(grep '^USER ' "$f" | tail -1)
    echo "$f: $user"
    [ "$user" = "USER 65532:65532" ] || return 1
  done
}

# The murphy stage's files, laid out as its COPY --from=build lines say (build outputs taken from
# this checkout's `make build`), then run from there: the CLI, and an execution that needs the
# executor's Python harness where src/executor/harness-files.ts looks for it.
node_image_layout_runs() {
  local app="$WORK/image/app" src dest
  mkdir -p "$app"
  while read -r src dest; do
    src=${src#/src/}; dest=${dest#./}
    mkdir -p "$(dirname "$app/$dest")"
    cp -r "$ROOT/$src" "$app/$dest" || return 1
  done < <(awk '/^FROM .* AS murphy$/{on=1; next} /^FROM /{on=0} on && /^COPY --from=build/{print $(NF-1), $NF}' images/murphy/Dockerfile)
  ls "$app" "$app/dist"
  (cd "$WORK" && node "$app/dist/src/cli/main.js" help | grep -q 'executor') &&
  echo '{"code":"def add(a, b):\n    return a + b\n","tests":[{"name":"t1","code":"assert add(1, 2) == 3"},{"name":"t2","code":"assert add(2, 2) == 5"}]}' |
    (cd "$WORK" && node "$app/dist/src/cli/main.js" exec --sandbox process) | tee "$WORK/exec.json" | jq -e '.reward == 0.5'
}

image_checks() {
  local f command
  for f in images/*/Dockerfile; do check "hadolint $f" hadolint "$f"; done
  check "every image runs as uid 65532, not root" every_dockerfile_non_root
  check "the Dockerfiles install the programs the pods start" dockerfiles_provide_programs
  while read -r command; do
    check "entrypoint exists: $(jq -r 'join(" ")' <<<"$command" | cut -c1-60)" entrypoint_exists "$command"
  done < <(container_commands)
  check "the Node image's layout runs the CLI and the executor harness" node_image_layout_runs
  check "the executor image's requirement files resolve on its Python (core and BigCodeBench)" bash scripts/check-executor-requirements.sh
}
