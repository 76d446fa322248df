# Sourced by the scripts: pnpm (the version pinned in package.json's
# packageManager) through corepack, on PATH for nested package scripts.
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# NOTE: the npm registry mirror here serves no package signatures; corepack's
# signature check would refuse every download, so it is skipped.
export COREPACK_INTEGRITY_KEYS=0
mkdir -p .tessera/bin
corepack enable --install-directory .tessera/bin pnpm
export PATH="$PWD/.tessera/bin:$PATH"
