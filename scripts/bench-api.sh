#!/usr/bin/env bash
# The web server benchmark of `make bench`: wrk on loopback against the daemon's HTTPS API.
#
# 1. The plant: N simulated Modbus TCP meters (N = 255, the demo's Modbus devices taken in turn,
#    32 unit ids per listener) in `ems sim`, a separate process (the plant, not the daemon), from
#    the sim file scripts/bench-api-plant.py writes.
# 2. The daemon: `ems run` (release build) polling and recording them from the matching site
#    file, in its own data directory (target/bench-api/run), serving HTTPS on 127.0.0.1 (port
#    chosen at start, read from the setup code's message), no HTTP redirect.
# 3. An API token: the setup code printed at start creates an administrator (POST /setup), who
#    logs in (POST /session) and creates an installer token (POST /tokens).
# 4. wrk (closed loop, -t THREADS -c C for each C of CONNECTIONS, WARMUP s discarded then SECONDS
#    s measured) and a fixed rate (RATE requests/s in all, RATE_CONNECTIONS connections, each
#    request waiting for its slot of the schedule: see the Lua script below) against
#    GET /api/v1/live/<one meter>, GET /api/v1/live (every meter) and
#    GET /api/v1/history/histogram?scope=site&period=year (year by month); the two live routes
#    also with Accept-Encoding: gzip. The daemon's VmRSS / VmHWM (/proc/<pid>/status) idle
#    before any login, after the setup and login, the highest VmRSS of each run (sampled every
#    0.5 s) and after the load; its CPU over each run (/proc/<pid>/stat), and wrk's, the
#    simulator's and the rest of the machine's.
# 5. A second pass of 2.-4. (16 connections and the fixed rate) with glibc's mmap threshold
#    fixed (GLIBC_TUNABLES): what of the memory is glibc keeping freed blocks for reuse; see
#    docs/BENCHMARKS.md.
# 6. The histogram again on the demo's store: only `ems demo` can backfill history, so
#    `ems demo --backfill BACKFILL` runs in target/bench-api/demo and the year-by-month site
#    histogram of this year is asked over HTTPS while it runs.
#
# Prints Markdown tables and saves them to target/bench-api/api.md (the raw JSON lines to
# target/bench-api/api.jsonl, wrk's own output to target/bench-api/wrk-*.txt, the daemons' logs
# without their access log lines to target/bench-api/*.log, those lines counted in
# *.log.access). Every process it starts is stopped when it ends or is interrupted. See
# docs/BENCHMARKS.md, "Web server".
#
# Environment: BENCH_API_DEVICES (255), BENCH_API_PER_LISTENER (32), BENCH_API_SECONDS (30),
# BENCH_API_WARMUP (5), BENCH_API_THREADS (2), BENCH_API_CONNECTIONS ("4 16 64"),
# BENCH_API_RATE (2000; 0 skips the fixed-rate runs), BENCH_API_RATE_CONNECTIONS (20),
# BENCH_API_BACKFILL (400d; "off" skips the demo part), BENCH_API_IDLE (20: seconds between the
# daemon's start and the idle memory reading), BENCH_API_TUNED (1; 0 skips the second pass).
set -euo pipefail
cd "$(dirname "$0")/.."

DEVICES=${BENCH_API_DEVICES:-255}
PER_LISTENER=${BENCH_API_PER_LISTENER:-32}
SECONDS_MEASURED=${BENCH_API_SECONDS:-30}
WARMUP=${BENCH_API_WARMUP:-5}
THREADS=${BENCH_API_THREADS:-2}
CONNECTIONS=${BENCH_API_CONNECTIONS:-"4 16 64"}
RATE=${BENCH_API_RATE:-2000}
RATE_CONNECTIONS=${BENCH_API_RATE_CONNECTIONS:-20}
BACKFILL=${BENCH_API_BACKFILL:-400d}
IDLE=${BENCH_API_IDLE:-20}
TUNED=${BENCH_API_TUNED:-1}
EMS=target/release/ems
OUT=target/bench-api
ADMIN=bench
PASSWORD="wrk-bench-$(date +%s)-Loopback"
LIMIT=$((SECONDS_MEASURED + 30))

# --- bench-deps: wrk (and curl) from Debian when missing, as scripts/test-deps.sh does.
APT_PACKAGES=(wrk curl)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench-api: installing Debian packages: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cargo build --release -q -p ems

rm -rf "$OUT"
mkdir -p "$OUT"
results="$OUT/api.jsonl"
: >"$results"

# --- processes: every one started is stopped at the end.
pids=()
SIM_PID=""
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Drops a stopped process from the list.
forget() {
  local keep=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  pids=("${keep[@]}")
}

die() { echo "bench-api: $*" >&2; exit 1; }

# The daemon logs every request (target ems_api::access, at info): keeps the other lines of a
# log and only the count and size of those (hundreds of MB per run).
shrink_log() {
  local log=$1
  awk '/ems_api::access/ {n++; b += length($0) + 1; next} {print > rest}
    END {printf "%d access log lines, %d bytes\n", n, b}' rest="$log.rest" "$log" >"$log.access"
  mv "$log.rest" "$log"
}

# --- /proc readings of a process.
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
TICK=$(getconf CLK_TCK)

# Waits for a line matching $2 in file $1 while process $3 lives; at most $4 seconds.
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 limit=$4
  for _ in $(seq $((limit * 10))); do
    grep -Eq "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Creates the administrator with the setup code in $2 (stdout of the daemon), logs in and
# prints an installer API token for the server at $1.
api_token() {
  local base=$1 out=$2 dir=$3 code csrf
  code=$(grep -Eo '^    [A-Z0-9]{4,}(-[A-Z0-9]{4,})+' "$out" | head -1 | tr -d ' ')
  [ -n "$code" ] || die "no setup code in $out"
  curl -sk --fail-with-body -o "$dir/setup.json" -X POST -H 'content-type: application/json' \
    -d "{\"code\":\"$code\",\"name\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" "$base/api/v1/setup" \
    || die "setup failed: $(cat "$dir/setup.json")"
  curl -sk --fail-with-body -o "$dir/session.json" -c "$dir/cookies" -X POST \
    -H 'content-type: application/json' \
    -d "{\"name\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" "$base/api/v1/session" \
    || die "login failed: $(cat "$dir/session.json")"
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$dir/session.json")
  curl -sk --fail-with-body -o "$dir/token.json" -b "$dir/cookies" -X POST \
    -H 'content-type: application/json' -H "x-csrf-token: $csrf" \
    -d '{"name":"wrk","role":"installer"}' "$base/api/v1/tokens" \
    || die "token creation failed: $(cat "$dir/token.json")"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$dir/token.json"
}

# The port of the daemon's HTTPS listener, from its setup code message.
https_port() { grep -Eo 'https://<this machine>:[0-9]+/' "$1" | head -1 | grep -Eo '[0-9]+' | tail -1; }

# --- wrk's script: the JSON summary of a run, and the fixed rate when BENCH_API_RATE is set.
LUA="$OUT/wrk.lua"
cat >"$LUA" <<'LUA'
-- Generated by scripts/bench-api.sh. With BENCH_API_RATE (requests/s in all) and
-- BENCH_API_THREADS, each thread hands out send times RATE/THREADS apart: a connection ready to
-- send takes the next free slot and waits for it (never earlier than now, so a late schedule
-- is not caught up in a burst). Latency is wrk's: from the request's write to the answer's end.
local rate = tonumber(os.getenv("BENCH_API_RATE") or "0") or 0
if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk_id, bench_timespec *tp);
  ]]
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local threads = tonumber(os.getenv("BENCH_API_THREADS") or "1") or 1
  local interval = threads * 1000 / rate
  local slot = nil
  function delay()
    local now = now_ms()
    if slot == nil or slot < now then slot = now end
    local wait = slot - now
    slot = slot + interval
    return math.floor(wait + 0.5)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"bytes":%d,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"p999_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"errors":%d,"non_2xx":%d}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency:percentile(99.9) / 1e3, latency.max / 1e3, latency.mean / 1e3,
    e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

# Runs wrk against $url with $conns connections (fixed rate $rate when above 0): a warm-up, then
# the measured run, with the daemon $pid's memory sampled and its CPU taken over the run.
# Appends one JSON line to the results.
measure() {
  local daemon=$1 label=$2 pid=$3 url=$4 conns=$5 rate=$6 token=$7 header=${8:-}
  local threads=$THREADS tag
  [ "$threads" -le "$conns" ] || threads=$conns
  tag=$(echo "$daemon-$label-c$conns-r$rate" | tr -c 'A-Za-z0-9.\n-' '_')
  local args=(-t"$threads" -c"$conns" --latency -s "$LUA" -H "Authorization: Bearer $token")
  [ -z "$header" ] || args+=(-H "$header")
  echo "bench-api: $daemon, $label, $conns connections$([ "$rate" -gt 0 ] && echo ", fixed rate $rate/s")" >&2
  BENCH_API_RATE=$rate BENCH_API_THREADS=$threads \
    timeout -k 5 $((WARMUP + 30)) wrk "${args[@]}" -d"${WARMUP}s" "$url" >"$OUT/wrk-$tag-warmup.txt" &
  pids+=($!)
  wait $!
  forget $!
  local samples="$OUT/rss-$tag.txt"
  ( while :; do status_kib "$pid" VmRSS >>"$samples" 2>/dev/null || exit 0; sleep 0.5; done ) &
  local sampler=$!
  pids+=("$sampler")
  local cpu0 busy0 t0 cpu1 busy1 t1 sim0=0 sim1=0
  cpu0=$(cpu_ticks "$pid"); busy0=$(busy_ticks); t0=$(date +%s.%N)
  [ -z "$SIM_PID" ] || sim0=$(cpu_ticks "$SIM_PID")
  # wrk runs under a shell that writes its children's CPU ticks (wrk's) when wrk has ended.
  BENCH_API_RATE=$rate BENCH_API_THREADS=$threads timeout -k 5 "$LIMIT" bash -c \
    'wrk "$@"; status=$?; sed "s/^.*) //" /proc/$$/stat | awk "{print \$14 + \$15}" >&3; exit $status' \
    wrk "${args[@]}" -d"${SECONDS_MEASURED}s" "$url" >"$OUT/wrk-$tag.txt" 3>"$OUT/wrk-$tag.cpu" &
  pids+=($!)
  wait $!
  forget $!
  cpu1=$(cpu_ticks "$pid"); busy1=$(busy_ticks); t1=$(date +%s.%N)
  [ -z "$SIM_PID" ] || sim1=$(cpu_ticks "$SIM_PID")
  stop_pid "$sampler"; forget "$sampler"
  local json
  json=$(grep '^{' "$OUT/wrk-$tag.txt" | tail -1)
  [ -n "$json" ] || die "wrk gave no summary: $(cat "$OUT/wrk-$tag.txt")"
  python3 - "$json" "$daemon" "$label" "$conns" "$threads" "$rate" "$cpu0" "$cpu1" "$busy0" \
    "$busy1" "$t0" "$t1" "$TICK" "$samples" "$(status_kib "$pid" VmHWM)" "$(uptime)" \
    "$(cat "$OUT/wrk-$tag.cpu")" "$sim0" "$sim1" >>"$results" <<'PY'
import json, sys
(raw, daemon, label, conns, threads, rate, cpu0, cpu1, busy0, busy1, t0, t1, tick, samples,
 hwm, up, wrk, sim0, sim1) = sys.argv[1:]
r = json.loads(raw)
wall = float(t1) - float(t0)
cores = lambda ticks: ticks / int(tick) / wall
rss = [int(x) for x in open(samples).read().split()]
r.update(daemon=daemon, endpoint=label, connections=int(conns), threads=int(threads),
         target_rate=int(rate), rps=r["requests"] / r["seconds"],
         bytes_per_answer=r["bytes"] / max(r["requests"], 1),
         daemon_cpu_cores=cores(int(cpu1) - int(cpu0)),
         wrk_cpu_cores=cores(int(wrk)), sim_cpu_cores=cores(int(sim1) - int(sim0)),
         machine_busy_cores=cores(int(busy1) - int(busy0)),
         rss_max_kib=max(rss) if rss else None, hwm_kib=int(hwm),
         load=up.split("load average:")[-1].strip())
r["daemon_cpu_us_per_request"] = r["daemon_cpu_cores"] * wall * 1e6 / max(r["requests"], 1)
r["others_cpu_cores"] = (r["machine_busy_cores"] - r["daemon_cpu_cores"] - r["wrk_cpu_cores"]
                         - r["sim_cpu_cores"])
print(json.dumps(r))
PY
  tail -1 "$results" >&2
}

# One JSON line of the memory of process $3 (daemon $2) at moment $1; with $4 (CPU ticks of the
# process) and $5 (a time) the CPU it used since then, in cores.
memory_line() {
  python3 -c 'import json,sys,time; a = sys.argv; r = {"memory": a[1], "daemon": a[2], "rss_kib": int(a[3]), "hwm_kib": int(a[4]), "anon_kib": int(a[5]), "file_kib": int(a[6]), "threads": int(a[7])}
if a[9]: r["cpu_cores"] = (int(a[8]) - int(a[9])) / int(a[11]) / (time.time() - float(a[10]))
print(json.dumps(r))' \
    "$1" "$2" "$(status_kib "$3" VmRSS)" "$(status_kib "$3" VmHWM)" "$(status_kib "$3" RssAnon)" \
    "$(status_kib "$3" RssFile)" "$(status_kib "$3" Threads)" "$(cpu_ticks "$3")" "${4:-}" "${5:-}" \
    "$TICK" | tee -a "$results" >&2
}

echo "bench-api: load before the runs: $(uptime)" >&2

# --- 1. The plant.
python3 scripts/bench-api-plant.py sim "$DEVICES" "$PER_LISTENER" >"$OUT/sim.toml"
listeners=$(((DEVICES + PER_LISTENER - 1) / PER_LISTENER))
"$EMS" sim "$OUT/sim.toml" >"$OUT/sim.out" 2>"$OUT/sim.log" &
sim_pid=$!
SIM_PID=$sim_pid
pids+=("$sim_pid")
for _ in $(seq 100); do
  [ "$(grep -c '^listener ' "$OUT/sim.out" || true)" -ge "$listeners" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$OUT/sim.log" >&2; die "the simulator stopped"; }
  sleep 0.1
done
addresses=$(awk '/^listener / {print $4}' "$OUT/sim.out" | paste -sd, -)
[ "$(echo "$addresses" | tr ',' '\n' | grep -c .)" -ge "$listeners" ] || die "the simulator did not start"
python3 scripts/bench-api-plant.py site "$DEVICES" "$PER_LISTENER" "$addresses" >"$OUT/site.toml"

# --- 2. The daemon, in a pass: `ems run` started afresh in $OUT/<name> with the environment
# assignments of $2 (none: ""), idle memory before any login, then the setup code, one login
# and a token, every meter answering, then wrk against each endpoint of the list in $3 (a
# variable name) and the memory after the load. The endpoints: label|URL|connection counts
# ("all": CONNECTIONS)|extra header.
daemon_pass() {
  local name=$1 environment=$2 list=$3
  local -n spec=$list
  local dir="$OUT/$name" pid started on base token entry label url counts header c
  echo "bench-api: $name: ems run${environment:+ with $environment}" >&2
  env $environment "$EMS" run "$OUT/site.toml" --data-dir "$dir" --https-listen 127.0.0.1:0 \
    --http-listen off >"$OUT/$name.out" 2>"$OUT/$name.log" &
  pid=$!
  pids+=("$pid")
  started=$(date +%s)
  wait_for_line "$OUT/$name.out" '^    [A-Z0-9]{4,}-' "$pid" 60 || { tail "$OUT/$name.log" >&2; die "ems run printed no setup code"; }
  local cpu0 t0
  cpu0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  sleep "$IDLE"
  memory_line "idle, $IDLE s after the start, before any login" "$name" "$pid" "$cpu0" "$t0"
  base="https://127.0.0.1:$(https_port "$OUT/$name.out")"
  token=$(api_token "$base" "$OUT/$name.out" "$dir")
  memory_line "after the setup, one login and a token (two Argon2id hashes)" "$name" "$pid"
  on=0
  for _ in $(seq 120); do
    on=$(curl -sk -H "Authorization: Bearer $token" "$base/api/v1/live" |
      python3 -c 'import json,sys; print(sum(1 for d in json.load(sys.stdin) if d.get("status") == "on"))' || echo 0)
    [ "$on" -ge "$DEVICES" ] && break
    sleep 1
  done
  [ "$on" -ge "$DEVICES" ] || die "only $on of $DEVICES meters answer"
  echo "bench-api: all $DEVICES meters answer, $(($(date +%s) - started)) s after the start" >&2
  curl -sk -o "$dir/live-one.json" -H "Authorization: Bearer $token" "$base/api/v1/live/$one_device"
  curl -sk -o "$dir/histogram.json" -H "Authorization: Bearer $token" \
    "$base/api/v1/history/histogram?scope=site&period=year&date=$today"
  for entry in "${spec[@]}"; do
    IFS='|' read -r label url counts header <<<"$entry"
    url="$base$url"
    [ "$counts" != all ] || counts=$CONNECTIONS
    for c in $counts; do measure "$name" "$label" "$pid" "$url" "$c" 0 "$token" "$header"; done
    if [ "$RATE" -gt 0 ]; then
      measure "$name" "$label" "$pid" "$url" "$RATE_CONNECTIONS" "$RATE" "$token" "$header"
    fi
  done
  sleep 10
  memory_line "10 s after the load" "$name" "$pid"
  stop_pid "$pid"; forget "$pid"
  shrink_log "$OUT/$name.log"
}

one_device=$(awk '/^\[devices\./ {gsub(/^\[devices\.|\]$/, ""); print; exit}' "$OUT/site.toml")
today=$(TZ=Europe/Rome date +%F)
HISTOGRAM="/api/v1/history/histogram?scope=site&period=year&date=$today"
# wrk sends no Accept-Encoding, so answers come uncompressed; a browser asks for gzip, which the
# server does: the two live routes are measured that way too.
GZIP="Accept-Encoding: gzip"
ENDPOINTS=(
  "live/$one_device|/api/v1/live/$one_device|all|"
  "live (all $DEVICES)|/api/v1/live|all|"
  "histogram year by month (no history)|$HISTOGRAM|all|"
  "live/$one_device, gzip|/api/v1/live/$one_device|16|$GZIP"
  "live (all $DEVICES), gzip|/api/v1/live|16|$GZIP"
)
daemon_pass run "" ENDPOINTS

# The same daemon with glibc's mmap threshold fixed at its initial 128 KiB (glibc otherwise
# raises it to the size of the largest block freed, up to 32 MiB, and then keeps such blocks
# in its heaps): how much of the memory that is, and what the setting costs in speed.
if [ "$TUNED" = 1 ]; then
  TUNED_ENDPOINTS=(
    "live/$one_device|/api/v1/live/$one_device|16|"
    "live (all $DEVICES)|/api/v1/live|16|"
    "histogram year by month (no history)|$HISTOGRAM|16|"
  )
  daemon_pass run-mmap-threshold "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072" TUNED_ENDPOINTS
fi
stop_pid "$sim_pid"; forget "$sim_pid"
SIM_PID=""

# --- 6. The histogram on the demo's history.
if [ "$BACKFILL" != "off" ]; then
  echo "bench-api: ems demo --backfill $BACKFILL" >&2
  "$EMS" demo --data-dir "$OUT/demo" --backfill "$BACKFILL" --print-every 1h \
    --https-listen 127.0.0.1:0 --http-listen off >"$OUT/demo.out" 2>"$OUT/demo.log" &
  demo_pid=$!
  pids+=("$demo_pid")
  wait_for_line "$OUT/demo.out" '^    [A-Z0-9]{4,}-' "$demo_pid" 600 || { tail "$OUT/demo.log" >&2; die "ems demo printed no setup code"; }
  cpu0=$(cpu_ticks "$demo_pid"); t0=$(date +%s.%N)
  sleep "$IDLE"
  memory_line "$IDLE s after the backfill, before any login (simulator included)" demo "$demo_pid" "$cpu0" "$t0"
  port=$(https_port "$OUT/demo.out")
  base="https://127.0.0.1:$port"
  mkdir -p "$OUT/demo-api"
  DEMO_TOKEN=$(api_token "$base" "$OUT/demo.out" "$OUT/demo-api")
  memory_line "after the setup, one login and a token (simulator included)" demo "$demo_pid"
  url="$base$HISTOGRAM"
  curl -sk -o "$OUT/demo-api/histogram.json" -H "Authorization: Bearer $DEMO_TOKEN" "$url"
  python3 -c 'import json,sys; h = json.load(open(sys.argv[1])); n = sum(1 for b in h["current"]["buckets"] if b.get("amount") is not None); p = sum(1 for b in h["previous"]["buckets"] if b.get("amount") is not None); print(f"bench-api: the demo histogram has {n} months with data, {p} in the year before"); sys.exit(0 if n else 1)' \
    "$OUT/demo-api/histogram.json" >&2 || die "the demo's histogram has no data"
  for c in $CONNECTIONS; do measure demo "histogram year by month ($BACKFILL of history)" "$demo_pid" "$url" "$c" 0 "$DEMO_TOKEN"; done
  if [ "$RATE" -gt 0 ]; then
    measure demo "histogram year by month ($BACKFILL of history)" "$demo_pid" "$url" "$RATE_CONNECTIONS" "$RATE" "$DEMO_TOKEN"
  fi
  stop_pid "$demo_pid"; forget "$demo_pid"
  shrink_log "$OUT/demo.log"
fi

# --- The table.
{
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ] ||
    commit="$commit with uncommitted changes to the Rust sources"
  echo "Web server benchmark, $(date -u +%Y-%m-%dT%H:%MZ), ems at $commit, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), ${WARMUP} s warm-up then ${SECONDS_MEASURED} s per run; $DEVICES meters polled by \`ems run\`."
  echo
  python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| daemon | endpoint | connections | rate asked | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | bytes/answer | daemon CPU: cores, µs/request | wrk / simulator / others CPU (cores) | daemon VmRSS max MiB | load |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    if "memory" in r:
        continue
    print(f"| {r['daemon']} | {r['endpoint']} | {r['connections']} | "
          f"{r['target_rate'] or 'closed loop'} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
          f"{r['p99_ms']:.2f} | {r['p999_ms']:.2f} | {r['max_ms']:.1f} | "
          f"{r['errors'] + r['non_2xx']} | {r['bytes_per_answer']:.0f} | "
          f"{r['daemon_cpu_cores']:.2f}, {r['daemon_cpu_us_per_request']:.0f} | "
          f"{r['wrk_cpu_cores']:.2f} / {r['sim_cpu_cores']:.2f} / {r['others_cpu_cores']:.2f} | "
          f"{(r['rss_max_kib'] or 0) / 1024:.1f} | {r['load']} |")
print()
print("| daemon | when | VmRSS MiB | of which anonymous / file MiB | VmHWM MiB | threads | CPU (cores) |")
print("|---|---|---:|---:|---:|---:|---:|")
for r in rows:
    if "memory" in r:
        cpu = f"{r['cpu_cores']:.3f}" if "cpu_cores" in r else ""
        print(f"| {r['daemon']} | {r['memory']} | {r['rss_kib'] / 1024:.1f} | "
              f"{r['anon_kib'] / 1024:.1f} / {r['file_kib'] / 1024:.1f} | {r['hwm_kib'] / 1024:.1f} | "
              f"{r['threads']} | {cpu} |")
PY
} >"$OUT/api.md"
echo
cat "$OUT/api.md"
