#!/usr/bin/env bash
# Installs, builds and starts the whole dev cluster (master, allocator, one agent)
# with the in-memory store and bus, or Redis and NATS when REDIS_URL / NATS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_INTEGRITY_KEYS=0
corepack pnpm install --frozen-lockfile
corepack pnpm run build
exec node packages/cli/dist/main.js up "$@"
