#!/usr/bin/env bash
# Installs everything from the lockfile and runs every check and test:
# build, generated-code check, type check, lint, unit, property and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pnpm-env.sh
pnpm install --frozen-lockfile
pnpm test
