#!/usr/bin/env bash
# Runs every test of the workspace (unit, integration, examples' builds, doc tests) and closes
# with one line counting them all: "tests: N passed, N failed, N ignored".
set -uo pipefail
cd "$(dirname "$0")/.."
CARGO="${CARGO:-cargo}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
"$CARGO" test --workspace --all-targets 2>&1 | tee -a "$log" || status=$?
if [ "$status" -eq 0 ]; then
  "$CARGO" test --workspace --doc 2>&1 | tee -a "$log" || status=$?
fi

awk '/^test result:/ {
       for (i = 1; i <= NF; i++) {
         if ($(i+1) ~ /^passed;?$/) passed += $i
         if ($(i+1) ~ /^failed;?$/) failed += $i
         if ($(i+1) ~ /^ignored;?$/) ignored += $i
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, ignored }' "$log"
exit "$status"
