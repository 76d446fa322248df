import type { StoreWrite } from './state-store.js';

export interface GroupCommitOptions<E> {
  /** Commits writes atomically (fenced); a rejection is fatal for the pipeline. */
  readonly commit: (writes: readonly StoreWrite[]) => Promise<void>;
  /** Appends the store writes of one effect to `out` (none for effects that only send or publish). */
  readonly writesOf: (effect: E, out: StoreWrite[]) => void;
  /** Performs one effect once its step's writes are durable: a send to the master, an event, a log line. */
  readonly send: (effect: E) => void;
  /** Called once when a commit fails: the process may no longer act as leader. */
  readonly onFatal: (error: unknown) => void;
}

/**
 * Applies steps of effects in order: the writes of every step queued since the
 * last commit are committed together (group commit), then each step's effects
 * are sent in order. So nothing is sent, launched or published before the
 * state that explains it is durable, and a burst of steps costs one round trip
 * to the store. After a failed commit nothing is sent any more: every queued
 * and later step rejects with that error.
 */
export class GroupCommitPipeline<E> {
  private queued: { effects: readonly E[]; done: () => void; failed: (error: unknown) => void }[] = [];
  private running = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: GroupCommitOptions<E>) {}

  /** Queues one step's effects; resolves once they were committed and sent. */
  apply(effects: readonly E[]): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (effects.length === 0) return Promise.resolve();
    return new Promise((done, failed) => {
      this.queued.push({ effects, done, failed });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued;
        this.queued = [];
        const writes: StoreWrite[] = [];
        for (const { effects } of batch) for (const effect of effects) this.options.writesOf(effect, writes);
        try {
          if (writes.length > 0) await this.options.commit(writes);
        } catch (error) {
          this.failure = { error };
          for (const entry of [...batch, ...this.queued]) entry.failed(error);
          this.queued = [];
          this.options.onFatal(error);
          return;
        }
        for (const entry of batch) {
          for (const effect of entry.effects) this.options.send(effect);
          entry.done();
        }
      }
    } finally {
      this.running = false;
    }
  }
}
