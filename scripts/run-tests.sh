#!/usr/bin/env bash
# Runs every test: the web UI's build (embedded in the binary the Rust tests use), the workspace's
# tests (unit, integration, examples' builds, doc tests), the UI's unit tests (vitest) and its
# end-to-end journey in chromium against `ems demo`; closes with one line counting them all:
# "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
CARGO="${CARGO:-cargo}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
scripts/build-ui.sh 2>&1 | tee -a "$log" || status=$?
if [ "$status" -eq 0 ]; then
  "$CARGO" test --workspace --all-targets 2>&1 | tee -a "$log" || status=$?
fi
if [ "$status" -eq 0 ]; then
  "$CARGO" test --workspace --doc 2>&1 | tee -a "$log" || status=$?
fi
if [ "$status" -eq 0 ]; then
  (cd web && npm run --silent check:api && npx vitest run --reporter=dot) 2>&1 | tee -a "$log" || status=$?
fi
if [ "$status" -eq 0 ]; then
  "$CARGO" build -p ems 2>&1 | tee -a "$log" || status=$?
fi
if [ "$status" -eq 0 ]; then
  EMS_BIN=target/debug/ems scripts/test-ui.sh 2>&1 | tee -a "$log" || status=$?
fi

# cargo: "test result: ok. 5 passed; 0 failed; 1 ignored"; vitest: "Tests  20 passed (20)";
# the journey: "e2e: 9 passed".
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^test result:/ {
       for (i = 1; i <= NF; i++) {
         if ($(i+1) ~ /^passed;?$/) passed += $i
         if ($(i+1) ~ /^failed;?$/) failed += $i
         if ($(i+1) ~ /^ignored;?$/) ignored += $i
       }
     }
     /^ *Tests +[0-9]+/ {
       for (i = 1; i <= NF; i++) {
         if ($(i+1) ~ /^passed/) passed += $i
         if ($(i+1) ~ /^failed/) failed += $i
         if ($(i+1) ~ /^skipped/) ignored += $i
       }
     }
     /^e2e: [0-9]+ passed/ { passed += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, ignored }'

exit "$status"
