/**
 * The agent's write-ahead journal: `<workDir>/journal.jsonl`, one JSON record per
 * line, the first line a header naming the agent ID and boot ID that own it.
 *
 * Contract:
 * - Durability: `append` resolves only once its records (and every record
 *   appended before them) are written and fdatasync'ed. The agent journals a
 *   status update BEFORE sending it, and a run BEFORE launching it, so that
 *   `kill -9` loses nothing it acted on.
 * - Group commit: records appended in the same tick, or while a write is in
 *   flight, go out together in ONE write and ONE fdatasync.
 * - Ordering: batches are written strictly in the order of the `append` calls.
 *   A batch whose write fails is rejected as a whole (every waiter of it gets a
 *   `JournalWriteError`) and is cut off the file again; later appends are
 *   independent of it and go to a reopened file handle.
 * - Torn writes: a crash mid-write leaves at most a partial last line (no
 *   terminating newline); `open` ignores it. Recovery may also include whole
 *   lines of a batch whose `append` never resolved (the crash came before its
 *   fdatasync); it never misses a record whose `append` resolved.
 * - Compaction: once the file is larger than max(`compactMinBytes`, 4 × the last
 *   snapshot), it is rewritten as header + `snapshot(state)` into a temporary
 *   file (fsync), renamed over the journal, and the directory is fsync'ed.
 *   Appends arriving meanwhile wait and go to the new file. The snapshot is taken
 *   from the state of the durable records only, so compaction never loses one.
 *   `open` always compacts: the file it leaves has no torn tail and no bad lines.
 *
 * Replay semantics (`replay`): records that do not apply (a `started` for an
 * unknown run, a second `kill`, an `ack` of a uuid that is not pending, …) are
 * ignored, so replay is total. Update uuids are assumed unique.
 */
import { mkdir, open as openFile, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isTaskState } from '@tessera/domain';
import type { JournalRecord, JournalRun } from './core/journal-records.js';
import type { FrameworkCapabilities, StatusUpdate, TaskDescription } from './core/types.js';

export type { JournalKill, JournalRecord, JournalRun } from './core/journal-records.js';

// ---------- records ----------

/** The first line of the file: whose journal it is. */
export interface JournalHeader {
  readonly t: 'header';
  readonly agentId: string;
  readonly bootId: string;
  readonly version: 1;
}

// ---------- state ----------

/** A pending (unacknowledged) update, with the run it belongs to (absent: its task had no run when it was journaled). */
export interface PendingUpdate {
  readonly update: StatusUpdate;
  readonly runId?: string;
}

/** What replaying records yields. Plain data: compare with deep equality. */
export interface JournalState {
  /** Runs not forgotten, live and ended, in the order they were journaled. */
  readonly runs: readonly JournalRun[];
  /** Pending updates in the order they were journaled. */
  readonly pending: readonly PendingUpdate[];
}

type MutableRun = { -readonly [K in keyof JournalRun]: JournalRun[K] };

function taskKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}\n${taskId}`;
}

/** The replayed state with the indexes that keep applying a record O(1) (amortized). */
class ReplayState {
  readonly runs = new Map<string, MutableRun>();
  readonly pending = new Map<string, PendingUpdate>();
  /** Run IDs of each task (framework ID, task ID), oldest first. */
  private readonly runsByTask = new Map<string, string[]>();
  private readonly pendingByRun = new Map<string, number>();

  /** Applies one record; false (and no change) when it does not apply. */
  apply(record: JournalRecord): boolean {
    switch (record.t) {
      case 'run': {
        const key = taskKey(record.task.frameworkId, record.task.taskId);
        if (this.runs.has(record.runId)) return false;
        const runIds = this.runsByTask.get(key) ?? [];
        if (runIds.some((runId) => this.runs.get(runId)?.ended === false)) return false;
        const { task, capabilities, runId, sandbox } = record;
        this.runs.set(runId, { task, capabilities, runId, sandbox, ended: false });
        runIds.push(runId);
        this.runsByTask.set(key, runIds);
        return true;
      }
      case 'started': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended || run.pid !== undefined) return false;
        run.pid = record.pid;
        run.startTime = record.startTime;
        return true;
      }
      case 'kill': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended || run.kill !== undefined) return false;
        run.kill =
          record.message === undefined
            ? { cause: record.cause, gracePeriodMs: record.gracePeriodMs }
            : { cause: record.cause, gracePeriodMs: record.gracePeriodMs, message: record.message };
        return true;
      }
      case 'update': {
        const { update } = record;
        if (this.pending.has(update.uuid)) return false;
        const runIds = this.runsByTask.get(taskKey(update.frameworkId, update.taskId));
        const runId = runIds?.[runIds.length - 1];
        const run = runId === undefined ? undefined : this.runs.get(runId);
        if (run === undefined) {
          this.pending.set(update.uuid, { update });
        } else {
          run.latestUpdate = update;
          this.pending.set(update.uuid, { update, runId: run.runId });
          this.pendingByRun.set(run.runId, (this.pendingByRun.get(run.runId) ?? 0) + 1);
        }
        return true;
      }
      case 'ack': {
        const entry = this.pending.get(record.uuid);
        if (entry === undefined) return false;
        this.pending.delete(record.uuid);
        if (entry.runId !== undefined) {
          const count = (this.pendingByRun.get(entry.runId) ?? 1) - 1;
          if (count === 0) this.pendingByRun.delete(entry.runId);
          else this.pendingByRun.set(entry.runId, count);
        }
        return true;
      }
      case 'end': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended) return false;
        run.ended = true;
        return true;
      }
      case 'forget': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || !run.ended || this.pendingByRun.has(run.runId)) return false;
        this.runs.delete(run.runId);
        const key = taskKey(run.task.frameworkId, run.task.taskId);
        const runIds = (this.runsByTask.get(key) ?? []).filter((runId) => runId !== run.runId);
        if (runIds.length === 0) this.runsByTask.delete(key);
        else this.runsByTask.set(key, runIds);
        return true;
      }
    }
  }

  hasPending(runId: string): boolean {
    return this.pendingByRun.has(runId);
  }

  toState(): JournalState {
    return { runs: [...this.runs.values()].map((run) => ({ ...run })), pending: [...this.pending.values()] };
  }

  private runOf(taskId: string, runId: string): MutableRun | undefined {
    const run = this.runs.get(runId);
    return run?.task.taskId === taskId ? run : undefined;
  }
}

/** The state the records replay to. Records that do not apply are ignored. Pure. */
export function replay(records: Iterable<JournalRecord>): JournalState {
  const state = new ReplayState();
  for (const record of records) state.apply(record);
  return state.toState();
}

/**
 * The fewest records that replay to `state`: for each run its `run`, `started`,
 * `kill` and `end`; each pending update; each run's acknowledged latest update
 * as `update` + `ack`. Invariant: replay(snapshot(replay(rs))) deep-equals
 * replay(rs). Pure.
 *
 * NOTE: an update belongs to the latest run of its task ID when it is replayed,
 * so records are merged in an order that keeps every update with its run: a run
 * is emitted only when a pending update needs it (runs in journal order), and a
 * run's acknowledged latest update just before the next run of the same task.
 * That order exists for every state `replay` can produce: a pending update of an
 * older run was journaled before any newer run of its task.
 */
export function snapshot(state: JournalState): JournalRecord[] {
  const out: JournalRecord[] = [];
  const pendingUuids = new Set(state.pending.map((entry) => entry.update.uuid));
  const indexOfRun = new Map(state.runs.map((run, index) => [run.runId, index]));
  /** Per task: the emitted run whose acknowledged latest update is still owed. */
  const owedLatest = new Map<string, JournalRun>();
  let nextRun = 0;

  const flushOwed = (key: string) => {
    const run = owedLatest.get(key);
    if (run?.latestUpdate === undefined) return;
    out.push({ t: 'update', update: run.latestUpdate }, { t: 'ack', uuid: run.latestUpdate.uuid });
    owedLatest.delete(key);
  };
  const emitRunsThrough = (index: number) => {
    for (; nextRun <= index; nextRun++) {
      const run = state.runs[nextRun];
      if (run === undefined) break;
      const { taskId } = run.task;
      const key = taskKey(run.task.frameworkId, taskId);
      flushOwed(key);
      out.push({ t: 'run', task: run.task, capabilities: run.capabilities, runId: run.runId, sandbox: run.sandbox });
      if (run.pid !== undefined) {
        out.push({ t: 'started', taskId, runId: run.runId, pid: run.pid, startTime: run.startTime ?? '' });
      }
      if (run.kill !== undefined) out.push({ t: 'kill', taskId, runId: run.runId, ...run.kill });
      if (run.ended) out.push({ t: 'end', taskId, runId: run.runId });
      if (run.latestUpdate !== undefined && !pendingUuids.has(run.latestUpdate.uuid)) owedLatest.set(key, run);
    }
  };

  for (const entry of state.pending) {
    if (entry.runId !== undefined) emitRunsThrough(indexOfRun.get(entry.runId) ?? -1);
    out.push({ t: 'update', update: entry.update });
  }
  emitRunsThrough(state.runs.length - 1);
  for (const key of [...owedLatest.keys()]) flushOwed(key);
  return out;
}

// ---------- parsing ----------

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isTaskDescription(value: unknown): value is TaskDescription {
  if (!isObject(value) || !isObject(value.command)) return false;
  const { command } = value;
  return (
    typeof value.frameworkId === 'string' &&
    typeof value.taskId === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.resources) &&
    typeof command.shell === 'boolean' &&
    typeof command.value === 'string' &&
    Array.isArray(command.arguments) &&
    isStringMap(value.environment) &&
    isStringMap(value.labels) &&
    typeof value.killGracePeriodMs === 'number' &&
    Array.isArray(value.uris)
  );
}

function isCapabilities(value: unknown): value is FrameworkCapabilities {
  return isObject(value) && typeof value.taskKillingState === 'boolean' && typeof value.partitionAware === 'boolean';
}

function isStatusUpdate(value: unknown): value is StatusUpdate {
  return (
    isObject(value) &&
    typeof value.uuid === 'string' &&
    typeof value.frameworkId === 'string' &&
    typeof value.taskId === 'string' &&
    typeof value.state === 'string' &&
    isTaskState(value.state) &&
    typeof value.message === 'string' &&
    (value.source === 'agent' || value.source === 'executor') &&
    typeof value.timestampMs === 'number'
  );
}

function hasRunRef(value: Fields): boolean {
  return typeof value.taskId === 'string' && typeof value.runId === 'string';
}

/** The record a line holds, or undefined when it is malformed or of an unknown kind. */
export function parseJournalLine(line: string): JournalRecord | JournalHeader | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const ok = (() => {
    switch (value.t) {
      case 'header':
        return typeof value.agentId === 'string' && typeof value.bootId === 'string' && value.version === 1;
      case 'run':
        return (
          isTaskDescription(value.task) &&
          isCapabilities(value.capabilities) &&
          typeof value.runId === 'string' &&
          typeof value.sandbox === 'string'
        );
      case 'started':
        return hasRunRef(value) && Number.isInteger(value.pid) && typeof value.startTime === 'string';
      case 'kill':
        return (
          hasRunRef(value) &&
          typeof value.cause === 'string' &&
          typeof value.gracePeriodMs === 'number' &&
          (value.message === undefined || typeof value.message === 'string')
        );
      case 'update':
        return isStatusUpdate(value.update);
      case 'ack':
        return typeof value.uuid === 'string';
      case 'end':
      case 'forget':
        return hasRunRef(value);
      default:
        return false;
    }
  })();
  return ok ? (value as unknown as JournalRecord | JournalHeader) : undefined;
}

function encode(record: JournalRecord | JournalHeader): string {
  return `${JSON.stringify(record)}\n`;
}

// ---------- errors ----------

/** `append` after `close`. Nothing was written. */
export class JournalClosedError extends Error {
  override readonly name = 'JournalClosedError';
}

/** A batch could not be made durable; none of its records count as written. `cause`: the fs error. */
export class JournalWriteError extends Error {
  override readonly name = 'JournalWriteError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// ---------- file system seam ----------

/** The calls the journal makes on an open file (a subset of `FileHandle`). */
export interface JournalFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** The file system as the journal uses it; tests inject faults or count calls here. */
export interface JournalFs {
  /** flags: 'a' (journal), 'w' (temporary file), 'r' (the directory, to fsync it). */
  open(path: string, flags: 'a' | 'w' | 'r'): Promise<JournalFile>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
}

export const nodeJournalFs: JournalFs = {
  open: async (path, flags) => openFile(path, flags, 0o644),
  rename: async (from, to) => rename(from, to),
  rm: async (path) => rm(path, { force: true }),
};

// ---------- the journal ----------

export interface JournalOptions {
  /** The file is compacted once larger than max(compactMinBytes, 4 × the last snapshot). Default 1 MiB. */
  readonly compactMinBytes?: number;
  readonly fs?: JournalFs;
}

export interface JournalOwner {
  readonly agentId: string;
  readonly bootId: string;
}

/** What `open` found. */
export interface RecoveredJournal {
  /**
   * 'new': no journal (or an empty one). 'resumed': the journal of this agent ID and boot.
   * 'other-owner': written by another agent ID or boot: discarded. 'bad-header': no valid header: discarded.
   */
  readonly origin: 'new' | 'resumed' | 'other-owner' | 'bad-header';
  /** Runs that have not ended, in the order they were journaled. */
  readonly liveRuns: readonly JournalRun[];
  /** Ended runs that still have pending updates. */
  readonly endedRuns: readonly JournalRun[];
  /** Unacknowledged updates in the order they were journaled. */
  readonly pendingUpdates: readonly StatusUpdate[];
  /** Complete lines that were malformed or of an unknown kind, skipped. */
  readonly skippedLines: number;
  /** Well-formed records that did not apply (see `replay`). */
  readonly ignoredRecords: number;
  /** Bytes after the last newline: a write cut short by a crash, ignored. */
  readonly tornTailBytes: number;
}

/** Counters since `open`, for tests and metrics. */
export interface JournalStats {
  /** Batches made durable (each one write + one fdatasync, more writes only if the OS wrote short). */
  batches: number;
  writes: number;
  datasyncs: number;
  records: number;
  /** Includes the one `open` does. */
  compactions: number;
  compactionFailures: number;
  /** Current size of the file, bytes. */
  fileBytes: number;
}

interface Waiter {
  readonly records: readonly JournalRecord[];
  readonly bytes: Buffer;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function journalPath(workDir: string): string {
  return join(workDir, 'journal.jsonl');
}

export class AgentJournal {
  private readonly state = new ReplayState();
  private readonly fs: JournalFs;
  private readonly compactMinBytes: number;
  private readonly path: string;
  private handle: JournalFile | undefined;
  /** After a failed write: cut the file back to `stats.fileBytes` before the next one. */
  private truncateOnOpen = false;
  /** A rename whose directory fsync failed: fsync it before the next write is acknowledged. */
  private directorySyncPending = false;
  private snapshotBytes = 0;
  /** No compaction is tried before the file reaches this (raised after a failed compaction). */
  private retryCompactionAtBytes = 0;
  private queue: Waiter[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  private temporaryCounter = 0;
  private readonly counters: JournalStats = {
    batches: 0,
    writes: 0,
    datasyncs: 0,
    records: 0,
    compactions: 0,
    compactionFailures: 0,
    fileBytes: 0,
  };

  /** A copy of the counters. */
  get stats(): Readonly<JournalStats> {
    return { ...this.counters };
  }

  private constructor(
    workDir: string,
    private readonly owner: JournalOwner,
    options: JournalOptions,
  ) {
    this.fs = options.fs ?? nodeJournalFs;
    this.compactMinBytes = options.compactMinBytes ?? 1024 * 1024;
    this.path = journalPath(workDir);
  }

  /**
   * Reads `<workDir>/journal.jsonl` (creating `workDir` if needed), replays it if
   * it belongs to `owner`, and rewrites it compacted (a journal of another owner
   * is replaced by an empty one). Rejects only when the file cannot be read or
   * rewritten; bad content is skipped and counted in `recovered`.
   */
  static async open(
    workDir: string,
    owner: JournalOwner,
    options: JournalOptions = {},
  ): Promise<{ journal: AgentJournal; recovered: RecoveredJournal }> {
    const journal = new AgentJournal(workDir, owner, options);
    await mkdir(workDir, { recursive: true });
    let content: Buffer;
    try {
      content = await readFile(journal.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      content = Buffer.alloc(0);
    }
    const lastNewline = content.lastIndexOf(0x0a);
    const tornTailBytes = content.length - (lastNewline + 1);
    const lines = content
      .subarray(0, lastNewline + 1)
      .toString('utf8')
      .split('\n');
    lines.pop(); // after the last newline
    let origin: RecoveredJournal['origin'] = 'new';
    let skippedLines = 0;
    let ignoredRecords = 0;
    const [first, ...rest] = lines;
    if (first !== undefined) {
      const header = parseJournalLine(first);
      if (header?.t !== 'header') origin = 'bad-header';
      else if (header.agentId !== owner.agentId || header.bootId !== owner.bootId) origin = 'other-owner';
      else origin = 'resumed';
    }
    if (origin === 'resumed') {
      for (const line of rest) {
        const record = parseJournalLine(line);
        if (record === undefined || record.t === 'header') skippedLines++;
        else if (!journal.state.apply(record)) ignoredRecords++;
      }
    }
    await journal.compact();
    const state = journal.state.toState();
    return {
      journal,
      recovered: {
        origin,
        liveRuns: state.runs.filter((run) => !run.ended),
        endedRuns: state.runs.filter((run) => run.ended && journal.state.hasPending(run.runId)),
        pendingUpdates: state.pending.map((entry) => entry.update),
        skippedLines,
        ignoredRecords,
        tornTailBytes,
      },
    };
  }

  /**
   * Appends the records (in order, after every record appended before) and
   * resolves once they are durable. Rejects with JournalWriteError when the batch
   * they went out in failed (nothing of it counts as written; a later append may
   * succeed), with JournalClosedError after `close`. Records are not copied: do
   * not mutate them afterwards.
   */
  append(records: readonly JournalRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new JournalClosedError('the journal is closed'));
    let bytes: Buffer;
    try {
      bytes = Buffer.from(records.map(encode).join(''), 'utf8');
    } catch (error) {
      return Promise.reject(new JournalWriteError('records cannot be encoded as JSON', { cause: error }));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, bytes, resolve, reject });
      if (this.draining === undefined) {
        // NOTE: started on the next turn of the event loop so that every append of this tick joins the batch.
        this.draining = new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
      }
    });
  }

  /** The state of the durable records (a copy). */
  currentState(): JournalState {
    return this.state.toState();
  }

  /** Waits for appends already accepted, then closes the file. Later appends reject. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.writeBatch(batch);
      const limit = Math.max(this.compactMinBytes, 4 * this.snapshotBytes, this.retryCompactionAtBytes);
      if (this.counters.fileBytes > limit) {
        try {
          await this.compact();
        } catch {
          this.counters.compactionFailures++;
          this.retryCompactionAtBytes = this.counters.fileBytes + this.compactMinBytes;
        }
      }
    }
    this.draining = undefined;
  }

  private async writeBatch(batch: readonly Waiter[]): Promise<void> {
    const bytes = Buffer.concat(batch.map((waiter) => waiter.bytes));
    try {
      if (this.directorySyncPending) await this.syncDirectory();
      const handle = await this.openHandle();
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        this.counters.writes++;
        offset += bytesWritten;
      }
      await handle.datasync();
      this.counters.datasyncs++;
    } catch (error) {
      // NOTE: part of the batch may be in the file; it is cut off before the next write so that no later
      // record is glued onto a partial line.
      this.truncateOnOpen = true;
      const handle = this.handle;
      this.handle = undefined;
      await handle?.close().catch(() => undefined);
      const failure = new JournalWriteError(`could not write ${this.path}`, { cause: error });
      for (const waiter of batch) waiter.reject(failure);
      return;
    }
    this.counters.batches++;
    this.counters.fileBytes += bytes.length;
    for (const waiter of batch) {
      for (const record of waiter.records) this.state.apply(record);
      this.counters.records += waiter.records.length;
    }
    for (const waiter of batch) waiter.resolve();
  }

  private async openHandle(): Promise<JournalFile> {
    if (this.handle !== undefined) return this.handle;
    const handle = await this.fs.open(this.path, 'a');
    if (this.truncateOnOpen) {
      try {
        await handle.truncate(this.counters.fileBytes);
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      this.truncateOnOpen = false;
    }
    this.handle = handle;
    return handle;
  }

  /** Rewrites the file as header + snapshot of the durable state (temporary file, fsync, rename, fsync directory). */
  private async compact(): Promise<void> {
    const header: JournalHeader = { t: 'header', agentId: this.owner.agentId, bootId: this.owner.bootId, version: 1 };
    const text = [header, ...snapshot(this.state.toState())].map(encode).join('');
    const bytes = Buffer.from(text, 'utf8');
    const temporary = `${this.path}.tmp-${process.pid}-${++this.temporaryCounter}`;
    try {
      const file = await this.fs.open(temporary, 'w');
      try {
        for (let offset = 0; offset < bytes.length;) {
          offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await this.fs.rename(temporary, this.path);
    } catch (error) {
      await this.fs.rm(temporary).catch(() => undefined);
      throw error;
    }
    // The old handle points at the replaced file.
    const old = this.handle;
    this.handle = undefined;
    this.truncateOnOpen = false;
    await old?.close().catch(() => undefined);
    this.counters.fileBytes = bytes.length;
    this.snapshotBytes = bytes.length;
    this.retryCompactionAtBytes = 0;
    this.counters.compactions++;
    this.directorySyncPending = true;
    // NOTE: until the directory is fsync'ed the rename may be lost in a crash, and with it every later
    // append; a failure here is retried before the next batch is acknowledged.
    await this.syncDirectory().catch(() => undefined);
  }

  private async syncDirectory(): Promise<void> {
    const directory = await this.fs.open(dirname(this.path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    this.directorySyncPending = false;
  }
}
