#!/usr/bin/env python3
"""The pymodbus side of the acquisition benchmark (scripts/bench-acquisition.sh, `make bench`).

Does the reads of a plan written by `bench_poll --plan` (crates/ems-acquire/examples/bench_poll.rs)
with pymodbus' AsyncModbusTcpClient, the way ems does them: one client (one TCP connection) per
link, requests on a link one at a time, each device polled every period (all its reads in
order), next poll one period after the last (one period from now after an overrun: no catch-up).
The answers are not decoded (ems decodes every value): that is in pymodbus' favour.

After a warm-up it counts the answered requests and the process CPU time
(time.process_time(): every thread, ns resolution) over the measured window, and prints one
JSON line in the format of bench_poll (user and system time from os.times(), in clock ticks).

usage: pymodbus_poll.py PLAN.json DEVICES SECONDS [WARMUP]
"""

import asyncio
import heapq
import json
import logging
import os
import sys
import time

from pymodbus.client import AsyncModbusTcpClient


class Counts:
    def __init__(self) -> None:
        self.requests = 0
        self.polls = 0
        self.errors = 0


async def poll_link(link: dict, period: float, counts: Counts, stop: asyncio.Event) -> None:
    host, port = link["address"].rsplit(":", 1)
    client = AsyncModbusTcpClient(host, port=int(port), timeout=1)
    if not await client.connect():
        raise SystemExit(f"cannot connect to {link['address']}")
    loop = asyncio.get_running_loop()
    now = loop.time()
    # (due time, device index): every device is due at once, as in ems.
    due = [(now, i) for i in range(len(link["devices"]))]
    heapq.heapify(due)
    readers = {3: client.read_holding_registers, 4: client.read_input_registers}
    devices = [
        (d["unit"], [(readers[f], start, count) for f, start, count in d["reads"]])
        for d in link["devices"]
    ]
    try:
        while not stop.is_set():
            at, index = due[0]
            wait = at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                if stop.is_set():
                    break
            unit, reads = devices[index]
            ok = True
            for read, start, count in reads:
                try:
                    answer = await read(start, count=count, device_id=unit)
                except Exception:  # noqa: BLE001 - a failed request is counted, not fatal
                    counts.errors += 1
                    ok = False
                    break
                if answer.isError():
                    counts.errors += 1
                    ok = False
                    break
                counts.requests += 1
            if ok:
                counts.polls += 1
            now = loop.time()
            following = at + period
            heapq.heapreplace(due, (following if following > now else now + period, index))
    finally:
        client.close()


async def run(plan: dict, devices: int, seconds: float, warmup: float) -> dict:
    period = float(plan["period_s"])
    counts = Counts()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(poll_link(link, period, counts, stop)) for link in plan["links"]]
    await asyncio.sleep(warmup)
    for task in tasks:
        if task.done():
            task.result()
    requests0, polls0, errors0 = counts.requests, counts.polls, counts.errors
    cpu0, times0, t0 = time.process_time(), os.times(), time.monotonic()
    await asyncio.sleep(seconds)
    cpu1, times1, t1 = time.process_time(), os.times(), time.monotonic()
    requests, polls = counts.requests - requests0, counts.polls - polls0
    stop.set()
    await asyncio.wait(tasks, timeout=3)
    elapsed = t1 - t0
    cpu = cpu1 - cpu0
    per_poll = len(plan["links"][0]["devices"][0]["reads"]) if plan["links"] else 0
    return {
        "client": "pymodbus",
        "devices": devices,
        "links": len(plan["links"]),
        "runtime": "asyncio",
        "seconds": round(elapsed, 3),
        "polls": polls,
        "requests": requests,
        "requests_per_poll": per_poll,
        "requests_per_second": round(requests / elapsed, 1),
        "cpu_seconds": round(cpu, 4),
        "user_seconds": round(times1.user - times0.user, 2),
        "system_seconds": round(times1.system - times0.system, 2),
        "cpu_us_per_request": round(cpu * 1e6 / requests, 2) if requests else None,
        "core_percent": round(cpu / elapsed * 100, 3),
        "errors": counts.errors - errors0,
    }


def main() -> None:
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    plan_path, devices, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    warmup = float(sys.argv[4]) if len(sys.argv) > 4 else 2.5
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    result = asyncio.run(run(plan, devices, seconds, warmup))
    print(json.dumps(result, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
