#!/usr/bin/env bash
# Installs, builds and starts the whole dev cluster (master, allocator, one agent)
# with the in-memory store and bus, or Redis and NATS when REDIS_URL / NATS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_INTEGRITY_KEYS=0
# pnpm (the version pinned in package.json) through corepack, on PATH for nested scripts.
mkdir -p .tessera/bin
corepack enable --install-directory .tessera/bin pnpm
export PATH="$PWD/.tessera/bin:$PATH"
pnpm install --frozen-lockfile
pnpm run build
exec node packages/cli/dist/main.js up "$@"
