# Counted checks of the shell suites (scripts/test.d/60-helm.sh, 70-e2e.sh), sourced. The suite
# keeps the counts in $passed and $failed and writes them to $MURPHY_RESULTS at the end.
CHECK_LOG=${CHECK_LOG:-$(mktemp "${TMPDIR:-/tmp}/murphy-check.XXXXXX")}

# check NAME COMMAND...: one test, with the seconds it took; its output is shown only when it fails.
check() {
  local name=$1 start=$SECONDS; shift
  if "$@" >"$CHECK_LOG" 2>&1; then
    passed=$((passed + 1)); echo "  ok    $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); echo "  FAIL  $name ($((SECONDS - start)) s)"; tail -n 40 "$CHECK_LOG" | sed 's/^/        /'
  fi
}

# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && { echo "timed out after waiting for: $*"; "$@"; return 1; }
    sleep 0.5
  done
}
