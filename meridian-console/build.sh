#!/usr/bin/env bash
# Builds the console with the machine's Node.js and npm (no downloaded toolchain).
# npm ci runs only when package-lock.json changed since the last install. ESLint runs first: a violation fails the
# build (and so ./mvnw verify and CI).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "meridian-console: npm is not installed; install Node.js 20+ with npm." >&2
  exit 1
fi
stamp=node_modules/.meridian-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
npm run lint
npm run build
