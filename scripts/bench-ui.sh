#!/usr/bin/env bash
# The web UI benchmark of `make bench`: Debian's chromium (playwright-core) against `ems demo`
# (release build, a year of history), measured with the browser's performance API:
# - first contentful paint and largest contentful paint of the consumption page;
# - the time to an interactive year-by-month consumption chart (the page's `ems-chart-drawn`
#   performance mark, set when the chart is drawn and takes input);
# - the bytes transferred (compressed, as on the wire) in all;
# cold (a new browser profile: nothing cached) and warm (the same profile, reloaded), at desktop
# (1280 px) and phone (360 px) width, RUNS times each (medians reported).
# No peer UI can run here: the figures are recorded against the issue's budgets (under 1 s to an
# interactive chart, under 150 KB gzip in all). Prints a Markdown table and saves it to
# target/bench-ui/ui.md. See docs/BENCHMARKS.md, "Web UI".
#
# Environment: BENCH_UI_RUNS (7), BENCH_UI_BACKFILL (365d).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_UI_RUNS:-7}
BACKFILL=${BENCH_UI_BACKFILL:-365d}
EMS=target/release/ems
OUT=target/bench-ui
rm -rf "$OUT"
mkdir -p "$OUT"
log="$OUT/demo.log"

scripts/build-ui.sh
cargo build --release -p ems
"$EMS" demo --data-dir "$OUT/data" --backfill "$BACKFILL" --print-every 1h \
  --https-listen 127.0.0.1:0 --http-listen off >"$log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null' EXIT
address="" code=""
for _ in $(seq 1 600); do
  address="$(grep -o 'serving the web interface https=[0-9.:]*' "$log" | head -1 | sed 's/.*https=//')" || true
  code="$(grep -o 'setup_code=[A-Z0-9-]*' "$log" | head -1 | sed 's/setup_code=//')" || true
  [ -n "$address" ] && [ -n "$code" ] && break
  kill -0 "$demo" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$address" ] || { cat "$log" >&2; echo "bench-ui: the demo did not start" >&2; exit 1; }
password="bench-ui-$(date +%s)-Chromium"
curl -sfk -X POST "https://$address/api/v1/setup" -H 'content-type: application/json' \
  -d "{\"code\":\"$code\",\"name\":\"bench\",\"password\":\"$password\"}" >/dev/null
cd web
EMS_URL="https://$address" EMS_NAME=bench EMS_PASSWORD="$password" BENCH_UI_RUNS="$RUNS" \
  node e2e/bench.mjs | tee "../$OUT/ui.md"
