/**
 * The agent's durability gate: the journal pump, and the gate that holds what
 * a tracker step does outside (sends, launches, kills) until the step's journal
 * records are durable.
 *
 * Contract of `afterDurable(records, then)`:
 * - `then` runs once every record passed so far (these and all earlier ones) is
 *   durable in the journal, and after the `then` of every earlier call: the
 *   order of calls is the order of the `then`s. Never before, never twice.
 * - A write that fails is logged and `then` runs anyway: at least once beats
 *   never (only the durability of those records was lost).
 * - Records that cannot be journaled are dropped and do not hold anything up:
 *   the agent does not checkpoint, opening the journal failed, or it is closed.
 *   With nothing in flight, `then` then runs synchronously, inside the call.
 * - While the journal is being opened (between the first registration and the
 *   journal file being ready), records wait and go to it once it is open.
 */
import type { Logger } from '@tessera/runtime';
import type { JournalRecord } from './core/journal-records.js';
import type { AgentJournal } from './journal.js';

export interface DurabilityOptions {
  /** The agent keeps a journal (checkpointing). Without it every `then` runs at once. */
  readonly checkpointing: boolean;
  readonly logger: Logger;
}

type JournalState =
  /** No journal yet; records wait for one to be opened (checkpointing, before the first registration). */
  | { readonly kind: 'none' }
  /** Being opened; records wait for it. */
  | { readonly kind: 'opening'; readonly ready: Promise<AgentJournal | undefined> }
  | { readonly kind: 'open'; readonly journal: AgentJournal }
  /** Not checkpointing, opening failed, or closed: records are dropped. */
  | { readonly kind: 'off' };

export class Durability {
  private state: JournalState;
  /** The `then` of the latest call, after every earlier one. */
  private tail: Promise<void> = Promise.resolve();
  /** Calls whose `then` has not run yet. */
  private inFlight = 0;
  /** Records passed before any journal was opened, in order; written when one opens. */
  private waiting: JournalRecord[] = [];
  private waitingWritten: Promise<void> | undefined;
  private releaseWaiting: (() => void) | undefined;

  constructor(private readonly options: DurabilityOptions) {
    this.state = options.checkpointing ? { kind: 'none' } : { kind: 'off' };
  }

  /** Whether a journal is open (records become durable) or being opened. */
  get journaling(): boolean {
    return this.state.kind === 'open' || this.state.kind === 'opening';
  }

  /** Records made durable from now on go to `journal` (recovery opened it). */
  use(journal: AgentJournal): void {
    this.state = { kind: 'open', journal };
    this.flushWaiting(journal);
  }

  /**
   * Switches to the journal that `open` resolves to (the agent got an ID): the
   * current one is closed first (its writes complete), records passed meanwhile
   * wait for the new one. When `open` rejects, the failure is logged, nothing is
   * journaled from then on, and everything that waited runs.
   */
  reopen(open: () => Promise<AgentJournal>): void {
    if (this.state.kind === 'off') return;
    const previous = this.state;
    const ready = (async () => {
      if (previous.kind === 'opening') await (await previous.ready)?.close();
      if (previous.kind === 'open') await previous.journal.close();
      return open();
    })().then(
      (journal) => {
        if (this.state.kind === 'opening' && this.state.ready === ready) this.use(journal);
        else void journal.close().catch(() => undefined);
        return journal;
      },
      (error: unknown) => {
        this.options.logger.error(
          { err: error },
          'writing agent.json or opening the journal failed: nothing is checkpointed',
        );
        if (this.state.kind === 'opening' && this.state.ready === ready) this.turnOff();
        return undefined;
      },
    );
    this.state = { kind: 'opening', ready };
  }

  /** Runs `then` once `records` (and every record passed before) are durable; see the contract above. */
  afterDurable(records: readonly JournalRecord[], then: () => void): void {
    const written = this.write(records);
    if (written === undefined && this.inFlight === 0) {
      then();
      return;
    }
    this.inFlight++;
    this.tail = this.tail
      .then(() => written)
      .then(then)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'applying a step failed'))
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Resolves once the `then` of every call so far (and of calls they made) has run. */
  async settled(): Promise<void> {
    for (let tail = undefined as Promise<void> | undefined; tail !== this.tail;) {
      tail = this.tail;
      await tail;
    }
  }

  /**
   * Waits for everything in flight, then closes the journal; later records are
   * dropped. Records still waiting for a journal that was never opened (the
   * agent never registered) are dropped at once. Idempotent.
   */
  async close(): Promise<void> {
    if (this.state.kind === 'none') this.turnOff();
    await this.settled();
    const state = this.state;
    this.turnOff();
    const journal = state.kind === 'open' ? state.journal : state.kind === 'opening' ? await state.ready : undefined;
    await journal
      ?.close()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'closing the journal failed'));
  }

  /** Starts writing `records`; the promise settles (never rejects) once they are durable, undefined when nothing waits. */
  private write(records: readonly JournalRecord[]): Promise<void> | undefined {
    if (this.state.kind === 'off' || records.length === 0) return undefined;
    if (this.state.kind === 'open') return this.append(this.state.journal, records);
    // No journal yet: the records wait for the next one, in order, with those before them.
    this.waiting.push(...records);
    this.waitingWritten ??= new Promise<void>((resolve) => {
      this.releaseWaiting = resolve;
    });
    return this.waitingWritten;
  }

  private append(journal: AgentJournal, records: readonly JournalRecord[]): Promise<void> {
    return journal.append(records).catch((error: unknown) => {
      // NOTE: what waited is still done (at least once beats never); only its durability was lost.
      this.options.logger.error({ err: error, records: records.length }, 'journal write failed');
    });
  }

  /** Writes what waited for a journal to `journal` (undefined: drops it) and releases what waited on it. */
  private flushWaiting(journal: AgentJournal | undefined): void {
    const records = this.waiting;
    const release = this.releaseWaiting;
    this.waiting = [];
    this.waitingWritten = undefined;
    this.releaseWaiting = undefined;
    if (release === undefined) return;
    if (journal === undefined || records.length === 0) release();
    else void this.append(journal, records).then(release);
  }

  private turnOff(): void {
    this.state = { kind: 'off' };
    this.flushWaiting(undefined);
  }
}
