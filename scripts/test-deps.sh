#!/usr/bin/env bash
# Installs the independent peers the test suite talks to, when they are missing:
# Debian packages (socat for pty pairs, mbpoll as a Modbus client, chromium and a font for the
# web UI's end-to-end tests; the UI's npm packages are installed by scripts/build-ui.sh from
# web/package-lock.json) and a Python virtual
# environment with pymodbus (Modbus TCP server and RTU slave, async client for benchmarks),
# numpy (COMTRADE records for the reader's tests, the analyser benchmark's peer), comtrade
# (an independent COMTRADE reader) and schemathesis (checks the web server against its OpenAPI
# document).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(socat mbpoll chromium fonts-dejavu-core)
PY_PACKAGES=(pymodbus==3.16.1 pyserial==3.5 numpy==2.4.6 comtrade==0.2.0 schemathesis==4.32.5)
VENV=target/test-peers/venv

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-deps: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp="$VENV/.installed-$(printf '%s\n' "${PY_PACKAGES[@]}" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "test-deps: creating $VENV with ${PY_PACKAGES[*]}"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
  touch "$stamp"
fi
