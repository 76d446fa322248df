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
 * Replay semantics: see `core/journal-replay.ts` (pure; this file only reads
 * and writes the records).
 */
import { mkdir, open as openFile, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isTaskState } from '@tessera/domain';
import type { JournalRecord } from './core/journal-records.js';
import {
  recoveredTasks,
  ReplayState,
  snapshot,
  type JournalState,
  type RecoveredTasks,
} from './core/journal-replay.js';
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
    // NOTE: optional, absent in journals written before it was recorded (unnamed).
    (value.frameworkPrincipal === undefined || typeof value.frameworkPrincipal === 'string') &&
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

/** What `open` found: the recovered tasks (see `recoveredTasks`) and how the file looked. */
export interface RecoveredJournal extends RecoveredTasks {
  /**
   * 'new': no journal (or an empty one). 'resumed': the journal of this agent ID and boot.
   * 'other-owner': written by another agent ID or boot: discarded. 'bad-header': no valid header: discarded.
   */
  readonly origin: 'new' | 'resumed' | 'other-owner' | 'bad-header';
  /** Complete lines that were malformed or of an unknown kind, skipped. */
  readonly skippedLines: number;
  /** Well-formed records that did not apply (see `core/journal-replay.ts`). */
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
    return {
      journal,
      recovered: {
        origin,
        ...recoveredTasks(journal.state),
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
