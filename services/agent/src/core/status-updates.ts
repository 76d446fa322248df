/**
 * The agent's status update manager, with Mesos's semantics: every update gets a
 * uuid and is kept until the framework acknowledges that uuid; updates of one
 * task are delivered in order, so only the OLDEST unacknowledged update of each
 * task is in flight; an in-flight update is resent with exponential backoff until
 * acknowledged. Pure: the shell passes the time in and drives retries with one
 * timer set to `nextRetryAt()`.
 */
import type { StatusDraft, StatusUpdate } from './types.js';

export interface RetryPolicy {
  /** Delay before the first resend, ms. Doubles after every resend. */
  readonly initialMs: number;
  /** Upper bound of the delay between resends, ms. */
  readonly maxMs: number;
}

export const DEFAULT_STATUS_UPDATE_RETRY: RetryPolicy = { initialMs: 2_000, maxMs: 60_000 };

/** Delay after the `attempt`-th send (1-based) before the next: initialMs · 2^(attempt−1), at most maxMs. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  // NOTE: capped before multiplying so that a long outage cannot overflow to Infinity.
  if (exponent >= 31) return policy.maxMs;
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

/** The updates of one task, oldest first; the head is the one in flight. */
interface Stream {
  readonly key: string;
  readonly updates: StatusUpdate[];
  /** How often the head has been sent. */
  attempts: number;
  /** When the head is due (again); 0 = as soon as the shell can send. */
  dueAtMs: number;
}

export type AcknowledgeResult =
  /** The head of its task's stream was acknowledged and removed. */
  | { readonly kind: 'acknowledged'; readonly update: StatusUpdate }
  /** No pending update has this uuid (already acknowledged, or never existed). Ignored. */
  | { readonly kind: 'unknown' }
  /** The uuid belongs to an update that is not in flight yet (an older one of the task is). Ignored, as in Mesos. */
  | { readonly kind: 'out-of-order'; readonly expectedUuid: string };

function streamKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}\n${taskId}`;
}

export class StatusUpdateManager {
  private readonly streams = new Map<string, Stream>();
  private readonly byUuid = new Map<string, Stream>();
  /** Streams whose head is due at once (new, or its previous head was acknowledged). */
  private readonly ready = new Set<Stream>();
  /**
   * No stream that was sent is due before this (a lower bound: it may be early
   * after acknowledgements, never late). Lets `takeDue` skip the scan of every
   * stream when only `ready` ones can be due.
   */
  private earliestRetryMs: number | undefined;

  constructor(
    private readonly newUuid: () => string,
    private readonly retry: RetryPolicy = DEFAULT_STATUS_UPDATE_RETRY,
  ) {
    if (!(retry.initialMs > 0) || !(retry.maxMs >= retry.initialMs)) {
      throw new RangeError(`invalid retry policy: initialMs ${retry.initialMs}, maxMs ${retry.maxMs}`);
    }
  }

  /** Stamps the draft with a fresh uuid and queues it behind the task's earlier updates. */
  enqueue(draft: StatusDraft): StatusUpdate {
    const update: StatusUpdate = { ...draft, uuid: this.newUuid() };
    this.append(update);
    return update;
  }

  /**
   * Queues updates that already have uuids (restored from a checkpoint), in the
   * given order. An update whose uuid is already pending is skipped.
   */
  restore(updates: readonly StatusUpdate[]): void {
    for (const update of updates) if (!this.byUuid.has(update.uuid)) this.append(update);
  }

  private append(update: StatusUpdate): void {
    const key = streamKey(update.frameworkId, update.taskId);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = { key, updates: [], attempts: 0, dueAtMs: 0 };
      this.streams.set(key, stream);
      this.ready.add(stream);
    }
    stream.updates.push(update);
    this.byUuid.set(update.uuid, stream);
  }

  /**
   * Removes the update with this uuid if it is its task's in-flight update; the
   * task's next update (if any) becomes due at once. Unknown and out-of-order
   * uuids change nothing.
   */
  acknowledge(uuid: string): AcknowledgeResult {
    const stream = this.byUuid.get(uuid);
    const head = stream?.updates[0];
    if (stream === undefined || head === undefined) return { kind: 'unknown' };
    if (head.uuid !== uuid) return { kind: 'out-of-order', expectedUuid: head.uuid };
    stream.updates.shift();
    this.byUuid.delete(uuid);
    stream.attempts = 0;
    stream.dueAtMs = 0;
    if (stream.updates.length === 0) {
      this.streams.delete(stream.key);
      this.ready.delete(stream);
    } else {
      this.ready.add(stream);
    }
    return { kind: 'acknowledged', update: head };
  }

  /**
   * The in-flight updates that are due at `nowMs`, one per task, oldest stream
   * first. Taking them counts as sending them: each one's next retry is
   * scheduled at nowMs + retryDelayMs(attempts). A head that is not
   * `sendable` yet (not yet durable in the agent's journal) holds its task's
   * stream back, unchanged, until a later call.
   */
  takeDue(nowMs: number, sendable: (update: StatusUpdate) => boolean = () => true): StatusUpdate[] {
    const due: StatusUpdate[] = [];
    const held: Stream[] = [];
    const send = (stream: Stream) => {
      const head = stream.updates[0];
      if (head === undefined || stream.dueAtMs > nowMs) return;
      if (!sendable(head)) {
        held.push(stream);
        return;
      }
      stream.attempts += 1;
      stream.dueAtMs = nowMs + retryDelayMs(this.retry, stream.attempts);
      due.push(head);
    };
    if (this.earliestRetryMs !== undefined && this.earliestRetryMs <= nowMs) {
      // Retries may be due: look at every stream, oldest first, and find the next retry.
      let earliest: number | undefined;
      for (const stream of this.streams.values()) {
        send(stream);
        if (earliest === undefined || stream.dueAtMs < earliest) earliest = stream.dueAtMs;
      }
      this.earliestRetryMs = earliest;
    } else {
      // Only new heads can be due: the other streams need not be looked at.
      for (const stream of this.ready) {
        send(stream);
        if (this.earliestRetryMs === undefined || stream.dueAtMs < this.earliestRetryMs) {
          this.earliestRetryMs = stream.dueAtMs;
        }
      }
    }
    this.ready.clear();
    for (const stream of held) this.ready.add(stream);
    return due;
  }

  /** When `takeDue` will next return something (ms; may be in the past, 0 = now); undefined when nothing is pending. */
  nextRetryAt(): number | undefined {
    if (this.ready.size > 0) return 0;
    return this.streams.size === 0 ? undefined : this.earliestRetryMs;
  }

  /**
   * Makes every in-flight update due now and restarts its backoff. Called after
   * (re-)registration, when the previous sends may have been lost with the stream.
   */
  retryAllNow(): void {
    for (const stream of this.streams.values()) {
      stream.attempts = 0;
      stream.dueAtMs = 0;
    }
    this.earliestRetryMs = this.streams.size === 0 ? undefined : 0;
  }

  /** Forgets every pending update of the framework (it was removed; nobody will acknowledge them). Returns how many. */
  dropFramework(frameworkId: string): number {
    let dropped = 0;
    for (const stream of [...this.streams.values()]) {
      if (stream.updates[0]?.frameworkId !== frameworkId) continue;
      for (const update of stream.updates) this.byUuid.delete(update.uuid);
      dropped += stream.updates.length;
      this.streams.delete(stream.key);
      this.ready.delete(stream);
    }
    return dropped;
  }

  hasPending(frameworkId: string, taskId: string): boolean {
    return this.streams.has(streamKey(frameworkId, taskId));
  }

  /** The pending updates of one task, oldest first. */
  pendingFor(frameworkId: string, taskId: string): readonly StatusUpdate[] {
    return this.streams.get(streamKey(frameworkId, taskId))?.updates ?? [];
  }

  /** Every pending update, in order within each task. */
  pending(): StatusUpdate[] {
    return [...this.streams.values()].flatMap((stream) => stream.updates);
  }

  get pendingCount(): number {
    return this.byUuid.size;
  }
}
