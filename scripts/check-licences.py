#!/usr/bin/env python3
"""Fails when a dependency's licence is not on the allow-list (open-source licences only).

Reads `cargo metadata` for the whole Rust dependency graph and web/package-lock.json for the web
UI's npm packages; a package passes when its SPDX expression can be satisfied with allowed
licences (any alternative of an OR, every part of an AND).
"""
import json
import re
import subprocess
import sys

ALLOWED = {
    "MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
    "ISC", "Zlib", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "CC0-1.0", "MPL-2.0",
    "BSL-1.0", "0BSD",
    # A permissive licence for data: the Mozilla CA list that rustls-platform-verifier carries
    # on platforms without a system store (pulled in by the test client, reqwest).
    "CDLA-Permissive-2.0",
    # The Python Software Foundation licence of a port of Python's argparse that the web UI's
    # build tools use (never shipped to the browser).
    "Python-2.0",
}


def satisfiable(expression: str) -> bool:
    expression = expression.replace("/", " OR ").strip()
    alternatives = re.split(r"\s+OR\s+", expression.strip("() "))
    for alternative in alternatives:
        parts = [p.strip("() ") for p in re.split(r"\s+AND\s+", alternative)]
        if all(part in ALLOWED for part in parts):
            return True
    return False


def main() -> int:
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    refused = []
    for package in metadata["packages"]:
        licence = package.get("license")
        if not licence or not satisfiable(licence):
            refused.append(f"{package['name']} {package['version']}: {licence or 'no licence'}")
    with open("web/package-lock.json", encoding="utf-8") as lock:
        npm = {path: entry for path, entry in json.load(lock)["packages"].items() if path}
    for path, entry in npm.items():
        licence = entry.get("license")
        if not licence or not satisfiable(licence):
            refused.append(f"npm {path.removeprefix('node_modules/')}: {licence or 'no licence'}")
    if refused:
        print("licences not on the allow-list:", *refused, sep="\n  ")
        return 1
    print(f"licences: {len(metadata['packages'])} crates and {len(npm)} npm packages, all allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
