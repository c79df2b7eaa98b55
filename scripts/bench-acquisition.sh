#!/usr/bin/env bash
# The acquisition benchmark of `make bench`: polls N simulated eastron.sdm120 meters (N = 10, 100,
# 1000) over loopback Modbus TCP at a 1 s period, first with ems' acquisition library
# (crates/ems-acquire/examples/bench_poll.rs), then with pymodbus' async client doing the same
# reads (bench/pymodbus_poll.py), against the same simulator (`ems sim`, a separate process whose
# CPU counts for neither). Prints a Markdown table and saves it to target/bench/acquisition.md.
# See docs/BENCHMARKS.md.
#
# Environment: BENCH_DEVICES (default "10 100 1000"), BENCH_SECONDS (measured window, whole
# seconds, default 20), BENCH_WARMUP (default 2.5: the window starts half a period after the
# first polls, so its edges do not fall on the moments devices are polled), BENCH_WORKERS (0 = tokio current-thread runtime, default; K = a
# multi-thread runtime of K workers).
set -euo pipefail
cd "$(dirname "$0")/.."

DEVICES=${BENCH_DEVICES:-"10 100 1000"}
SECONDS_MEASURED=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-2.5}
WORKERS=${BENCH_WORKERS:-0}
PER_LISTENER=200
PER_LINK=100
EMS=target/release/ems
POLLER=target/release/examples/bench_poll
PYTHON=target/test-peers/venv/bin/python
OUT=target/bench
LIMIT=$((SECONDS_MEASURED + 40))

[ -x "$EMS" ] || { echo "bench: $EMS is missing; run cargo build --release -p ems" >&2; exit 1; }
[ -x "$PYTHON" ] || { echo "bench: $PYTHON is missing; run scripts/test-deps.sh" >&2; exit 1; }
cargo build --release -q -p ems-acquire --example bench_poll

mkdir -p "$OUT"
results="$OUT/acquisition.jsonl"
: >"$results"

sim_pid=""
child=""
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
cleanup() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  stop_sim
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a poller in the background (so that a signal stops the script at once) under a time limit,
# appending its JSON line to the results and showing it.
run_poller() {
  local line="$OUT/poller.out"
  timeout -k 5 "$LIMIT" "$@" >"$line" &
  child=$!
  wait "$child"
  child=""
  tee -a "$results" <"$line"
}

for n in $DEVICES; do
  sim_file="$OUT/sim-$n.toml"
  sim_out="$OUT/sim-$n.out"
  plan="$OUT/plan-$n.json"
  listeners=$(((n + PER_LISTENER - 1) / PER_LISTENER))
  python3 bench/gen_sim.py "$n" "$PER_LISTENER" >"$sim_file"
  "$EMS" sim "$sim_file" >"$sim_out" 2>"$OUT/sim-$n.log" &
  sim_pid=$!
  for _ in $(seq 100); do
    [ "$(grep -c '^listener ' "$sim_out" || true)" -ge "$listeners" ] && break
    kill -0 "$sim_pid" 2>/dev/null || { echo "bench: the simulator stopped:" >&2; cat "$OUT/sim-$n.log" >&2; exit 1; }
    sleep 0.1
  done
  addresses=$(awk '/^listener / {print $4}' "$sim_out" | paste -sd, -)
  [ "$(echo "$addresses" | tr ',' '\n' | grep -c .)" -ge "$listeners" ] || { echo "bench: the simulator did not start" >&2; exit 1; }

  echo "bench: $n devices, ems ($SECONDS_MEASURED s after $WARMUP s warm-up)" >&2
  run_poller "$POLLER" --listeners "$addresses" --devices "$n" \
    --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" --per-listener "$PER_LISTENER" \
    --per-link "$PER_LINK" --workers "$WORKERS" --plan "$plan"
  echo "bench: $n devices, pymodbus" >&2
  run_poller "$PYTHON" bench/pymodbus_poll.py "$plan" "$n" "$SECONDS_MEASURED" "$WARMUP"
  stop_sim
done

{
  echo "Acquisition benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), ${SECONDS_MEASURED} s per client, eastron.sdm120 polled every 1 s (4 requests per poll)."
  echo
  "$PYTHON" bench/report.py "$results"
} >"$OUT/acquisition.md"
echo
cat "$OUT/acquisition.md"
