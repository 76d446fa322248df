import net from 'node:net';
import { join } from 'node:path';
import type { TaskDescription, TaskLaunch } from '../src/core/types.js';
import type { Timer } from '../src/executor/types.js';

/** Polls `condition` until it returns a truthy value (returned) or the deadline passes (throws, naming `what`). */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  what: string,
  { timeoutMs = 10_000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A fake clock with timers that fire only when the test advances it. */
export class ManualTimer implements Timer {
  nowMs = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { atMs: number; callback: () => void }>();

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { atMs: this.nowMs + delayMs, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      let next: [number, { atMs: number; callback: () => void }] | undefined;
      for (const entry of this.pending)
        if (entry[1].atMs <= target && (next === undefined || entry[1].atMs < next[1].atMs)) next = entry;
      if (next === undefined) break;
      this.pending.delete(next[0]);
      this.nowMs = next[1].atMs;
      next[1].callback();
    }
    this.nowMs = target;
  }

  get size(): number {
    return this.pending.size;
  }
}

/** A task of framework "f1" with no resources that runs `true`; `overrides` replace any field. */
export function taskDescription(taskId: string, overrides: Partial<TaskDescription> = {}): TaskDescription {
  return {
    frameworkId: 'f1',
    taskId,
    name: taskId,
    resources: [],
    command: { shell: true, value: 'true', arguments: [] },
    environment: {},
    labels: {},
    killGracePeriodMs: 3_000,
    uris: [],
    ...overrides,
  };
}

/** Deterministic uuids: "u1", "u2", ... */
export function sequentialIds(prefix = 'u'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** Lets queued microtasks and promise callbacks run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Processes (not zombies) whose process group or session is `id`, from /proc. */
export async function processesInGroup(id: number): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // fields after "(comm)": state ppid pgrp session ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, , pgrp, session] = fields;
    if (state === undefined || state === 'Z' || state === 'X') continue;
    if (Number(pgrp) === id || Number(session) === id) found.push(Number(entry));
  }
  return found;
}

/** A TCP port free on 127.0.0.1 just now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A launch of run "run-1" of `taskId` (framework "fw-1") with its sandbox and meta directory under `workDir`. */
export function launchUnder(
  workDir: string,
  taskId: string,
  command: TaskLaunch['command'],
  overrides: Partial<TaskLaunch> = {},
): TaskLaunch {
  return {
    frameworkId: 'fw-1',
    taskId,
    command,
    environment: {},
    sandbox: join(workDir, 'sandboxes', 'fw-1', taskId, 'run-1'),
    metaDir: join(workDir, 'meta', 'fw-1', taskId, 'run-1'),
    ports: [],
    labels: {},
    uris: [],
    killGracePeriodMs: 3_000,
    ...overrides,
  };
}
