import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import {
  isGrpcError,
  isNotLeaderError,
  LeaderEndpoints,
  leaderNamedBy,
  type GrpcTls,
  type Logger,
} from '@tessera/runtime';
import { call, schedulerClient, type SchedulerClient } from './clients.js';
import {
  acknowledgementRetryable,
  callFailure,
  DEFAULT_RESUBSCRIBE_BACKOFF,
  resubscribeDelayMs,
  subscribeRefusal,
  suppressedAfterRevive,
  suppressedAfterSuppress,
  triesAnotherMaster,
  type FailedAnswer,
  type ResubscribeBackoff,
} from './core/index.js';
import {
  AcknowledgementFailedError,
  FrameworkErrorEventError,
  FrameworkRefusedError,
  HeartbeatsMissedError,
  LeaderUnreachableError,
  SessionClosedError,
  SessionDisconnectedError,
  SessionNotSubscribedError,
  SubscribeTimeoutError,
  SubscriptionEndedError,
  type LeaderAttempt,
} from './errors.js';
import { describeAnswer, moveToUntried } from './leader-calls.js';

/**
 * Where a session is in its life:
 * - `idle`: created, `subscribe()` not called yet (or the first subscription failed);
 * - `subscribing`: the first Subscribe is open, SUBSCRIBED not received yet;
 * - `subscribed`: the stream is up; calls are sent;
 * - `disconnected`: the stream was lost; re-subscription attempts run with backoff;
 * - `closed`: ended for good; nothing more is emitted or sent.
 */
export type SessionState = 'idle' | 'subscribing' | 'subscribed' | 'disconnected' | 'closed';

export interface SchedulerSessionEvents {
  offers: [offers: v1.Offer__Output[]];
  /**
   * The offer is void. Also emitted, for every offer not yet accepted, declined or
   * rescinded, when the stream is lost (the master rescinds them).
   */
  rescind: [offerId: string];
  /** A status update; after re-subscription also each task's state from reconciliation (uuid ''). */
  update: [status: v1.TaskStatus__Output];
  failure: [failure: v1._tessera_v1_Event_Failure__Output];
  heartbeat: [];
  /** The stream was lost (the cause says how); the session re-subscribes. Once per lost stream. */
  disconnected: [cause: Error];
  /** Subscribed again with the same framework ID after `disconnected`; reconciliation follows. */
  resubscribed: [frameworkId: string];
  /**
   * The master's state of every task of the framework, asked for after
   * re-subscription; each status was emitted as `update` just before.
   */
  reconciled: [statuses: v1.TaskStatus__Output[]];
  /**
   * An automatic acknowledgement failed. Non-fatal: with `willRetry` it is sent
   * again (after re-subscription if the stream was lost); without, the master
   * refused it as invalid and it is dropped (the agent keeps retrying the update,
   * which comes back and is acknowledged again).
   */
  acknowledgementFailed: [error: AcknowledgementFailedError, willRetry: boolean];
  /**
   * The session ended for good; emitted exactly once. `undefined` for `close()`,
   * a successful `teardown()`, or (without `reconnect`) a stream the master ended
   * or that was cancelled; otherwise the reason: FrameworkRefusedError,
   * FrameworkErrorEventError, or (without `reconnect`) the stream's error.
   */
  closed: [error: Error | undefined];
}

export interface SubscribeOptions {
  /** Acknowledge every update that carries a uuid right after emitting it. Default true. */
  autoAcknowledge?: boolean;
  /** Time to wait for SUBSCRIBED, for each attempt. Default 10 s. */
  timeoutMs?: number;
  /** Roles to subscribe suppressed. Later `suppress()` and `revive()` calls update what a re-subscription asks for. */
  suppressedRoles?: string[];
  /**
   * Re-subscribe with the framework ID when the stream is lost. Default true.
   * With false a lost stream ends the session (`closed` with the stream's error),
   * and a framework that fails over subscribes a new session with `frameworkInfo.id`.
   */
  reconnect?: boolean;
  /** Delays between re-subscription attempts (and automatic acknowledgement retries). Default 250 ms doubling to 5 s. */
  backoff?: ResubscribeBackoff;
  /** Jitter source, values in [0, 1). Default Math.random; tests inject a seeded one. */
  random?: () => number;
  /** Reconcile every task after re-subscription (see the `reconciled` event). Default true. */
  reconcileOnResubscribe?: boolean;
  /**
   * The stream counts as lost after this many of the master's heartbeat intervals
   * without any event (a stalled connection that TCP does not report). Default 5; 0 never.
   */
  missedHeartbeats?: number;
  /** Where lifecycle changes and failed acknowledgements are logged. Default: nowhere (use the events). */
  logger?: Logger;
  /** Mutual TLS to the masters (see `loadTls`). Default: plaintext. */
  tls?: GrpcTls | undefined;
  /** A secret sent as `authorization: Bearer <token>` on Subscribe and every call. Default: none. */
  token?: string | undefined;
}

type SubscribeStream = grpc.ClientReadableStream<v1.Event__Output>;

/** The metadata that carries the subscription's stream ID (Event.Subscribed.stream_id) on every unary call. */
export const STREAM_ID_METADATA = 'tessera-stream-id';
type Acknowledgement = v1._tessera_v1_AcknowledgeBatchRequest_Acknowledgement;
type Callback<Res> = (error: grpc.ServiceError | null, response?: Res) => void;
type UnaryMethod<Req, Res> = (request: Req, options: grpc.CallOptions, callback: Callback<Res>) => unknown;

/** The code and master error name of a gRPC error; undefined for any other error. */
function failedAnswer(error: unknown): FailedAnswer | undefined {
  if (!isGrpcError(error)) return undefined;
  return { code: error.code, errorName: String(error.metadata?.get('tessera-error')[0] ?? '') };
}

/**
 * One framework's session with the master: the Subscribe stream and the calls
 * that go with it. Emits offers, rescinds, updates, heartbeats and lifecycle
 * events (`disconnected`, `resubscribed`, `reconciled`, `closed`).
 *
 * Failover: when the stream breaks (master killed, restarted, network) the
 * session re-subscribes with its framework ID and its suppressed roles, with
 * jittered exponential backoff, until it is closed; then it re-sends the
 * automatic acknowledgements that failed and reconciles all its tasks. It stops
 * for good only on `close()`, `teardown()`, an Error event from the master, or a
 * permanent refusal of Subscribe (e.g. the framework was removed).
 *
 * Calls (accept, decline, kill, acknowledge, reconcile, ...) are sent only while
 * `subscribed`; otherwise they reject at once, without sending, with
 * SessionNotSubscribedError, SessionDisconnectedError or SessionClosedError. A
 * call that fails because the master is unreachable or no longer has the
 * framework's stream rejects with SessionDisconnectedError (the gRPC error as
 * cause); any other refusal by the master rejects with its gRPC error.
 * Nothing is queued: a framework decides again after `resubscribed` (offers
 * held before were rescinded).
 *
 * Several masters: given a list, the session follows their leader. A Subscribe
 * refused by a follower that names the leader is sent there at once (once per
 * attempt, so two followers naming each other do not make it loop); a master
 * that cannot be reached, a follower that knows no leader, a stream that ends
 * or stays silent make the next attempt go to the next master. A call refused
 * by a follower (the master of the stream stopped leading) rejects with
 * SessionDisconnectedError and counts as a lost stream: the session
 * re-subscribes at the leader named, at once. With one master nothing changes.
 */
export class SchedulerSession extends EventEmitter<SchedulerSessionEvents> {
  private readonly endpoints: LeaderEndpoints;
  /** The client of `masterAddress`; replaced (the old one closed) when the session moves to another master. */
  private masterClient: SchedulerClient;
  private masterAddress: string;
  masterInfo: v1.MasterInfo__Output | null = null;
  private sessionState: SessionState = 'idle';
  private stream: SubscribeStream | undefined;
  private subscribedId = '';
  /** The current subscription's stream ID, sent with every unary call. */
  private currentStreamId = '';
  private firstSubscription: Promise<string> | undefined;
  /** Rejects the subscription attempt in flight, if any (used when the session is closed under it). */
  private abandonAttempt: ((error: Error) => void) | undefined;
  private heartbeatIntervalMs = 0;
  private lastEventAtMs = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private resubscribeAttempt = 0;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private suppressed: Set<string>;
  private readonly outstandingOffers = new Set<string>();
  /** Automatic acknowledgements not sent yet or to be sent again, by task and uuid. */
  private readonly pendingAcks = new Map<string, Acknowledgement>();
  private ackFlushScheduled = false;
  private ackRetryAttempt = 0;
  private ackRetryTimer: NodeJS.Timeout | undefined;

  /**
   * A session that is not subscribed yet: attach listeners, then call
   * `subscribe()`, so that no event (offers can follow SUBSCRIBED at once) is missed.
   * `masters`: one master's gRPC address, or several ("a:5050,b:5050" or a list).
   */
  constructor(
    masters: string | readonly string[],
    private readonly info: v1.FrameworkInfo,
    private readonly options: SubscribeOptions = {},
  ) {
    super();
    this.endpoints = new LeaderEndpoints(masters);
    this.masterAddress = this.endpoints.current;
    this.masterClient = schedulerClient(this.masterAddress, { tls: options.tls, token: options.token });
    this.suppressed = new Set(options.suppressedRoles ?? []);
  }

  /** The master the session talks to now: the leader while subscribed, else the one the next attempt goes to. */
  get address(): string {
    return this.masterAddress;
  }

  /** Every master known, in order: those given, then leaders learnt from followers. */
  get masters(): readonly string[] {
    return this.endpoints.all;
  }

  /** The gRPC client of the current master (`address`); replaced when the session moves to another master. */
  get client(): SchedulerClient {
    return this.masterClient;
  }

  /**
   * Convenience: a new session, subscribed, with `listeners` attached before the
   * stream opens. If the subscription fails the session is closed and the error thrown.
   */
  static async open(
    masters: string | readonly string[],
    info: v1.FrameworkInfo,
    options: SubscribeOptions = {},
    listeners: (session: SchedulerSession) => void = () => {},
  ): Promise<SchedulerSession> {
    const session = new SchedulerSession(masters, info, options);
    listeners(session);
    try {
      await session.subscribe();
    } catch (error) {
      session.close();
      throw error;
    }
    return session;
  }

  /** The framework ID assigned (or confirmed) by the master; '' before the first SUBSCRIBED. Kept across re-subscriptions. */
  get frameworkId(): string {
    return this.subscribedId;
  }

  /**
   * The stream ID of the current subscription ('' before the first SUBSCRIBED): the session sends it with every
   * call (metadata `tessera-stream-id`); a caller that sends its own calls on `client` must too.
   */
  get streamId(): string {
    return this.currentStreamId;
  }

  get state(): SessionState {
    return this.sessionState;
  }

  /** The roles a re-subscription asks to keep suppressed. */
  get suppressedRoles(): string[] {
    return [...this.suppressed];
  }

  /**
   * Opens the Subscribe stream; resolves with the framework ID once SUBSCRIBED
   * arrives. The first subscription is not retried with backoff: it tries each
   * master once (a leader a follower names included), and if none accepts
   * (unreachable, refused, no SUBSCRIBED within `timeoutMs` each) the promise
   * rejects — with FrameworkRefusedError for a permanent refusal, with the
   * master's error when one master was tried, with LeaderUnreachableError
   * (what each answered) when several were — and the session is `idle` again,
   * so `subscribe()` may be called again (it starts at the master after the
   * last one tried). Called again while subscribing or later, it answers as
   * the first call did; after `closed`, it rejects with SessionClosedError.
   */
  subscribe(): Promise<string> {
    if (this.sessionState === 'closed') {
      return Promise.reject(new SessionClosedError(`the session with ${this.address} is closed`));
    }
    if (this.sessionState === 'idle' || this.firstSubscription === undefined) {
      this.sessionState = 'subscribing';
      this.firstSubscription = this.subscribeToAnyMaster().catch((error: unknown) => {
        if (this.sessionState === 'subscribing') this.sessionState = 'idle';
        throw this.refusalOf(error);
      });
    }
    return this.firstSubscription;
  }

  /**
   * The first subscription: Subscribe at each master once, following the
   * leader a follower names, until one sends SUBSCRIBED. A failure that another
   * master cannot mend (a refusal) rejects at once.
   */
  private async subscribeToAnyMaster(): Promise<string> {
    const tried = new Set<string>();
    const attempts: LeaderAttempt[] = [];
    for (;;) {
      const address = this.masterAddress;
      tried.add(address);
      try {
        return await this.openStream();
      } catch (error) {
        if (this.sessionState === 'closed' || !triesAnotherMaster(failedAnswer(error))) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        attempts.push({ address, error: failure, answered: describeAnswer(failure) });
        this.endpoints.failed(error);
        const untried = moveToUntried(this.endpoints, tried);
        this.useCurrentMaster(error);
        if (untried) continue;
        if (attempts.length === 1) throw error;
        throw new LeaderUnreachableError('master', attempts, { cause: error });
      }
    }
  }

  /**
   * One re-subscription attempt: Subscribe at the current master and, when a
   * follower refuses naming the leader, once more at once at that leader.
   * Every failure that another master may mend moves the session on to it for
   * the next attempt.
   */
  private async subscribeOnce(): Promise<string> {
    try {
      return await this.openStream();
    } catch (error) {
      if (this.sessionState === 'closed') throw error;
      const before = this.masterAddress;
      this.moveOn(error);
      if (leaderNamedBy(error) === undefined || this.masterAddress === before) throw error;
      try {
        return await this.openStream();
      } catch (again) {
        if (this.state !== 'closed') this.moveOn(again);
        throw again;
      }
    }
  }

  /** An attempt at the current master failed with `error`: moves to the leader it names or the next master, if another may serve. */
  private moveOn(error: unknown): void {
    if (!triesAnotherMaster(failedAnswer(error))) return;
    this.endpoints.failed(error);
    this.useCurrentMaster(error);
  }

  /** Points the client at `endpoints.current`, closing the client of the master left. */
  private useCurrentMaster(cause: unknown): void {
    const to = this.endpoints.current;
    if (to === this.masterAddress) return;
    const from = this.masterAddress;
    this.masterClient.close();
    this.masterClient = schedulerClient(to, { tls: this.options.tls, token: this.options.token });
    this.masterAddress = to;
    const leader = leaderNamedBy(cause);
    this.options.logger?.info(
      { from, to, frameworkId: this.frameworkId, err: cause instanceof Error ? cause.message : String(cause) },
      leader === undefined ? 'trying the next master' : 'following the master leader',
    );
  }

  /** One Subscribe attempt at the current master: resolves on SUBSCRIBED; rejects if the stream ends or times out before it. */
  private openStream(): Promise<string> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const resubscribing = this.subscribedId !== '';
    return new Promise<string>((resolve, reject) => {
      const stream = this.client.Subscribe({
        frameworkInfo: resubscribing ? { ...this.info, id: { value: this.subscribedId } } : this.info,
        suppressedRoles: [...this.suppressed],
      });
      this.stream = stream;
      let subscribed = false;
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.abandonAttempt = undefined;
        reject(error);
      };
      this.abandonAttempt = fail;
      const timer = setTimeout(() => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        stream.cancel();
        fail(new SubscribeTimeoutError(`no SUBSCRIBED event from ${this.address} within ${timeoutMs} ms`));
      }, timeoutMs);
      const ended = (cause: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        if (subscribed) this.streamLost(cause);
        else fail(cause);
      };
      stream.on('data', (event: v1.Event__Output) => {
        if (this.stream !== stream) return;
        this.lastEventAtMs = performance.now();
        if (event.subscribed) {
          if (subscribed) return;
          subscribed = true;
          clearTimeout(timer);
          this.abandonAttempt = undefined;
          this.onSubscribed(stream, event.subscribed, resubscribing);
          resolve(this.subscribedId);
        } else if (subscribed) {
          this.dispatch(event);
        }
      });
      stream.on('error', (error: Error) => ended(error));
      stream.on('end', () => ended(new SubscriptionEndedError(`${this.address} ended the Subscribe stream`)));
    });
  }

  private onSubscribed(
    stream: SubscribeStream,
    subscribed: v1._tessera_v1_Event_Subscribed__Output,
    resubscribing: boolean,
  ): void {
    this.subscribedId = subscribed.frameworkId?.value ?? '';
    this.currentStreamId = subscribed.streamId;
    this.masterInfo = subscribed.masterInfo;
    this.heartbeatIntervalMs = subscribed.heartbeatIntervalSeconds * 1000;
    this.sessionState = 'subscribed';
    this.resubscribeAttempt = 0;
    this.armWatchdog(stream);
    if (!resubscribing) return;
    this.options.logger?.info({ frameworkId: this.subscribedId, master: this.address }, 'framework re-subscribed');
    this.emit('resubscribed', this.subscribedId);
    this.afterResubscribe().catch((error: unknown) =>
      this.options.logger?.error({ err: error }, 'a listener failed after re-subscription'),
    );
  }

  private dispatch(event: v1.Event__Output): void {
    if (event.offers) {
      for (const offer of event.offers.offers) this.outstandingOffers.add(offer.id?.value ?? '');
      this.emit('offers', event.offers.offers);
    } else if (event.rescind) {
      const offerId = event.rescind.offerId?.value ?? '';
      this.outstandingOffers.delete(offerId);
      this.emit('rescind', offerId);
    } else if (event.update && event.update.status) {
      const status = event.update.status;
      this.emit('update', status);
      if ((this.options.autoAcknowledge ?? true) && status.uuid !== '') this.acknowledgeSoon(status);
    } else if (event.failure) this.emit('failure', event.failure);
    else if (event.error) {
      this.finish(
        new FrameworkErrorEventError(`the master ended framework ${this.frameworkId}: ${event.error.message}`),
      );
    } else if (event.heartbeat) this.emit('heartbeat');
  }

  /** The subscribed stream broke: re-subscribe (or, without `reconnect`, end the session). Once per stream. */
  private streamLost(cause: Error): void {
    this.stopWatchdog();
    if (this.sessionState === 'closed') return;
    if (!(this.options.reconnect ?? true)) {
      const quiet = cause instanceof SubscriptionEndedError || failedAnswer(cause)?.code === grpcStatus.CANCELLED;
      this.finish(quiet ? undefined : cause);
      return;
    }
    this.sessionState = 'disconnected';
    this.options.logger?.warn(
      { frameworkId: this.frameworkId, master: this.address, err: cause.message },
      'framework lost its Subscribe stream; re-subscribing',
    );
    const voided = [...this.outstandingOffers];
    this.outstandingOffers.clear();
    for (const offerId of voided) this.emit('rescind', offerId);
    this.emit('disconnected', cause);
    this.moveOn(cause);
    // A follower named the leader: go there at once (the attempt hops at most once more).
    this.scheduleResubscribe(leaderNamedBy(cause) !== undefined);
  }

  /** Schedules the next re-subscription attempt: after the backoff, or `now` (at a leader just named). */
  private scheduleResubscribe(now = false): void {
    if (this.sessionState !== 'disconnected') return;
    const delayMs = now ? 0 : resubscribeDelayMs(this.backoff(), this.resubscribeAttempt++, this.random());
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = undefined;
      this.resubscribe();
    }, delayMs);
  }

  private resubscribe(): void {
    if (this.sessionState !== 'disconnected') return;
    this.subscribeOnce().catch((error: unknown) => {
      if (this.sessionState !== 'disconnected') return;
      const refusal = this.refusalOf(error);
      if (refusal instanceof FrameworkRefusedError) {
        this.finish(refusal);
        return;
      }
      this.options.logger?.debug(
        { frameworkId: this.frameworkId, err: refusal.message, attempt: this.resubscribeAttempt, next: this.address },
        're-subscription failed; trying again',
      );
      this.scheduleResubscribe();
    });
  }

  /** A failed Subscribe as the caller sees it: FrameworkRefusedError when asking again cannot help. */
  private refusalOf(error: unknown): Error {
    const answer = failedAnswer(error);
    if (answer === undefined || subscribeRefusal(answer) === 'transient') {
      return error instanceof Error ? error : new Error(String(error));
    }
    const details = (error as grpc.ServiceError).details;
    const which = this.frameworkId === '' ? this.info.name : this.frameworkId;
    return new FrameworkRefusedError(
      `the master refused framework ${which}: ${details}`,
      answer.code,
      answer.errorName,
      {
        cause: error,
      },
    );
  }

  /** After re-subscription: acknowledgements that failed go again, then every task is reconciled. */
  private async afterResubscribe(): Promise<void> {
    this.flushAcknowledgements();
    if (!(this.options.reconcileOnResubscribe ?? true)) return;
    let statuses: v1.TaskStatus__Output[];
    try {
      statuses = await this.reconcile();
    } catch (error) {
      // NOTE: a stream lost again meanwhile is re-subscribed, and reconciled, again.
      this.options.logger?.warn({ err: error }, 'reconciliation after re-subscription failed');
      return;
    }
    if (this.sessionState === 'closed') return;
    for (const status of statuses) this.emit('update', status);
    this.emit('reconciled', statuses);
  }

  /** Breaks a stream from which nothing came for `missedHeartbeats` heartbeat intervals. */
  private armWatchdog(stream: SubscribeStream): void {
    this.stopWatchdog();
    const missed = this.options.missedHeartbeats ?? 5;
    if (!(this.heartbeatIntervalMs > 0) || missed <= 0) return;
    const silenceMs = this.heartbeatIntervalMs * missed;
    this.watchdog = setInterval(() => {
      if (this.stream !== stream) return;
      if (performance.now() - this.lastEventAtMs < silenceMs) return;
      this.stream = undefined;
      stream.cancel();
      this.streamLost(new HeartbeatsMissedError(`no event from ${this.address} for ${missed} heartbeat intervals`));
    }, this.heartbeatIntervalMs);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private backoff(): ResubscribeBackoff {
    return this.options.backoff ?? DEFAULT_RESUBSCRIBE_BACKOFF;
  }

  private random(): number {
    return (this.options.random ?? Math.random)();
  }

  /** Ends the session for good: stops every timer and the stream, closes the client, emits `closed` once. Idempotent. */
  private finish(error: Error | undefined): void {
    if (this.sessionState === 'closed') return;
    this.sessionState = 'closed';
    this.stopWatchdog();
    if (this.resubscribeTimer !== undefined) clearTimeout(this.resubscribeTimer);
    if (this.ackRetryTimer !== undefined) clearTimeout(this.ackRetryTimer);
    this.resubscribeTimer = undefined;
    this.ackRetryTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
    this.abandonAttempt?.(new SessionClosedError(`the session with ${this.address} was closed while subscribing`));
    this.pendingAcks.clear();
    this.outstandingOffers.clear();
    this.masterClient.close();
    this.emit('closed', error);
  }

  private id(): v1.FrameworkID {
    return { value: this.frameworkId };
  }

  /**
   * Sends one unary call if the session is subscribed (see the class comment for
   * the errors). `what` names the call in error messages.
   */
  private async unary<Req, Res>(what: string, method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    const framework = `framework ${this.frameworkId || this.info.name}`;
    switch (this.sessionState) {
      case 'closed':
        throw new SessionClosedError(`${what} not sent: the session of ${framework} is closed`);
      case 'idle':
      case 'subscribing':
        throw new SessionNotSubscribedError(`${what} not sent: ${framework} is not subscribed yet`);
      case 'disconnected':
        throw new SessionDisconnectedError(
          `${what} not sent: ${framework} lost its stream to ${this.address} and is re-subscribing`,
        );
      case 'subscribed':
        break;
    }
    const stream = this.stream;
    const master = this.address;
    // Every call carries the subscription's stream ID: the master takes calls for the framework only from its session.
    const metadata = new Metadata();
    metadata.set(STREAM_ID_METADATA, this.currentStreamId);
    try {
      return await call<Req, Res>(method, request, 10_000, metadata);
    } catch (error) {
      if (isNotLeaderError(error)) this.leaderMoved(stream, error as Error);
      const answer = failedAnswer(error);
      if (answer !== undefined && callFailure(answer) === 'disconnected') {
        const why = isNotLeaderError(error)
          ? `the master of ${framework} at ${master} no longer leads`
          : `${framework} is not connected to ${master}`;
        throw new SessionDisconnectedError(`${what} failed: ${why}`, { cause: error });
      }
      if (this.state === 'closed' && answer?.code === grpcStatus.CANCELLED) {
        throw new SessionClosedError(`${what} cancelled: the session of ${framework} was closed`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * A call sent while `stream` was up was refused by a follower: its master no
   * longer leads. The stream counts as lost (once); re-subscription goes to the
   * leader the refusal names, or to the next master.
   */
  private leaderMoved(stream: SubscribeStream | undefined, refusal: Error): void {
    if (stream === undefined || this.stream !== stream || this.sessionState !== 'subscribed') return;
    this.stream = undefined;
    stream.cancel();
    this.streamLost(refusal);
  }

  /** The offers are used (or returned) by this call whatever its answer: they are no longer voided on a lost stream. */
  private used(offerIds: readonly string[]): void {
    for (const offerId of offerIds) this.outstandingOffers.delete(offerId);
  }

  accept(offerIds: string[], operations: v1.Operation[], refuseSeconds?: number): Promise<v1.AcceptResponse__Output> {
    const request: v1.AcceptRequest = {
      frameworkId: this.id(),
      offerIds: offerIds.map((value) => ({ value })),
      operations,
      ...(refuseSeconds === undefined ? {} : { filters: { refuseSeconds } }),
    };
    const answer = this.unary<v1.AcceptRequest, v1.AcceptResponse__Output>(
      'Accept',
      this.client.Accept.bind(this.client),
      request,
    );
    this.used(offerIds);
    return answer;
  }

  launch(offerIds: string[], tasks: v1.TaskInfo[], refuseSeconds?: number): Promise<v1.AcceptResponse__Output> {
    return this.accept(offerIds, [{ launch: { taskInfos: tasks } }], refuseSeconds);
  }

  decline(offerIds: string[], refuseSeconds?: number): Promise<unknown> {
    const request: v1.DeclineRequest = {
      frameworkId: this.id(),
      offerIds: offerIds.map((value) => ({ value })),
      ...(refuseSeconds === undefined ? {} : { filters: { refuseSeconds } }),
    };
    const answer = this.unary<v1.DeclineRequest, v1.DeclineResponse__Output>(
      'Decline',
      this.client.Decline.bind(this.client),
      request,
    );
    this.used(offerIds);
    return answer;
  }

  /** Un-suppresses `roles` (all when empty); a later re-subscription no longer asks to suppress them. */
  async revive(roles: string[] = []): Promise<unknown> {
    const answer = await this.unary<v1.ReviveRequest, v1.ReviveResponse__Output>(
      'Revive',
      this.client.Revive.bind(this.client),
      { frameworkId: this.id(), roles },
    );
    this.suppressed = suppressedAfterRevive(this.suppressed, roles);
    return answer;
  }

  /** Suppresses `roles` (all when empty); a later re-subscription asks to keep them suppressed. */
  async suppress(roles: string[] = []): Promise<unknown> {
    const answer = await this.unary<v1.SuppressRequest, v1.SuppressResponse__Output>(
      'Suppress',
      this.client.Suppress.bind(this.client),
      { frameworkId: this.id(), roles },
    );
    this.suppressed = suppressedAfterSuppress(this.suppressed, roles, this.info.roles ?? []);
    return answer;
  }

  kill(taskId: string, gracePeriodSeconds?: number): Promise<unknown> {
    return this.unary<v1.KillRequest, v1.KillResponse__Output>('Kill', this.client.Kill.bind(this.client), {
      frameworkId: this.id(),
      taskId: { value: taskId },
      ...(gracePeriodSeconds === undefined ? {} : { killPolicy: { gracePeriodSeconds } }),
    });
  }

  /** Automatic acknowledgement: those made in one turn of the event loop go as one AcknowledgeBatch call. */
  private acknowledgeSoon(status: v1.TaskStatus__Output): void {
    const taskId = status.taskId?.value ?? '';
    this.pendingAcks.set(`${taskId}\n${status.uuid}`, {
      agentId: status.agentId ?? undefined,
      taskId: status.taskId ?? undefined,
      uuid: status.uuid,
    });
    if (this.ackFlushScheduled) return;
    this.ackFlushScheduled = true;
    setImmediate(() => {
      this.ackFlushScheduled = false;
      this.flushAcknowledgements();
    });
  }

  /** Sends every pending automatic acknowledgement, if subscribed; otherwise they wait for re-subscription. */
  private flushAcknowledgements(): void {
    if (this.sessionState !== 'subscribed' || this.pendingAcks.size === 0) return;
    const batch = [...this.pendingAcks.values()];
    this.pendingAcks.clear();
    this.sendAcknowledgements(batch).catch((error: unknown) =>
      this.options.logger?.error({ err: error }, 'an acknowledgementFailed listener failed'),
    );
  }

  /**
   * Sends `batch`; on failure keeps what is worth sending again (see
   * `acknowledgementRetryable`) and reports every failure as `acknowledgementFailed`.
   * A batch the master refuses as a whole is sent again one by one, so that one
   * acknowledgement it no longer accepts does not hold back the others.
   */
  private async sendAcknowledgements(batch: Acknowledgement[]): Promise<void> {
    try {
      await this.unary<v1.AcknowledgeBatchRequest, v1.AcknowledgeBatchResponse__Output>(
        'AcknowledgeBatch',
        this.client.AcknowledgeBatch.bind(this.client),
        { frameworkId: this.id(), acknowledgements: batch },
      );
      this.ackRetryAttempt = 0;
    } catch (error) {
      if (this.sessionState === 'closed') return;
      const answer = failedAnswer(error);
      const willRetry =
        error instanceof SessionDisconnectedError || (answer !== undefined && acknowledgementRetryable(answer));
      if (!willRetry && batch.length > 1) {
        await Promise.all(batch.map((ack) => this.sendAcknowledgements([ack])));
        return;
      }
      const acknowledged = batch.map((ack) => ({ taskId: ack.taskId?.value ?? '', uuid: ack.uuid ?? '' }));
      const failure = new AcknowledgementFailedError(
        `acknowledging ${acknowledged.map((a) => `${a.taskId}/${a.uuid}`).join(', ')} failed: ${(error as Error).message}`,
        acknowledged,
        { cause: error },
      );
      if (willRetry) {
        for (const ack of batch) this.pendingAcks.set(`${ack.taskId?.value ?? ''}\n${ack.uuid ?? ''}`, ack);
        if (this.sessionState === 'subscribed') this.scheduleAckRetry();
      }
      this.options.logger?.warn({ err: failure.message, willRetry }, 'automatic acknowledgement failed');
      this.emit('acknowledgementFailed', failure, willRetry);
    }
  }

  private scheduleAckRetry(): void {
    if (this.ackRetryTimer !== undefined) return;
    const delayMs = resubscribeDelayMs(this.backoff(), this.ackRetryAttempt++, this.random());
    this.ackRetryTimer = setTimeout(() => {
      this.ackRetryTimer = undefined;
      this.flushAcknowledgements();
    }, delayMs);
  }

  /** Acknowledges one update explicitly (with `autoAcknowledge: false`). Not retried: the caller decides. */
  acknowledge(status: v1.TaskStatus__Output): Promise<unknown> {
    return this.unary<v1.AcknowledgeRequest, v1.AcknowledgeResponse__Output>(
      'Acknowledge',
      this.client.Acknowledge.bind(this.client),
      {
        frameworkId: this.id(),
        agentId: status.agentId ?? undefined,
        taskId: status.taskId ?? undefined,
        uuid: status.uuid,
      },
    );
  }

  /** The master's latest state of the named tasks, or of all the framework's tasks when none are named. */
  async reconcile(taskIds: string[] = []): Promise<v1.TaskStatus__Output[]> {
    const response = await this.unary<v1.ReconcileRequest, v1.ReconcileResponse__Output>(
      'Reconcile',
      this.client.Reconcile.bind(this.client),
      {
        frameworkId: this.id(),
        tasks: taskIds.map((value) => ({ taskId: { value } })),
      },
    );
    return response.statuses;
  }

  /** Removes the framework (its tasks are killed); once the master confirms, the session is closed (`closed` with no error). */
  async teardown(): Promise<unknown> {
    const answer = await this.unary<v1.TeardownRequest, v1.TeardownResponse__Output>(
      'Teardown',
      this.client.Teardown.bind(this.client),
      { frameworkId: this.id() },
    );
    this.finish(undefined);
    return answer;
  }

  /**
   * Ends the session: the stream, any re-subscription, the client. The framework
   * disconnects; its tasks stay for its failover timeout. Emits `closed` (no
   * error) synchronously unless the session had already ended. Idempotent.
   */
  close(): void {
    this.finish(undefined);
  }
}
