#!/usr/bin/env python3
"""Turns the JSON lines of the acquisition benchmark (bench_poll and pymodbus_poll.py, in pairs
per device count) into the Markdown table of scripts/bench-acquisition.sh, with the targets.

The user/kernel split comes from clock ticks (10 ms), so it is coarse for small device counts.

usage: report.py RESULTS.jsonl > acquisition.md
"""

import json
import sys

CPU_PER_REQUEST_US = 20.0
RATIO = 10.0
CORE_PERCENT_AT_1000 = 5.0


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip().startswith("{")]
    by_n: dict[int, dict[str, dict]] = {}
    for row in rows:
        by_n.setdefault(row["devices"], {})[row["client"]] = row
    out = [
        "| devices | client | requests/s | CPU µs/request | user + kernel µs/request | % of one core "
        "| pymodbus/ems CPU per request |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for n in sorted(by_n):
        ems, py = by_n[n].get("ems"), by_n[n].get("pymodbus")
        ratio = None
        if ems and py and ems.get("cpu_us_per_request") and py.get("cpu_us_per_request"):
            ratio = py["cpu_us_per_request"] / ems["cpu_us_per_request"]
        for row in (ems, py):
            if not row:
                continue
            errors = row.get("comm_errors", row.get("errors", 0))
            note = f" ({errors} errors)" if errors else ""
            cpu = row.get("cpu_us_per_request")
            split = ""
            if row["requests"] and "user_seconds" in row:
                user = row["user_seconds"] * 1e6 / row["requests"]
                system = row["system_seconds"] * 1e6 / row["requests"]
                split = f"{user:.1f} + {system:.1f}"
            out.append(
                f"| {n} | {row['client']}{note} | {row['requests_per_second']:.0f} | "
                f"{cpu:.1f} | {split} | {row['core_percent']:.2f} | "
                + (f"{ratio:.1f}×" if ratio is not None and row is ems else "")
                + " |"
            )
        if ems:
            cpu = ems["cpu_us_per_request"]
            verdicts.append(
                f"- {n} devices: ems {cpu:.1f} µs/request "
                f"({'meets' if cpu < CPU_PER_REQUEST_US else 'misses'} < {CPU_PER_REQUEST_US:.0f} µs)"
                + (
                    f"; pymodbus/ems {ratio:.1f}× "
                    f"({'meets' if ratio >= RATIO else 'misses'} ≥ {RATIO:.0f}×)"
                    if ratio is not None
                    else ""
                )
                + (
                    f"; {ems['core_percent']:.2f} % of one core "
                    f"({'meets' if ems['core_percent'] < CORE_PERCENT_AT_1000 else 'misses'} "
                    f"< {CORE_PERCENT_AT_1000:.0f} %)"
                    if n == 1000
                    else ""
                )
            )
    print("\n".join(out))
    print()
    print("Targets (CPU < 20 µs per request, ≥ 10× less than pymodbus, 1000 devices < 5 % of a core):")
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
