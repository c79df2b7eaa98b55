#!/usr/bin/env bash
# The web UI's end-to-end journey: starts `ems demo` (40 days of history) on a fresh data
# directory, reads the setup code it prints, and drives Debian's chromium through a new user's
# first day (web/e2e/journey.mjs). Screenshots and failures go to target/ui-artifacts/.
# Uses the ems binary given as $EMS_BIN (default target/debug/ems, built with the UI embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

EMS_BIN="${EMS_BIN:-target/debug/ems}"
artifacts="$PWD/target/ui-artifacts"
data="$(mktemp -d)"
log="$data/demo.log"
rm -rf "$artifacts"
mkdir -p "$artifacts"
cleanup() {
  [ -n "${demo:-}" ] && kill "$demo" 2>/dev/null && wait "$demo" 2>/dev/null
  cp "$log" "$artifacts/demo.log" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

"$EMS_BIN" demo --data-dir "$data/store" --backfill 40d --print-every 1h \
  --https-listen 127.0.0.1:0 --http-listen off >"$log" 2>&1 &
demo=$!
address="" code=""
for _ in $(seq 1 360); do
  address="$(grep -o 'serving the web interface https=[0-9.:]*' "$log" | head -1 | sed 's/.*https=//')" || true
  code="$(grep -o 'setup_code=[A-Z0-9-]*' "$log" | head -1 | sed 's/setup_code=//')" || true
  [ -n "$address" ] && [ -n "$code" ] && break
  kill -0 "$demo" 2>/dev/null || { cat "$log" >&2; echo "test-ui: ems demo stopped" >&2; exit 1; }
  sleep 0.5
done
if [ -z "$address" ] || [ -z "$code" ]; then
  cat "$log" >&2
  echo "test-ui: ems demo did not print its address and setup code" >&2
  exit 1
fi
cd web
EMS_URL="https://$address" EMS_SETUP_CODE="$code" EMS_ARTIFACTS="$artifacts" node e2e/journey.mjs
