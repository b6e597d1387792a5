#!/usr/bin/env bash
# Runs every suite in scripts/test.d in order and ends with one line "N passed, N failed".
# A suite writes "PASSED FAILED" to $MURPHY_RESULTS/<suite>.counts; a suite that exits non-zero
# without writing its counts is counted as one failure, so a crash can never look green.
set -uo pipefail
cd "$(dirname "$0")/.."
export MURPHY_RESULTS
MURPHY_RESULTS=$(mktemp -d)
trap 'rm -rf "$MURPHY_RESULTS"' EXIT
status=0
for suite in scripts/test.d/*.sh; do
  name=$(basename "$suite" .sh)
  echo "=== suite $name"
  start=$SECONDS
  bash "$suite"
  code=$?
  if [ ! -s "$MURPHY_RESULTS/$name.counts" ]; then
    echo "0 $([ $code -eq 0 ] && echo 0 || echo 1)" > "$MURPHY_RESULTS/$name.counts"
  fi
  read -r p f < "$MURPHY_RESULTS/$name.counts"
  echo "=== suite $name: $p passed, $f failed ($((SECONDS - start)) s)"
  scripts/timings.sh add "suite/$name" $((SECONDS - start))
  [ $code -ne 0 ] && status=1
done
total_passed=0; total_failed=0
for counts in "$MURPHY_RESULTS"/*.counts; do
  read -r p f < "$counts"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
done
[ $total_failed -gt 0 ] && status=1
scripts/timings.sh summary
echo "$total_passed passed, $total_failed failed"
exit $status
