#!/usr/bin/env bash
# Builds the web UI into web/dist, which the next build of ems embeds: installs its npm packages
# from web/package-lock.json when they changed, type-checks, bundles and compresses.
# `--if-node` builds only when Node.js is installed (else ems is built without its UI and says
# so at /); without it a missing or too old Node.js is an error.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null 2>&1; then
  if [ "${1:-}" = "--if-node" ]; then
    echo "build-ui: Node.js is not installed: ems will be built without its web UI" >&2
    exit 0
  fi
  echo "build-ui: the web UI needs Node.js 20.19 or newer (https://nodejs.org or apt-get install nodejs npm)" >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "build-ui: the web UI needs Node.js 20.19 or newer; this is $(node --version)" >&2
  exit 1
fi

stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "build-ui: installing the web UI's npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
npm run --silent build
