import { EventEmitter } from 'node:events';
import { SchedulerSession, type SchedulerSessionEvents, type SubscribeOptions } from '@tessera/client';
import { DEFAULT_REFUSE_SECONDS } from '@tessera/domain';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import { demandCall, KnownTasks, type OfferView } from './core/index.js';
import { offerFromProto } from './offer-convert.js';

/**
 * What the driver uses of a session. SchedulerSession is one; tests give a fake.
 * The session must acknowledge updates itself (`autoAcknowledge`, its default)
 * and must not reconcile on its own after re-subscription
 * (`reconcileOnResubscribe: false`): the driver does both disciplines once.
 */
export interface DriverSession extends Pick<
  SchedulerSession,
  | 'frameworkId'
  | 'state'
  | 'suppressedRoles'
  | 'subscribe'
  | 'accept'
  | 'decline'
  | 'suppress'
  | 'revive'
  | 'reconcile'
  | 'close'
> {
  on<K extends keyof SchedulerSessionEvents>(event: K, listener: (...args: SchedulerSessionEvents[K]) => void): unknown;
  off<K extends keyof SchedulerSessionEvents>(
    event: K,
    listener: (...args: SchedulerSessionEvents[K]) => void,
  ): unknown;
}

export interface FrameworkDriverOptions {
  /** How long the master keeps declined resources away from the framework, seconds. Default 5 (Mesos's). */
  readonly refuseSeconds?: number;
  /** The longest an offer is held (see `hold`), ms; it is declined then. Default 10 s. */
  readonly maxHoldMs?: number;
  /** Between periodic reconciliations, ms; 0 for none. Default 10 minutes (Marathon's default). */
  readonly reconcileIntervalMs?: number;
}

export interface FrameworkDriverEvents {
  /**
   * New offers. During the call a listener may `launch` or `accept` on them,
   * `hold` them or `decline` them; those still undecided when the listeners
   * return are declined (refuseSeconds).
   */
  offers: [offers: OfferView[]];
  /** The offer is void (rescinded, or the stream was lost); if it was held, it no longer is. */
  rescind: [offerId: string];
  /**
   * A status update, or a reconciliation answer (uuid ''). Updates are
   * acknowledged by the session; a listener must not acknowledge them again.
   */
  update: [status: v1.TaskStatus__Output];
  /** A reconciliation round ended; every answer (explicit ones, then implicit ones) was emitted as `update` first. */
  reconciled: [statuses: v1.TaskStatus__Output[]];
  /** A call the driver made by itself (Decline, Suppress, Revive, Reconcile) failed. Non-fatal; `call` names it. */
  callFailed: [call: string, error: unknown];
}

/** Marathon reconciles every 10 minutes by default. */
const DEFAULT_RECONCILE_INTERVAL_MS = 10 * 60_000;
const DEFAULT_MAX_HOLD_MS = 10_000;

/**
 * The discipline every Tessera framework follows over its SchedulerSession,
 * so that each need not write it again:
 *
 * - Offers: each batch is shown to the framework (`offers`); what it neither
 *   uses nor holds is declined at once with `refuseSeconds`. Held offers are
 *   kept for at most `maxHoldMs`, and declined when the framework says it wants
 *   nothing (`wantOffers(false)`).
 * - Demand: `wantOffers(false)` suppresses the framework's roles, `wantOffers(true)`
 *   revives them; the master is told once per change, not once per call.
 * - Acknowledgement: left to the session (automatic, batched, retried); the
 *   driver never acknowledges, so nothing is acknowledged twice.
 * - Reconciliation: after every (re)subscription and every
 *   `reconcileIntervalMs`, the tasks the driver knows (launched through it,
 *   `track`ed, or seen in updates, until they end) are reconciled explicitly,
 *   then all the framework's tasks implicitly; the answers are emitted as
 *   `update`s, then `reconciled`.
 *
 * Other calls (kill, teardown, ...) go through `session` directly.
 */
export class FrameworkDriver<S extends DriverSession = DriverSession> extends EventEmitter<FrameworkDriverEvents> {
  private readonly known = new KnownTasks();
  /** Offers of the batch being shown to the listeners and not decided yet. */
  private undecided: Map<string, OfferView> | undefined;
  private readonly held = new Map<string, { readonly offer: OfferView; readonly timer: NodeJS.Timeout }>();
  private wanted: boolean;
  private demandCalling = false;
  private reconciling = false;
  private reconcileAgain = false;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private readonly sessionListeners: DriverSessionListeners;

  /**
   * A driver over `session` (see DriverSession for what it must be). It listens
   * at once; call `start()` to subscribe. Whether offers are wanted at first is
   * whatever the session subscribes with (its suppressed roles).
   */
  constructor(
    readonly session: S,
    private readonly options: FrameworkDriverOptions = {},
  ) {
    super();
    this.wanted = session.suppressedRoles.length === 0;
    this.sessionListeners = {
      offers: (offers) => this.onOffers(offers),
      rescind: (offerId) => this.onRescind(offerId),
      update: (status) => this.onUpdate(status),
      resubscribed: () => this.afterSubscription(),
      closed: () => this.stop(),
    };
    session.on('offers', this.sessionListeners.offers);
    session.on('rescind', this.sessionListeners.rescind);
    session.on('update', this.sessionListeners.update);
    session.on('resubscribed', this.sessionListeners.resubscribed);
    session.on('closed', this.sessionListeners.closed);
  }

  /**
   * A driver over a new SchedulerSession for `info` at `masters` (one master's
   * address, or several: "a:5050,b:5050" or a list; the session follows their
   * leader), made the way the driver needs it (automatic acknowledgement, no
   * reconciliation of its own); `wantOffers: false` subscribes with every role
   * suppressed. Not subscribed yet: attach listeners, then `start()`.
   */
  static create(
    masters: string | readonly string[],
    info: v1.FrameworkInfo,
    options: FrameworkDriverOptions & {
      readonly wantOffers?: boolean;
      readonly session?: Omit<SubscribeOptions, 'autoAcknowledge' | 'reconcileOnResubscribe' | 'suppressedRoles'>;
    } = {},
  ): FrameworkDriver<SchedulerSession> {
    const session = new SchedulerSession(masters, info, {
      ...options.session,
      autoAcknowledge: true,
      reconcileOnResubscribe: false,
      suppressedRoles: options.wantOffers === false ? [...(info.roles ?? [])] : [],
    });
    return new FrameworkDriver(session, options);
  }

  /**
   * Subscribes (see SchedulerSession.subscribe for the errors), then reconciles
   * and starts the periodic reconciliation. Resolves with the framework ID.
   * Idempotent: later calls answer as the first.
   */
  async start(): Promise<string> {
    const frameworkId = await this.session.subscribe();
    if (!this.started && !this.stopped) {
      this.started = true;
      const intervalMs = this.options.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
      if (intervalMs > 0) {
        this.reconcileTimer = setInterval(() => void this.reconcile(), intervalMs);
        this.reconcileTimer.unref();
      }
      this.afterSubscription();
    }
    return frameworkId;
  }

  /**
   * Stops the driver's own work (timers, held offers are forgotten, listeners
   * removed) without closing the session. Called by itself when the session
   * closes. Idempotent.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.reconcileTimer);
    for (const { timer } of this.held.values()) clearTimeout(timer);
    this.held.clear();
    this.session.off('offers', this.sessionListeners.offers);
    this.session.off('rescind', this.sessionListeners.rescind);
    this.session.off('update', this.sessionListeners.update);
    this.session.off('resubscribed', this.sessionListeners.resubscribed);
    this.session.off('closed', this.sessionListeners.closed);
  }

  /** Stops the driver and closes the session (the master rescinds its offers; tasks stay). Idempotent. */
  close(): void {
    this.stop();
    this.session.close();
  }

  private get refuseSeconds(): number {
    return this.options.refuseSeconds ?? DEFAULT_REFUSE_SECONDS;
  }

  // ---------- offers ----------

  private onOffers(wire: v1.Offer__Output[]): void {
    const offers = wire.map(offerFromProto);
    const undecided = new Map(offers.map((offer) => [offer.offerId, offer]));
    this.undecided = undecided;
    try {
      this.emit('offers', offers);
    } finally {
      this.undecided = undefined;
      if (undecided.size > 0) this.declineOffers([...undecided.keys()], this.refuseSeconds);
    }
  }

  private onRescind(offerId: string): void {
    this.undecided?.delete(offerId);
    this.release(offerId);
    this.emit('rescind', offerId);
  }

  /** Takes the offer out of the driver's care (undecided or held); whether it was in it. */
  private release(offerId: string): boolean {
    const wasUndecided = this.undecided?.delete(offerId) ?? false;
    const held = this.held.get(offerId);
    if (held !== undefined) {
      clearTimeout(held.timer);
      this.held.delete(offerId);
    }
    return wasUndecided || held !== undefined;
  }

  /**
   * Keeps an offer of the current `offers` batch instead of declining it, for
   * at most `maxHoldMs` (then it is declined), or until `launch`, `accept`,
   * `decline`, a rescind, or `wantOffers(false)`. Returns false (and holds
   * nothing) for an offer that is not undecided in the current batch or
   * already held; holding a held offer again does not extend it.
   */
  hold(offerId: string): boolean {
    if (this.held.has(offerId)) return true;
    const offer = this.undecided?.get(offerId);
    if (offer === undefined) return false;
    this.undecided?.delete(offerId);
    const timer = setTimeout(() => {
      if (this.release(offerId)) this.declineOffers([offerId], this.refuseSeconds);
    }, this.options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS);
    timer.unref();
    this.held.set(offerId, { offer, timer });
    return true;
  }

  /** The offers held now, oldest first. */
  heldOffers(): OfferView[] {
    return [...this.held.values()].map(({ offer }) => offer);
  }

  /**
   * Accepts one offer (undecided or held) with `operations`; the unused part
   * is refused for `refuseSeconds` (default the driver's). The tasks of launch
   * operations become known (reconciled until they end). The offer leaves the
   * driver's care whatever the answer; the promise is the master's answer,
   * for the caller to handle.
   */
  accept(offerId: string, operations: v1.Operation[], refuseSeconds?: number): Promise<unknown> {
    this.release(offerId);
    for (const operation of operations) {
      for (const task of operation.launch?.taskInfos ?? []) this.known.launched(task.taskId?.value ?? '');
    }
    return this.session.accept([offerId], operations, refuseSeconds ?? this.refuseSeconds);
  }

  /** Launches `tasks` on one offer: `accept` with one launch operation. */
  launch(offerId: string, tasks: v1.TaskInfo[], refuseSeconds?: number): Promise<unknown> {
    return this.accept(offerId, [{ launch: { taskInfos: tasks } }], refuseSeconds);
  }

  /**
   * Declines offers now (undecided or held) for `refuseSeconds` (default the
   * driver's). Failures are reported as `callFailed`, not thrown. Offers not in
   * the driver's care are declined all the same (the master ignores unknown ones).
   */
  decline(offerIds: string[], refuseSeconds?: number): void {
    for (const offerId of offerIds) this.release(offerId);
    this.declineOffers(offerIds, refuseSeconds ?? this.refuseSeconds);
  }

  private declineOffers(offerIds: string[], refuseSeconds: number): void {
    if (offerIds.length === 0 || this.session.state !== 'subscribed') return;
    this.session.decline(offerIds, refuseSeconds).catch((error: unknown) => this.emit('callFailed', 'Decline', error));
  }

  // ---------- demand ----------

  /** Whether the framework wants offers (as the driver last heard). */
  get wantsOffers(): boolean {
    return this.wanted;
  }

  /**
   * Says whether the framework has something to launch. The master is told
   * only when the wish differs from what it has: Suppress when it turns false
   * (held offers are declined too), Revive when it turns true. Idempotent, and
   * cheap to call after every change of the framework's queue. A failed call is
   * reported as `callFailed` and tried again at the next `wantOffers` or
   * re-subscription.
   */
  wantOffers(wanted: boolean): void {
    this.wanted = wanted;
    if (!wanted && this.held.size > 0) this.decline([...this.held.keys()]);
    this.syncDemand();
  }

  private syncDemand(): void {
    if (this.stopped || this.session.state !== 'subscribed') return;
    const call = demandCall({
      wanted: this.wanted,
      suppressed: this.session.suppressedRoles.length > 0,
      calling: this.demandCalling,
    });
    if (call === undefined) return;
    this.demandCalling = true;
    const sent = call === 'suppress' ? this.session.suppress() : this.session.revive();
    sent.then(
      () => {
        this.demandCalling = false;
        this.syncDemand();
      },
      (error: unknown) => {
        this.demandCalling = false;
        this.emit('callFailed', call === 'suppress' ? 'Suppress' : 'Revive', error);
      },
    );
  }

  // ---------- tasks and reconciliation ----------

  /**
   * Makes a task known, so that it is reconciled (e.g. tasks a framework
   * reloads from its store after a failover). Idempotent.
   */
  track(taskId: string): void {
    this.known.launched(taskId);
  }

  /** Stops reconciling a task explicitly. Idempotent. */
  forget(taskId: string): void {
    this.known.forget(taskId);
  }

  /** How many tasks are known (launched or tracked, not ended). */
  get knownTaskCount(): number {
    return this.known.size;
  }

  private onUpdate(status: v1.TaskStatus__Output): void {
    this.known.observe(status.taskId?.value ?? '', taskStateFromProto(status.state));
    this.emit('update', status);
  }

  private afterSubscription(): void {
    this.syncDemand();
    void this.reconcile();
  }

  /**
   * One reconciliation round: the known tasks by name (in batches), then all
   * the framework's tasks. A round asked for while one runs runs after it, once.
   * Failures (e.g. the stream was lost: the next subscription reconciles again)
   * are reported as `callFailed`. Resolves when the round (and any queued one) ended.
   */
  async reconcile(): Promise<void> {
    if (this.stopped || this.session.state !== 'subscribed') return;
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.reconcileAgain = false;
        const answers: v1.TaskStatus__Output[] = [];
        const rounds = [...this.known.reconcileBatches(), []];
        for (const taskIds of rounds) {
          const statuses = await this.session.reconcile(taskIds);
          if (this.stopped) return;
          for (const status of statuses) this.onUpdate(status);
          answers.push(...statuses);
        }
        this.emit('reconciled', answers);
      } while (this.reconcileAgain && !this.stopped);
    } catch (error) {
      this.emit('callFailed', 'Reconcile', error);
    } finally {
      this.reconciling = false;
    }
  }
}

type DriverSessionListeners = {
  offers: (offers: v1.Offer__Output[]) => void;
  rescind: (offerId: string) => void;
  update: (status: v1.TaskStatus__Output) => void;
  resubscribed: () => void;
  closed: () => void;
};
