import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const liveChildren = new Set<ChildProcess>();
const temporaryDirs = new Set<string>();
let hooksInstalled = false;

/** Signals after which the children are killed too. vitest ends its fork workers with SIGTERM, which skips 'exit'. */
const terminatingSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * Tracks a child until it exits, so that it is SIGKILLed if this process exits (or is ended by SIGTERM, SIGINT or
 * SIGHUP) first. Not possible after SIGKILL of this process: then the child outlives it.
 */
export function trackChild(child: ChildProcess): void {
  installHooks();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Removes `dir` (recursively) when this process exits or is ended by a signal, as for `trackChild`. */
export function removeAtExit(dir: string): void {
  installHooks();
  temporaryDirs.add(dir);
}

function cleanUp(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone; nothing to clean up.
    }
  }
  liveChildren.clear();
  for (const dir of temporaryDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: a leftover temp dir is harmless.
    }
  }
  temporaryDirs.clear();
}

/**
 * Installed once per process, on first use.
 * NOTE: listening for a signal disables Node's default "terminate on signal". To keep the host's behaviour, the
 * listener is a `once` that, after cleaning up, re-raises the signal if nobody else listens for it (so the process
 * dies of it as before); if the host has its own listener, the host decides, as it would have anyway.
 */
function installHooks(): void {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  process.on('exit', cleanUp);
  for (const signal of terminatingSignals) {
    process.once(signal, () => {
      cleanUp();
      if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
      }
    });
  }
}
