#!/usr/bin/env bash
# The analyser benchmark of `make bench`: the full per-window pipeline of ems-metering
# (three-phase four-wire, 7 channels at 12.8 kS/s, windows following the frequency, TRMS values,
# powers, harmonics to the 40th, THD, unbalance, energy registers, IEC 61000-4-30 aggregation)
# on one core, as a multiple of real time, side by side in the same run with the same
# computation written with numpy (bench/numpy_analyzer.py), on the same record. Both are pinned
# to the same core when `taskset` is there. The figures of both must agree (relative difference
# under 1e-6), or the run fails. Prints a Markdown table and saves it to target/bench/metering.md
# (the raw results in target/bench/metering.jsonl). See docs/BENCHMARKS.md.
#
# Environment: BENCH_METERING_SECONDS (seconds of signal, default 600), BENCH_METERING_FREQUENCIES
# (default "50 50.02": a supply locked to the sample rate, 2560 samples per window, and one that
# is not), BENCH_METERING_RUNS (Rust runs, default 5; numpy runs 3), BENCH_METERING_CPU (the core
# to pin to, default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_OF_SIGNAL=${BENCH_METERING_SECONDS:-600}
FREQUENCIES=${BENCH_METERING_FREQUENCIES:-"50 50.02"}
RUNS=${BENCH_METERING_RUNS:-5}
CPU=${BENCH_METERING_CPU:-1}
RATE=12800
PROGRAM=target/release/examples/bench_metering
PYTHON=target/test-peers/venv/bin/python
OUT=target/bench
RECORD=$OUT/metering-record.f64

[ -x "$PYTHON" ] || { echo "bench: $PYTHON is missing; run scripts/test-deps.sh" >&2; exit 1; }
cargo build --release -q -p ems-metering --example bench_metering
mkdir -p "$OUT"
trap 'rm -f "$RECORD"' EXIT

pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -gt "$CPU" ]; then
  pin=(taskset -c "$CPU")
fi

results=$OUT/metering.jsonl
: >"$results"
for frequency in $FREQUENCIES; do
  echo "bench: analyser, ${SECONDS_OF_SIGNAL} s of 7 channels at $RATE S/s, $frequency Hz" >&2
  "${pin[@]}" "$PROGRAM" --seconds "$SECONDS_OF_SIGNAL" --frequency "$frequency" --rate "$RATE" \
    --runs "$RUNS" --samples "$RECORD" >>"$results"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "${pin[@]}" "$PYTHON" bench/numpy_analyzer.py \
    --samples "$RECORD" --seconds "$SECONDS_OF_SIGNAL" --rate "$RATE" --runs 3 \
    | sed "s/^{/{\"frequency_hz\": $frequency, /" >>"$results"
done

python3 - "$results" >"$OUT/metering.md" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("| supply | implementation | seconds of signal | median run s | × real time | ems faster by |")
print("|---|---|---:|---:|---:|---:|")
failed = []
for i in range(0, len(rows), 2):
    ems, numpy = rows[i], rows[i + 1]
    for key, value in ems["figures"].items():
        other = numpy["figures"][key]
        if abs(value - other) > 1e-6 * max(abs(value), abs(other), 1e-9):
            failed.append(f"{ems['frequency_hz']} Hz: {key}: ems {value}, numpy {other}")
    ratio = numpy["median_s"] / ems["median_s"]
    for row, faster in ((ems, f"**{ratio:.1f}×**"), (numpy, "")):
        print(f"| {row['frequency_hz']} Hz | {row['implementation']} | {row['seconds_of_signal']:.0f} "
              f"| {row['median_s']:.3f} | **{row['times_real_time']:.0f}×** | {faster} |")
print()
print(f"{ems['figures']['windows']} windows per run; both implementations gave the same figures "
      "(mean powers, voltage, current THD, frequency, 5th harmonic, imported energy) to 1e-6."
      if not failed else "FIGURES DIFFER:\n" + "\n".join(failed))
if failed:
    sys.exit(1)
EOF
{
  echo "Analyser benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), pinned: ${pin[*]:-no}."
  echo
  cat "$OUT/metering.md"
} | tee "$OUT/metering.md.tmp"
mv "$OUT/metering.md.tmp" "$OUT/metering.md"
