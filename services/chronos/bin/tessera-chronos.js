#!/usr/bin/env node
// The tessera-chronos command: the built service (run `pnpm run build` first).
// NOTE: a committed file, so that pnpm can link the bin before anything is built.
import '../dist/main.js';
