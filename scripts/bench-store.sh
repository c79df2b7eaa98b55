#!/usr/bin/env bash
# The history-store benchmark of `make bench`: fills an ems store (crates/ems-store) with years of
# 15-minute interval records of N three-phase meters and measures, side by side in the same run,
# against a naive SQLite layout (one row per value, same SQLite build, same disk): bytes on disk
# per value, the latency of three consumption questions (cold and warm), and the ingest rate of
# HistoryWriter::append (bulk days and live intervals). The program is
# crates/ems-store/examples/bench_store.rs. Prints a Markdown table and saves it to
# target/bench/store.md (the figures as JSON in target/bench/store.json). See docs/BENCHMARKS.md.
#
# Environment: BENCH_STORE_DEVICES (default 255), BENCH_STORE_YEARS (1 to 10, default 10),
# BENCH_STORE_NAIVE_DAYS (days of every value in the naive layouts, for bytes per value, default
# 10), BENCH_STORE_LIVE_DAYS (days of live appends, default 2), BENCH_STORE_RUNS (warm runs per
# question, default 30, fewer when a question's runs pass 30 s), BENCH_STORE_PHASES (default
# bulk,naive,latency,costs,subset,live), BENCH_STORE_KEEP=1 keeps the databases. The full scale (255
# meters, 10 years, 2.9 billion values) needs about 11 GB of disk under target/bench/store and
# takes about 20 minutes on 2 cores; BENCH_STORE_YEARS=1 about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

DEVICES=${BENCH_STORE_DEVICES:-255}
YEARS=${BENCH_STORE_YEARS:-10}
NAIVE_DAYS=${BENCH_STORE_NAIVE_DAYS:-10}
LIVE_DAYS=${BENCH_STORE_LIVE_DAYS:-2}
RUNS=${BENCH_STORE_RUNS:-30}
PHASES=${BENCH_STORE_PHASES:-bulk,naive,latency,costs,subset,live}
KEEP=${BENCH_STORE_KEEP:-0}
OUT=target/bench
DIR=$OUT/store
PROGRAM=target/release/examples/bench_store
# Generous: the full scale takes about 20 minutes.
LIMIT=$((3 * 3600))

cargo build --release -q -p ems-store --example bench_store

mkdir -p "$OUT"
rm -rf "$DIR"
mkdir -p "$DIR/tmp"
# SQLite's temporary files (sorts, VACUUM) go beside the databases, not to /tmp.
export SQLITE_TMPDIR="$PWD/$DIR/tmp"

child=""
cleanup() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [ "$KEEP" != 1 ]; then
    rm -rf "$DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

keep=()
[ "$KEEP" = 1 ] && keep=(--keep)

echo "bench: history store, $DEVICES meters, $YEARS years" >&2
# In the background, so that a signal stops the script (and the program) at once.
timeout -k 10 "$LIMIT" "$PROGRAM" --devices "$DEVICES" --years "$YEARS" \
  --naive-days "$NAIVE_DAYS" --live-days "$LIVE_DAYS" --runs "$RUNS" --phases "$PHASES" \
  --dir "$DIR" --json "$OUT/store.json" "${keep[@]}" >"$OUT/store.table" &
child=$!
wait "$child"
child=""

{
  echo "History-store benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))."
  echo
  cat "$OUT/store.table"
} >"$OUT/store.md"
rm -f "$OUT/store.table"
echo
cat "$OUT/store.md"
