# Builds Go programs from the Go module proxy into murphy's cache (no release download works here).
# Sourced by scripts/setup.d/40-kubernetes.sh (control plane), 45-helm-tools.sh, 50-node.sh (node
# parts) and scripts/lib/setup-cluster-sim.sh. Expects WORK (a scratch folder) and log/fail
# functions from the script that sources it (and TOOLS for build_go_tool).

# The one Kubernetes version of the control plane and the node (the cache folder is per version).
K8S_VERSION="${MURPHY_K8S_VERSION:-1.35.4}"
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0

require_go() {
  command -v go >/dev/null || fail "Go is not installed; install Go >= 1.25 (apt-get install golang-go or go.dev) and rerun make setup"
}

# A throwaway module requiring k8s.io/kubernetes. Its go.mod points every staging module
# (k8s.io/api, k8s.io/client-go, ...) at ./staging/..., which a dependency cannot use, so each
# one is replaced by the published k8s.io/<module> v0.<minor>.<patch>. Prints the module's folder.
k8s_module() {
  local dir="$WORK/k8s" staging="v0.${K8S_VERSION#*.}"
  if [ -f "$dir/go.mod" ]; then echo "$dir"; return 0; fi
  mkdir -p "$dir"
  local mod
  mod="$(curl -fsSL "${GOPROXY_URL:-https://proxy.golang.org}/k8s.io/kubernetes/@v/v$K8S_VERSION.mod")" \
    || fail "cannot read k8s.io/kubernetes v$K8S_VERSION go.mod from the Go module proxy"
  {
    echo "module murphy.dev/k8s-build"
    echo "go 1.25.0"
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo "$mod" | sed -nE 's#^\s*(k8s\.io/[a-z0-9-]+) => \./staging/.*#replace \1 => \1 '"$staging"'#p'
  } >"$dir/go.mod"
  [ "$(grep -c '^replace' "$dir/go.mod")" -gt 20 ] || fail "found too few staging modules in k8s.io/kubernetes v$K8S_VERSION go.mod"
  echo "$dir"
}

# The version stamps Kubernetes' own build sets (kubectl version, /version, the kubelet's node info).
k8s_ldflags() {
  local minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  local v="" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    v+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "-s -w$v"
}

# build_k8s_commands OUT NAME...: builds k8s.io/kubernetes/cmd/NAME into OUT/NAME for each NAME
# not there yet (written to NAME.tmp first, so an interrupted build never leaves a broken binary).
build_k8s_commands() {
  local out=$1 b dir ldflags start; shift
  for b in "$@"; do
    [ -x "$out/$b" ] && continue
    require_go
    dir="$(k8s_module)"
    ldflags="$(k8s_ldflags)"
    start=$SECONDS
    log "building $b v$K8S_VERSION (first run only; minutes)"
    mkdir -p "$out"
    (cd "$dir" && nice go build -trimpath -ldflags "$ldflags" -o "$out/$b.tmp" "k8s.io/kubernetes/cmd/$b") \
      || fail "go build k8s.io/kubernetes/cmd/$b failed (see the output above)"
    mv "$out/$b.tmp" "$out/$b"
    log "built $b in $((SECONDS - start)) s"
  done
}

# build_go_module OUT MODULE VERSION PACKAGE [LDFLAGS]: builds PACKAGE of MODULE@VERSION (its own
# go.mod decides every dependency, as upstream builds it) into OUT unless OUT exists.
build_go_module() {
  local out=$1 module=$2 version=$3 pkg=$4 ldflags=${5:-} name dir start
  [ -x "$out" ] && return 0
  require_go
  name="$(basename "$out")"
  dir="$WORK/$name"
  start=$SECONDS
  mkdir -p "$dir" "$(dirname "$out")"
  printf 'module murphy.dev/%s-build\ngo 1.25.0\nrequire %s %s\n' "$name" "$module" "$version" >"$dir/go.mod"
  log "building $name $version (first run only)"
  (cd "$dir" && nice go build -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp" "$pkg") \
    || fail "go build $pkg failed (see the output above)"
  mv "$out.tmp" "$out"
  log "built $name in $((SECONDS - start)) s"
}

# build_go_program OUT SOURCE: builds the Go program in the repository folder SOURCE (its go.mod
# names what it requires; go.sum is resolved in a copy, outside the repository) into OUT/<name>,
# where OUT ends in a hash of SOURCE, so a changed program is rebuilt. Prints the binary's path.
build_go_program() {
  local out=$1 source=$2 name dir
  name="$(basename "$source")"
  out="$out/$name-$(cat "$source"/go.mod "$source"/*.go | sha256sum | cut -c1-12)"
  if [ ! -x "$out/$name" ]; then
    require_go
    dir="$WORK/$name"
    mkdir -p "$dir" "$out"
    cp "$source"/go.mod "$source"/*.go "$dir/"
    log "building $name (first run only)" >&2
    (cd "$dir" && nice go build -trimpath -ldflags '-s -w' -o "$out/$name.tmp" .) || fail "go build $source failed (see the output above)"
    mv "$out/$name.tmp" "$out/$name"
  fi
  echo "$out/$name"
}

link_tool() { ln -sfn "../$1-$2/$1" "$TOOLS/bin/$1"; }

# build_go_tool NAME VERSION MODULE@VERSION PACKAGE LDFLAGS [TAGS]: builds PACKAGE into
# TOOLS/NAME-VERSION/NAME unless it is there, in a throwaway module that requires MODULE (its go.mod
# then decides every dependency, as upstream builds it), and links TOOLS/bin/NAME to it.
build_go_tool() {
  local name=$1 version=$2 module=$3 pkg=$4 ldflags=$5 tags=${6:-}
  local out="$TOOLS/$name-$version"
  if [ -x "$out/$name" ]; then link_tool "$name" "$version"; return 0; fi
  command -v go >/dev/null || fail "Go is not installed; install Go >= 1.26 and rerun make setup"
  local dir="$WORK/$name" start=$SECONDS goversion
  goversion="$(go env GOVERSION)"
  mkdir -p "$dir" "$out"
  printf 'module murphy.dev/%s-build\ngo %s\nrequire %s %s\n' \
    "$name" "${goversion#go}" "${module%@*}" "${module#*@}" >"$dir/go.mod"
  log "building $name $version (first run only; minutes)"
  (cd "$dir" && GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local \
    nice go build -trimpath -tags "$tags" -ldflags "-s -w $ldflags" -o "$out/$name.tmp" "$pkg") \
    || fail "go build $pkg failed (see the output above)"
  mv "$out/$name.tmp" "$out/$name"
  link_tool "$name" "$version"
  log "built $name in $((SECONDS - start)) s"
}
