#!/usr/bin/env bash
# Seconds spent by each part of `make test` (setup steps, build, suites), printed as one line before
# the final count so that a slow part shows in every CI log. Parts append "NAME SECONDS" to the file
# named by $MURPHY_TIMINGS; without it, nothing is recorded.
#   scripts/timings.sh reset               start an empty record
#   scripts/timings.sh add NAME SECONDS    record one part
#   scripts/timings.sh run NAME CMD...     run CMD and record its time (its own parts are not recorded)
#   scripts/timings.sh summary             print the record as one line
set -uo pipefail
file=${MURPHY_TIMINGS:-}
case "${1:-}" in
  reset) [ -z "$file" ] || { mkdir -p "$(dirname "$file")" && : > "$file"; } ;;
  add) [ -z "$file" ] || echo "$2 $3" >> "$file" ;;
  run)
    name=$2; shift 2
    start=$SECONDS
    MURPHY_TIMINGS='' "$@"
    code=$?
    [ -z "$file" ] || echo "$name $((SECONDS - start))" >> "$file"
    exit $code ;;
  summary)
    [ -n "$file" ] && [ -s "$file" ] || exit 0
    awk '{ parts = parts sep $1 " " $2 " s"; sep = ", "; total += $2 }
         END { print "timings: " parts " (total " total " s)" }' "$file" ;;
  *) echo "usage: scripts/timings.sh reset|add NAME SECONDS|run NAME CMD...|summary" >&2; exit 2 ;;
esac
