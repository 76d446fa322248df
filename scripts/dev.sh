#!/usr/bin/env bash
# Installs, builds and starts the whole dev cluster (master, allocator, one agent)
# with the in-memory store and bus, or Redis and NATS when REDIS_URL / NATS_URL are set.
# Extra arguments go to `tessera up` (e.g. --resources "cpus:2;mem:2048").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pnpm-env.sh
pnpm install --frozen-lockfile
pnpm run build
exec node packages/cli/dist/main.js up "$@"
