# Background processes of the cluster, each started inside the cluster's network namespace (only
# the network: nsenter keeps the host's mount namespace, which the kubelet and containerd must share)
# and remembered by pid in $E2E_ROOT/run/<name>.pid, so tear-down stops exactly what was started.

# in_cluster COMMAND...: runs COMMAND with the cluster's network (its loopback, node IP, services).
in_cluster() { nsenter --net="/run/netns/$NETNS" -- "$@"; }

# start_process NAME COMMAND...: starts COMMAND in the background; its output goes to $LOGS/NAME.log.
start_process() {
  local name=$1; shift
  # nsenter itself, not a function, so that $! is the pid of COMMAND (nsenter execs it)
  nsenter --net="/run/netns/$NETNS" -- "$@" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$E2E_ROOT/run/$name.pid"
}

# stop_process NAME: SIGTERM, then SIGKILL after 15 s.
stop_process() {
  local file="$E2E_ROOT/run/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -TERM "$pid" 2>/dev/null; then
    timeout 15 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  rm -f "$file"
}

# process_running NAME: the process started as NAME is still alive.
process_running() { [ -f "$E2E_ROOT/run/$1.pid" ] && kill -0 "$(cat "$E2E_ROOT/run/$1.pid")" 2>/dev/null; }
