#!/usr/bin/env python3
"""A Modbus device played by pymodbus, serving a fixed register map for one unit id.

An independent peer for ems' interoperability tests: nothing here shares code with ems.

The register map is a profile fixture (`profiles/meter/<vendor>/<model>.fixture.toml`) or a JSON
file of the same shape:

    [[raw]]
    table = "input"        # input (FC 4) | holding (FC 3)
    address = 0x0000       # 0-based protocol address, as on the wire
    words = [0x4366, 0x0000]

Other keys (`expected`, `not_available`) are ignored. In each table, the addresses between the
lowest and the highest fixture word that no `[[raw]]` block covers read as 0 (a meter answers
for the gaps its register map leaves); addresses outside that span answer "illegal data address".
Requests for any other unit id get no answer at all, as on an RS-485 bus (pymodbus on its own
would answer them with an exception).

Modbus TCP on 127.0.0.1 (`--tcp 0` picks a free port):

    python modbus_server.py --fixture sdm630.fixture.toml --unit 1 --tcp 0

RTU slave on a serial device (e.g. one end of a `socat` pty pair):

    python modbus_server.py --fixture b23.fixture.toml --unit 3 \
        --serial /dev/pts/7 --baud 19200 --parity E

(on a pty, which carries no parity bit, it serves 8N1 and says so on stderr).

Once serving, it prints exactly one line on stdout and flushes it:
`listening tcp 127.0.0.1:PORT` or `listening serial PATH`. It stops on SIGTERM or SIGINT and by
itself after `--lifetime-s` seconds (default 120), so a forgotten peer never outlives its test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import tomllib
from pathlib import Path

from pymodbus.framer import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

TABLES = ("holding", "input")


def load_register_map(path: Path) -> dict[str, dict[int, int]]:
    """Reads `[[raw]]` blocks into {table: {address: word}}."""
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    tables: dict[str, dict[int, int]] = {t: {} for t in TABLES}
    for block in doc.get("raw", []):
        table = block["table"]
        if table not in tables:
            raise SystemExit(f"{path}: unknown table {table!r} (holding | input)")
        address = int(block["address"])
        for offset, word in enumerate(block["words"]):
            word = int(word)
            if not 0 <= word <= 0xFFFF:
                raise SystemExit(f"{path}: word {word} at {address + offset} is not 16 bits")
            if address + offset in tables[table]:
                raise SystemExit(f"{path}: {table} address {address + offset} given twice")
            tables[table][address + offset] = word
    return tables


def table_blocks(words: dict[int, int]) -> list[SimData]:
    """One contiguous block from the lowest to the highest address, gaps as 0."""
    if not words:
        # pymodbus wants at least one block per table; this one is never read by a test.
        return [SimData(address=0xFFFF, values=[0], datatype=DataType.REGISTERS)]
    first, last = min(words), max(words)
    values = [words.get(a, 0) for a in range(first, last + 1)]
    return [SimData(address=first, values=values, datatype=DataType.REGISTERS)]


def build_device(unit: int, tables: dict[str, dict[int, int]]) -> SimDevice:
    """A device with separate coil, discrete input, holding and input register blocks."""
    no_bits = [SimData(address=0, values=[False] * 16, datatype=DataType.BITS)]
    return SimDevice(
        id=unit,
        simdata=(
            no_bits,
            list(no_bits),
            table_blocks(tables["holding"]),
            table_blocks(tables["input"]),
        ),
    )


def only_unit(unit: int):
    """A pdu hook that drops requests addressed to other units, so they get no answer."""

    def hook(sending: bool, pdu):
        if not sending and pdu.dev_id != unit:
            return None
        return pdu

    return hook


def parity_the_device_takes(path: str, asked: str) -> str:
    """The parity to configure: the one asked for, or none on a pty.

    A pty carries bytes, not bits: Linux keeps a pty at 8 data bits without parity whatever is
    asked (it drops PARENB from the settings), and pyserial's tcsetattr with parity on a pty
    fails with EINVAL on some kernels, depending on the pty's earlier settings. So on a pty the
    peer configures no parity and says so on stderr; the bytes that cross the pair are the same.
    """
    if asked != "N" and os.path.realpath(path).startswith("/dev/pts/"):
        print(
            f"modbus_server: {path} is a pty, which carries no parity bit: "
            f"serving 8N1 framing instead of parity {asked}",
            file=sys.stderr,
            flush=True,
        )
        return "N"
    return asked


async def serve(args: argparse.Namespace) -> int:
    tables = load_register_map(args.fixture)
    device = build_device(args.unit, tables)
    if args.tcp is not None:
        server = ModbusTcpServer(
            device,
            framer=FramerType.SOCKET,
            address=("127.0.0.1", args.tcp),
            trace_pdu=only_unit(args.unit),
        )
    else:
        server = ModbusSerialServer(
            device,
            framer=FramerType.RTU,
            port=args.serial,
            baudrate=args.baud,
            bytesize=args.data_bits,
            parity=parity_the_device_takes(args.serial, args.parity),
            stopbits=args.stop_bits,
            trace_pdu=only_unit(args.unit),
        )
    await server.serve_forever(background=True)

    if args.tcp is not None:
        sockets = getattr(server.transport, "sockets", None) or []
        if not sockets:
            print("modbus_server: TCP listener has no socket", file=sys.stderr)
            return 1
        host, port = sockets[0].getsockname()[:2]
        print(f"listening tcp {host}:{port}", flush=True)
    else:
        print(f"listening serial {args.serial}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.lifetime_s)
    except asyncio.TimeoutError:
        print(f"modbus_server: lifetime of {args.lifetime_s} s is over", file=sys.stderr)
    await server.shutdown()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", type=Path, required=True, help="register map (.toml or .json)")
    parser.add_argument("--unit", type=int, required=True, help="unit id (slave address), 1-247")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--tcp", type=int, metavar="PORT", help="Modbus TCP on 127.0.0.1:PORT (0: any free port)")
    where.add_argument("--serial", metavar="PATH", help="RTU slave on this serial device")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--data-bits", type=int, choices=(7, 8), default=8)
    parser.add_argument("--parity", choices=("N", "E", "O"), default="N")
    parser.add_argument("--stop-bits", type=int, choices=(1, 2), default=1)
    parser.add_argument("--lifetime-s", type=float, default=120.0, help="exit after this many seconds")
    parser.add_argument("--debug", action="store_true", help="pymodbus debug log on stderr")
    args = parser.parse_args()
    if not 1 <= args.unit <= 247:
        parser.error("--unit must be 1-247")
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if args.debug else logging.WARNING)
    if args.debug:
        from pymodbus import pymodbus_apply_logging_config

        pymodbus_apply_logging_config(logging.DEBUG)
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
