#!/usr/bin/env python3
"""The independent peer of the COMTRADE reader of ems-metering.

Usage: comtrade-peer.py OUTPUT_DIR

1. Generates records of a three-phase system with numpy (known amplitudes, phase angles and
   offsets; several channels with a non-trivial `a` and `b`, one voltage and one current given
   as secondary values with a transformer ratio, kV / kA / mA units, a channel of another
   unit, status channels) in the 1991, 1999 and 2013 revisions, and writes them itself in the
   four formats (ASCII, BINARY, BINARY32, FLOAT32), some as 2013 single-file `.cff`.
2. Reads every record back with the PyPI package `comtrade` (0.2.0), which no one here wrote.

For each record NAME it writes NAME.cfg and NAME.dat (or NAME.cff), NAME.truth.json (what the
generator meant: per analog channel the signal `amplitude·sin(2π·f·t + phase) + dc` in primary
volts or amperes, the tolerance the format's resolution allows, the missing samples; the status
values; the sample times; what `Record::waveforms` must answer) and NAME.peer.json (what the
package read: header, channel fields and values, or the error it raised). `records.json` lists
the records.

What the package returns, and so what is comparable: `a·x + b` of each analog value, in the
unit as written (no conversion of kV to V) and as recorded (it does not apply primary /
secondary for PS = S channels); NaN for the missing-data markers it knows. ems multiplies
`a·x + b` by primary / secondary for PS = S and by the unit prefix, so the test compares the
package's values with ems's samples divided by that factor. Where the package's marker rules
differ from the standard as ems reads it, the truth lists the samples (`peer_differs`):
- 1991 BINARY: the package takes 0xFFFF (raw -1) as missing; ems takes 0x8000 in every
  revision, so -1 stays a value;
- 2013 ASCII: the package takes `99999` as missing, but the 2013 revision marks a missing value
  by an empty field and `99999` is a value (ems reads it as missing only in a channel whose max
  is below 99999; the record `markers2013_ascii` declares max 99999); the package cannot read the
  empty field at all (the record `gaps2013_ascii` records its error).
"""

import datetime as dt
import json
import math
import struct
import sys
from pathlib import Path

import comtrade
import numpy as np

FREQUENCY_HZ = 50.0
RATE_HZ = 4000.0
SAMPLES = 800  # 0.2 s, ten cycles
FORMATS = ["ASCII", "BINARY", "BINARY32", "FLOAT32"]
# The largest raw value written; ASCII stays below 99999, the 1999 marker.
RAW_LIMIT = {"ASCII": 99998, "BINARY": 32767, "BINARY32": 2_000_000_000}
UNIT_FACTOR = {"V": 1.0, "kV": 1e3, "A": 1.0, "kA": 1e3, "mA": 1e-3, "Hz": 1.0, "MW": 1.0}
START = dt.datetime(2023, 6, 25, 8, 15, 30, 250000)
TRIGGER_AFTER = dt.timedelta(milliseconds=40)

SQ2 = math.sqrt(2.0)
U_LN = 20000.0 / math.sqrt(3.0) * SQ2  # peak of a 20 kV system's phase voltage
U_LL = 20000.0 * SQ2


def channel(id, ph, uu, amplitude, phase_deg, role, dc=0.0, b_frac=0.0, ps="P",
            primary=1.0, secondary=1.0, ccbm="Feeder 1", missing=()):
    return dict(id=id, ph=ph, ccbm=ccbm, uu=uu, amplitude=amplitude, phase_deg=phase_deg,
                dc=dc, b_frac=b_frac, ps=ps, primary=primary, secondary=secondary, role=role,
                missing=list(missing))


def set_1999(missing=()):
    """A four-wire system mapped by ph; VA and IC secondary, kV and a neutral current."""
    gap = lambda name: missing if name == "IB" else ()
    analog = [
        channel("VA", "A", "V", U_LN, 0.0, "u_l1", ps="S", primary=20000.0, secondary=100.0),
        channel("VB", "B", "kV", U_LN, -120.0, "u_l2", b_frac=0.01),
        channel("VC", "C", "kV", U_LN, 120.0, "u_l3", b_frac=-0.02),
        channel("IA", "A", "A", 400.0, -30.0, "i_l1", b_frac=0.05),
        channel("IB", "B", "A", 380.0, -150.0, "i_l2", missing=gap("IB")),
        channel("IC", "C", "A", 410.0, 90.0, "i_l3", ps="S", primary=600.0, secondary=5.0),
        channel("IN", "N", "A", 25.0, 10.0, "i_n", dc=1.5, b_frac=0.1),
        channel("FREQ", "", "Hz", 0.05, 0.0, None, dc=50.0, b_frac=0.9),
    ]
    status = [f"S{k:02d}" for k in range(1, 19)]  # 18: two status words
    return analog, status


def set_2013(missing=()):
    """A three-wire system with ph left blank, mapped by channel ids; kV, kA and mA."""
    analog = [
        channel("Vab", "", "kV", U_LL, 30.0, "u_l1_l2", b_frac=0.003),
        channel("Vbc", "", "V", U_LL, -90.0, "u_l2_l3", ps="S", primary=20000.0, secondary=100.0),
        channel("Vca", "", "kV", U_LL, 150.0, "u_l3_l1"),
        channel("IL1", "", "A", 250.0, -20.0, "i_l1", ps="S", primary=600.0, secondary=5.0),
        channel("IL2", "", "kA", 260.0, -140.0, "i_l2", b_frac=-0.04, missing=missing),
        channel("IL3", "", "mA", 255.0, 100.0, "i_l3", b_frac=0.02),
        channel("P", "", "MW", 0.4, 0.0, None, dc=8.5),
    ]
    status = ["Trip", "CB open", "Pickup"]
    return analog, status


def sample_times(rates):
    """The time of each sample from the rates: each sample 1/samp after the one before, samp
    being the rate of the sample's own segment."""
    times, start_sample, start_time = [], 1, 0.0
    for rate, end in rates:
        while len(times) < end:
            times.append(start_time + (len(times) + 1 - start_sample) / rate)
        start_time += (end - start_sample) / rate
        start_sample = end
    return np.array(times)


def quantise(fmt, analog, times, a_override=None):
    """Raw values and a, b for each channel; also the tolerance in primary SI units."""
    out = []
    for spec in analog:
        scale = UNIT_FACTOR[spec["uu"]]
        if spec["ps"] == "S":
            scale *= spec["primary"] / spec["secondary"]
        w = 2.0 * math.pi * FREQUENCY_HZ
        ideal = spec["amplitude"] * np.sin(w * times + math.radians(spec["phase_deg"])) + spec["dc"]
        in_unit = ideal / scale
        b = spec["b_frac"] * float(np.max(np.abs(in_unit)))
        span = float(np.max(np.abs(in_unit - b)))
        if fmt == "FLOAT32":
            a = span / 1234.5 if a_override is None else a_override
            raw = ((in_unit - b) / a).astype(np.float32)
            tolerance = float(np.max(np.abs(raw))) * 2.0**-23 * a * scale
        else:
            a = span / RAW_LIMIT[fmt] * 1.000123 if a_override is None else a_override
            raw = np.round((in_unit - b) / a).astype(np.int64)
            tolerance = 0.5 * a * scale * 1.000001
        tolerance += 1e-9 * float(np.max(np.abs(ideal)))
        out.append(dict(a=a, b=b, raw=raw, scale=scale, tolerance=tolerance))
    return out


def status_values(status, n):
    return [[(i // (7 + 3 * k)) % 2 for i in range(n)] for k in range(len(status))]


def stamp(revision, when, nanoseconds):
    date = f"{when.month:02d}/{when.day:02d}/{when.year}" if revision == 1991 \
        else f"{when.day:02d}/{when.month:02d}/{when.year}"
    fraction = f"{when.microsecond:06d}" + ("125" if nanoseconds else "")
    return f"{date},{when.hour:02d}:{when.minute:02d}:{when.second:02d}.{fraction}"


def write_cfg(revision, fmt, analog, quantised, status, rates, nanoseconds, timemult):
    lines = []
    if revision == 1991:
        lines.append("Peer station,numpy")
    else:
        lines.append(f"Peer station,numpy,{revision}")
    lines.append(f"{len(analog) + len(status)},{len(analog)}A,{len(status)}D")
    for n, (spec, q) in enumerate(zip(analog, quantised), start=1):
        if fmt == "FLOAT32":
            lo, hi = float(np.min(q["raw"])), float(np.max(q["raw"]))
        else:
            lo = min(-RAW_LIMIT[fmt], int(np.min(q["raw"])))
            hi = max(RAW_LIMIT[fmt], int(np.max(q["raw"])))
        fields = [str(n), spec["id"], spec["ph"], spec["ccbm"], spec["uu"], repr(q["a"]),
                  repr(q["b"]), "0", repr(lo), repr(hi)]
        if revision != 1991:
            fields += [repr(spec["primary"]), repr(spec["secondary"]), spec["ps"]]
        lines.append(",".join(fields))
    for n, name in enumerate(status, start=1):
        y = n % 2
        lines.append(f"{n},{name},{y}" if revision == 1991 else f"{n},{name},,Feeder 1,{y}")
    lines.append(f"{FREQUENCY_HZ:g}")
    if rates is None:
        lines.append("0")
        lines.append(f"0,{SAMPLES}")
    else:
        lines.append(str(len(rates)))
        lines += [f"{rate:g},{end}" for rate, end in rates]
    lines.append(stamp(revision, START, nanoseconds))
    lines.append(stamp(revision, START + TRIGGER_AFTER, nanoseconds))
    lines.append(fmt)
    if revision != 1991:
        lines.append(repr(timemult))
    if revision == 2013:
        lines.append("+1,+1")
        lines.append("0,0")
    return "\r\n".join(lines) + "\r\n"


def missing_marker(revision, fmt):
    if fmt == "ASCII":
        return {1991: "999999", 1999: "99999", 2013: ""}[revision]
    return {"BINARY": -32768, "BINARY32": -(2**31), "FLOAT32": float("nan")}[fmt]


def write_dat(revision, fmt, analog, quantised, status_bits, timestamps):
    n = len(timestamps)
    if fmt == "ASCII":
        rows = []
        for i in range(n):
            fields = [str(i + 1), str(timestamps[i])]
            for spec, q in zip(analog, quantised):
                fields.append(missing_marker(revision, fmt) if i in spec["missing"]
                              else str(int(q["raw"][i])))
            fields += [str(bits[i]) for bits in status_bits]
            rows.append(",".join(fields))
        return ("\r\n".join(rows) + "\r\n").encode()
    code = {"BINARY": "h", "BINARY32": "i", "FLOAT32": "f"}[fmt]
    words = (len(status_bits) + 15) // 16
    out = bytearray()
    for i in range(n):
        values = []
        for spec, q in zip(analog, quantised):
            values.append(missing_marker(revision, fmt) if i in spec["missing"]
                          else (float(q["raw"][i]) if fmt == "FLOAT32" else int(q["raw"][i])))
        packed = []
        for w in range(words):
            word = 0
            for bit, bits in enumerate(status_bits[16 * w:16 * w + 16]):
                word |= bits[i] << bit
            packed.append(word)
        out += struct.pack(f"<II{len(values)}{code}{words}H", i + 1, timestamps[i], *values,
                           *packed)
    return bytes(out)


def write_cff(cfg, dat, fmt):
    head = ("--- file type: CFG ---\r\n" + cfg
            + "--- file type: INF ---\r\n[Public Record]\r\nsource=comtrade-peer.py\r\n"
            + "--- file type: HDR ---\r\nA record written by the ems COMTRADE peer.\r\n"
            + f"--- file type: DAT {fmt}: {len(dat)} ---\r\n")
    return head.encode() + dat


def nullable(values):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def read_with_package(directory, name, single_file):
    """What the comtrade package reads, as JSON-ready data."""
    record = comtrade.Comtrade(use_numpy_arrays=True, use_double_precision=True,
                               ignore_warnings=True)
    try:
        if single_file:
            record.load(str(directory / f"{name}.cff"))
        else:
            record.load(str(directory / f"{name}.cfg"), str(directory / f"{name}.dat"))
    except Exception as error:  # noqa: BLE001 -- the error is the finding
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    cfg = record.cfg
    return {
        "ok": True,
        "station_name": record.station_name,
        "rec_dev_id": record.rec_dev_id,
        "rev_year": record.rev_year,
        "ft": record.ft,
        "frequency": record.frequency,
        "sample_rates": [[float(r), int(e)] for r, e in cfg.sample_rates],
        "timestamp_critical": cfg.timestamp_critical,
        "start": record.start_timestamp.isoformat(),
        "trigger": record.trigger_timestamp.isoformat(),
        "timemult": cfg.timemult,
        "time_code": str(cfg._time_code),
        "analog": [
            {"id": c.name, "ph": c.ph, "ccbm": c.ccbm, "uu": c.uu, "a": c.a, "b": c.b,
             "skew": c.skew, "primary": c.primary, "secondary": c.secondary, "pors": c.pors,
             "values": nullable(record.analog[k])}
            for k, c in enumerate(cfg.analog_channels)
        ],
        "status": [
            {"id": c.name, "values": [int(v) for v in record.status[k]]}
            for k, c in enumerate(cfg.status_channels)
        ],
        "time": [float(t) for t in record.time],
    }


def peer_differences(revision, fmt, analog, quantised):
    """Where the package's marker rules make it read NaN for a value (see the module doc)."""
    differs = []
    for k, (spec, q) in enumerate(zip(analog, quantised)):
        for i, raw in enumerate(q["raw"]):
            if i in spec["missing"]:
                continue
            if revision == 1991 and fmt == "BINARY" and raw == -1:
                differs.append({"channel": k, "sample": i,
                                "reason": "the package takes 0xFFFF as missing in 1991 BINARY"})
            if revision == 2013 and fmt == "ASCII" and raw == 99999:
                # The channel's max is 99999 (see write_cfg): a value.
                differs.append({"channel": k, "sample": i,
                                "reason": "the package takes 99999 as missing in 2013 ASCII"})
    return differs


def make(directory, name, revision, fmt, analog, status, *, rates=((RATE_HZ, SAMPLES),),
         timestamps_only=False, single_file=False, a_override=None, waveforms=None):
    nanoseconds = revision == 2013
    if revision == 1991:
        # 1991 has no primary, secondary and PS fields: every channel is primary.
        analog = [dict(spec, ps="P", primary=1.0, secondary=1.0) for spec in analog]
    if timestamps_only:
        # Unevenly spaced samples (250 µs, give or take 20), placed by their timestamps only,
        # which count units of timemult × 1 ns.
        timemult = 2.0
        unit = timemult * (1e-9 if nanoseconds else 1e-6)
        raw_stamps = [round((i * 250e-6 + (i % 3) * 10e-6) / unit) for i in range(SAMPLES)]
        times = np.array([t * unit for t in raw_stamps])
        rates = None
    else:
        timemult = 1.0
        times = sample_times(rates)
        raw_stamps = [int(round(t * (1e9 if nanoseconds else 1e6))) for t in times]
    quantised = quantise(fmt, analog, times, a_override)
    bits = status_values(status, len(times))
    cfg = write_cfg(revision, fmt, analog, quantised, status, rates, nanoseconds, timemult)
    dat = write_dat(revision, fmt, analog, quantised, bits, raw_stamps)
    if single_file:
        (directory / f"{name}.cff").write_bytes(write_cff(cfg, dat, fmt))
    else:
        (directory / f"{name}.cfg").write_bytes(cfg.encode())
        (directory / f"{name}.dat").write_bytes(dat)

    offset_h = 1 if revision == 2013 else 0  # the 2013 records' time_code is +1
    start_utc = (START - dt.timedelta(hours=offset_h)).strftime("%Y-%m-%dT%H:%M:%S.%f")
    if nanoseconds:
        start_utc += "125"
    truth = {
        "name": name,
        "revision": revision,
        "format": fmt,
        "files": [f"{name}.cff"] if single_file else [f"{name}.cfg", f"{name}.dat"],
        "start_utc": start_utc + "Z",
        "rates": None if rates is None else [[r, e] for r, e in rates],
        "times_s": [float(t) for t in times],
        "analog": [
            {"id": s["id"], "ph": s["ph"], "uu": s["uu"], "role": s["role"],
             "amplitude_si": s["amplitude"], "frequency_hz": FREQUENCY_HZ,
             "phase_deg": s["phase_deg"], "dc_si": s["dc"], "ps": s["ps"],
             "primary": s["primary"], "secondary": s["secondary"], "a": q["a"], "b": q["b"],
             "scale": q["scale"], "tolerance_si": q["tolerance"], "missing": s["missing"]}
            for s, q in zip(analog, quantised)
        ],
        "status": [{"id": s, "values": v} for s, v in zip(status, bits)],
        "waveforms": waveforms or {"outcome": "ok"},
        "peer_differs": peer_differences(revision, fmt, analog, quantised),
    }
    (directory / f"{name}.truth.json").write_text(json.dumps(truth))
    peer = read_with_package(directory, name, single_file)
    (directory / f"{name}.peer.json").write_text(json.dumps(peer))
    return name


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: comtrade-peer.py OUTPUT_DIR")
    directory = Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for fmt in FORMATS:
        names.append(make(directory, f"full1999_{fmt.lower()}", 1999, fmt, *set_1999()))
        names.append(make(directory, f"full2013_{fmt.lower()}", 2013, fmt, *set_2013()))
        gap = range(100, 105)
        names.append(make(directory, f"gaps1999_{fmt.lower()}", 1999, fmt, *set_1999(gap),
                          waveforms={"outcome": "missing", "channel": "IB", "sample": 101,
                                     "count": 5}))
    for fmt in ["ASCII", "BINARY"]:
        names.append(make(directory, f"full1991_{fmt.lower()}", 1991, fmt, *set_1999()))
    names.append(make(directory, "gaps2013_ascii", 2013, "ASCII", *set_2013(range(100, 105)),
                      waveforms={"outcome": "missing", "channel": "IL2", "sample": 101,
                                 "count": 5}))
    # Raw values that swing through -1 (a 1991 BINARY value the package takes as missing).
    small = [channel("VA", "A", "V", 3.0, 0.0, "u_l1"), channel("IA", "A", "A", 3.0, 0.0, "i_l1")]
    names.append(make(directory, "markers1991_binary", 1991, "BINARY", small, [],
                      a_override=1.0))
    # Raw values that reach 99999 at the peaks (a 2013 ASCII value the package takes as missing).
    peaks = [channel("VA", "A", "V", 99999.0, 0.0, "u_l1"),
             channel("IA", "A", "A", 99999.0, 0.0, "i_l1")]
    names.append(make(directory, "markers2013_ascii", 2013, "ASCII", peaks, [], a_override=1.0))
    names.append(make(directory, "rates1999_binary", 1999, "BINARY", *set_1999(),
                      rates=((RATE_HZ, 400), (1000.0, 600)),
                      waveforms={"outcome": "several_rates", "rates": [RATE_HZ, 1000.0]}))
    names.append(make(directory, "timestamps2013_binary32", 2013, "BINARY32", *set_2013(),
                      timestamps_only=True, waveforms={"outcome": "no_rate"}))
    for fmt in ["ASCII", "BINARY32"]:
        names.append(make(directory, f"cff2013_{fmt.lower()}", 2013, fmt, *set_2013(),
                          single_file=True))
    (directory / "records.json").write_text(json.dumps(names))
    print(f"comtrade-peer: {len(names)} records in {directory}")


if __name__ == "__main__":
    main()
