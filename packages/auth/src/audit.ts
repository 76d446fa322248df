import { open, type FileHandle } from 'node:fs/promises';
import type { Decision } from './decision.js';
import { isAnonymous, type Principal, type PrincipalVia } from './principal.js';

/** One line of the audit log (JSON), and what `onRecord` receives. */
/** The NATS subject an audit record is published on as a tessera.v1.AuditRecord fact: `tessera.audit.<action>`. */
export const auditSubject = (action: string): string => `tessera.audit.${action}`;

export interface AuditRecord {
  /** When the request was decided, ISO 8601 UTC with milliseconds. */
  readonly time: string;
  /** The service that decided: "master", "marathon", "chronos". */
  readonly service: string;
  /** The principal's name; '' for the anonymous caller. */
  readonly principal: string;
  readonly via: PrincipalVia;
  readonly action: string;
  readonly object: string;
  readonly allowed: boolean;
  /** What decided (the Decision's rule). */
  readonly rule?: string;
  /** What came of an allowed request, as the service words it ("ok", "NotFoundError: …"); absent if not known. */
  readonly outcome?: string;
}

/** What a service records: who asked for what, and the decision. */
export interface AuditEntry {
  readonly principal: Principal;
  /** An Action, or a service's own word for a request that is not one ("authenticate"). */
  readonly action: string;
  readonly object: string;
  readonly decision: Decision;
  readonly outcome?: string;
}

export interface AuditLogOptions {
  /** Names the service in every record. */
  readonly service: string;
  /** The file to append JSON lines to (created if missing); none: records only go to `onRecord`. */
  readonly file?: string;
  /**
   * Called synchronously with every record, whether or not a file is written (the services publish it on
   * NATS). An exception it throws goes to `onError`; it never stops the record being written.
   */
  readonly onRecord?: (record: AuditRecord) => void;
  /** A record that could not be written, or an `onRecord` that threw. Default: a process warning. */
  readonly onError?: (error: unknown) => void;
  /** Milliseconds since the epoch, for `time`. Default Date.now. */
  readonly nowMs?: () => number;
}

/**
 * The audit log of a service: one JSON line per authorization decision, appended to a file.
 *
 * Each record is one write to a file opened for appending (O_APPEND), so lines from several processes
 * sharing a file do not interleave; records are written in the order `record` was called. A record's
 * promise resolves once its line has been handed to the operating system (not fsync'd: a machine crash may
 * lose the last lines). Write failures never reject: they go to `onError`, and later records are still tried.
 */
export class AuditLog {
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private handle: FileHandle | undefined,
    private readonly options: AuditLogOptions | undefined,
  ) {}

  /** A log that records nothing: no file, no hook. */
  static disabled(): AuditLog {
    return new AuditLog(undefined, undefined);
  }

  /** Opens (creating if needed) `options.file` for appending; rejects if it cannot be opened. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const handle = options.file === undefined ? undefined : await open(options.file, 'a');
    return new AuditLog(handle, options);
  }

  /** Whether records go anywhere (a file or a hook). */
  get enabled(): boolean {
    return this.options !== undefined && (this.options.file !== undefined || this.options.onRecord !== undefined);
  }

  /** Records one decision. Idempotent only in the sense that calling it twice writes two lines. */
  record(entry: AuditEntry): Promise<void> {
    const options = this.options;
    if (options === undefined) return this.tail;
    const record = auditRecord(entry, options.service, (options.nowMs ?? Date.now)());
    if (options.onRecord !== undefined) {
      try {
        options.onRecord(record);
      } catch (error) {
        this.reportError(error);
      }
    }
    if (options.file === undefined) return this.tail;
    if (this.closed) {
      this.reportError(new Error(`audit log ${options.file} is closed; a record was not written`));
      return this.tail;
    }
    const line = `${JSON.stringify(record)}\n`;
    const file = options.file;
    this.tail = this.tail.then(async () => {
      try {
        if (this.handle === undefined) throw new Error(`audit log ${file} could not be reopened; a record was lost`);
        await this.handle.write(line);
      } catch (error) {
        this.reportError(error);
      }
    });
    return this.tail;
  }

  /** Waits for the records so far to be written. */
  flush(): Promise<void> {
    return this.tail;
  }

  /**
   * Closes the file and opens the same path again, after the records so far are written: for log
   * rotation (rename the file, then reopen). Rejects if the path cannot be opened again.
   */
  async reopen(): Promise<void> {
    const file = this.options?.file;
    if (file === undefined || this.closed) return;
    const reopened = this.tail.then(async () => {
      await this.handle?.close();
      this.handle = await open(file, 'a');
    });
    // NOTE: records after a failed reopen are reported to onError, each one, until a reopen succeeds.
    this.tail = reopened.catch(() => {
      this.handle = undefined;
    });
    await reopened;
  }

  /** Writes what is pending and closes the file. Later records still reach `onRecord`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.handle?.close();
    this.handle = undefined;
  }

  private reportError(error: unknown): void {
    const onError = this.options?.onError;
    if (onError !== undefined) onError(error);
    else process.emitWarning(`audit log: ${error instanceof Error ? error.message : String(error)}`, 'AuditLogWarning');
  }
}

/** The record of one decision (pure): `allowed` and `rule` from the decision, the principal '' when anonymous. */
export function auditRecord(entry: AuditEntry, service: string, nowMs: number): AuditRecord {
  return {
    time: new Date(nowMs).toISOString(),
    service,
    principal: isAnonymous(entry.principal) ? '' : entry.principal.name,
    via: entry.principal.via,
    action: entry.action,
    object: entry.object,
    allowed: entry.decision.allowed,
    rule: entry.decision.rule,
    ...(entry.outcome !== undefined ? { outcome: entry.outcome } : {}),
  };
}
