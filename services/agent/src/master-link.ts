/**
 * The agent's end of its `tessera.v1.AgentRegistry/Connect` stream to the
 * master: one stream at a time, opened by `start`, reopened with backoff
 * (250 ms → 5 s, jittered: `core/backoff.ts`) whenever it breaks, and broken
 * on purpose when the master stays silent for five ping intervals. Pings are
 * answered here; every other message goes to `onMessage`. What to say first on
 * a new stream (Register or Reregister) and what to do on (re-)registration is
 * the agent's business.
 *
 * Several masters: the link follows their leader. A stream refused by a
 * follower that names the leader is reopened there at once (once in a row, so
 * two followers naming each other do not make it loop: the next attempt waits
 * for the backoff); a master that cannot be reached, a follower that knows no
 * leader, a stream the master ended or that went silent make the next attempt
 * go to the next master. One gRPC client at a time, for the current master.
 */
import { status as grpcStatus, type ServiceError, type ClientDuplexStream } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { LeaderEndpoints, leaderNamedBy, type Logger } from '@tessera/runtime';
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './core/backoff.js';

/** The master is considered gone after this many ping intervals without a message. */
const MISSED_PINGS_BEFORE_RECONNECT = 5;
/** How long `close` waits for the master to close the stream after the agent half-closed it. */
const STOP_FLUSH_TIMEOUT_MS = 1_000;

type ConnectCall = ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;

/**
 * How a stream ended: `failed` with the gRPC error, `ended` cleanly by the
 * master (it shut down or stepped down), `silent` (the watchdog broke it), or
 * `reset` by the agent (the master answered nonsense).
 */
type StreamEnd =
  { readonly kind: 'failed'; readonly error: ServiceError } | { readonly kind: 'ended' | 'silent' | 'reset' };

/**
 * Whether the next attempt goes to another master: yes when this one could not
 * be reached, did not answer, is a follower (UNAVAILABLE, DEADLINE_EXCEEDED),
 * ended the stream or went silent; no when it answered (it leads).
 */
function triesAnotherMaster(end: StreamEnd): boolean {
  switch (end.kind) {
    case 'failed':
      return end.error.code === grpcStatus.UNAVAILABLE || end.error.code === grpcStatus.DEADLINE_EXCEEDED;
    case 'ended':
    case 'silent':
      return true;
    case 'reset':
      return false;
  }
}

export interface MasterLinkOptions {
  /** The masters' gRPC addresses: one, or several ("a:5050,b:5050" or a list). */
  readonly masters: string | readonly string[];
  /** Makes the AgentRegistry client of one master; the link owns it and closes it when it moves on or closes. */
  readonly connectTo: (address: string) => v1.AgentRegistryClient;
  readonly logger: Logger;
  readonly reconnectBackoff?: BackoffPolicy;
  readonly now: () => number;
  readonly random: () => number;
  /** A new stream is being opened (counted in the agent's stats). */
  readonly onConnecting: () => void;
  /** The first message on every new stream: Register or Reregister. */
  readonly hello: () => v1.AgentMessage;
  /** A message from the master (not a ping). Called only for the current stream. */
  readonly onMessage: (message: v1.MasterMessage__Output) => void;
  /** The current stream is gone (`wasRegistered`: it had been registered); a reconnect is scheduled unless stopped. */
  readonly onDisconnected: (wasRegistered: boolean) => void;
}

export class MasterLink {
  private readonly endpoints: LeaderEndpoints;
  private client: v1.AgentRegistryClient | undefined;
  /** The master `client` talks to. */
  private clientAddress = '';
  /** The current stream was opened at once at a leader a follower named (the next failure waits for the backoff). */
  private followedLeader = false;
  private call: ConnectCall | undefined;
  private registered = false;
  /** No more connecting: the agent stops, or the master refused it. */
  private halted = false;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastHeardMs = 0;

  constructor(private readonly options: MasterLinkOptions) {
    this.endpoints = new LeaderEndpoints(options.masters);
  }

  /** The master the link talks to now (or tries next). */
  get master(): string {
    return this.endpoints.current;
  }

  /** Every master known: those given, then leaders learnt from followers. */
  get masters(): readonly string[] {
    return this.endpoints.all;
  }

  /** Opens the first stream. Call once. */
  start(): void {
    this.connect();
  }

  /** Registered on the current stream: messages may be sent, and the watchdog watches the master's pings. */
  isRegistered(): boolean {
    return this.registered;
  }

  /**
   * The master registered this agent on the current stream: the backoff starts
   * over, `send` works, and the watchdog breaks the stream after five
   * `pingIntervalSeconds` of silence (none when it is 0).
   */
  registeredOnStream(pingIntervalSeconds: number): void {
    if (this.call === undefined) return;
    this.registered = true;
    this.reconnectAttempt = 0;
    this.followedLeader = false;
    this.armWatchdog(pingIntervalSeconds);
  }

  /** Sends on the current stream if registered; false (nothing sent) otherwise. */
  send(message: v1.AgentMessage): boolean {
    const call = this.call;
    if (!this.registered || call === undefined || call.writableEnded) return false;
    call.write(message);
    return true;
  }

  /** Breaks the current stream (the master answered nonsense); it is reopened with backoff. */
  reconnect(): void {
    if (this.call !== undefined) this.onStreamEnded(this.call, { kind: 'reset' });
  }

  /** Stops connecting and ends the current stream at once (the master refused this agent). */
  refuse(): void {
    this.halted = true;
    const call = this.call;
    this.call = undefined;
    this.registered = false;
    this.clearTimers();
    if (call !== undefined) {
      call.end();
      call.cancel();
    }
  }

  /** Stops reconnecting; the current stream stays open (for the last updates) until `close`. Idempotent. */
  halt(): void {
    this.halted = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  /**
   * Half-closes the stream, gives the master up to a second to take what was
   * sent and close its side, then cancels it and closes the client. Call once, last.
   */
  async close(): Promise<void> {
    this.halt();
    this.clearTimers();
    const call = this.call;
    this.call = undefined;
    this.registered = false;
    if (call !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_FLUSH_TIMEOUT_MS);
        call.once('status', () => {
          clearTimeout(timer);
          resolve();
        });
        call.end();
      });
      call.cancel();
    }
    this.client?.close();
    this.client = undefined;
  }

  /** The client of the current master, made (and the previous one closed) when the link moved on. */
  private currentClient(): v1.AgentRegistryClient {
    const address = this.endpoints.current;
    if (this.client === undefined || this.clientAddress !== address) {
      this.client?.close();
      this.client = this.options.connectTo(address);
      this.clientAddress = address;
    }
    return this.client;
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.halted) return;
    this.options.onConnecting();
    const call = this.currentClient().Connect();
    this.call = call;
    this.registered = false;
    this.lastHeardMs = this.options.now();
    call.on('data', (message: v1.MasterMessage__Output) => {
      if (this.call !== call) return;
      this.lastHeardMs = this.options.now();
      if (message.message === 'ping') {
        call.write({ pong: { sequence: message.ping?.sequence ?? 0 } });
        return;
      }
      try {
        this.options.onMessage(message);
      } catch (error) {
        this.options.logger.error({ err: error, message: message.message }, 'handling a master message failed');
      }
    });
    call.on('error', (error: ServiceError) => this.onStreamEnded(call, { kind: 'failed', error }));
    call.on('end', () => this.onStreamEnded(call, { kind: 'ended' }));
    call.write(this.options.hello());
  }

  private onStreamEnded(call: ConnectCall, end: StreamEnd): void {
    if (this.call !== call) return;
    this.call = undefined;
    const wasRegistered = this.registered;
    this.registered = false;
    this.clearTimers();
    call.cancel();
    this.options.onDisconnected(wasRegistered);
    if (this.halted) return;
    const error = end.kind === 'failed' ? end.error : undefined;
    const from = this.endpoints.current;
    if (triesAnotherMaster(end)) this.endpoints.failed(error);
    const to = this.endpoints.current;
    // A follower named the leader: go there at once, unless this stream was already such a hop.
    const followLeader = leaderNamedBy(error) !== undefined && to !== from && !this.followedLeader;
    this.followedLeader = followLeader;
    const delayMs = followLeader
      ? 0
      : reconnectDelayMs(
          this.options.reconnectBackoff ?? DEFAULT_RECONNECT_BACKOFF,
          this.reconnectAttempt++,
          this.options.random(),
        );
    const level = wasRegistered ? 'warn' : followLeader ? 'info' : 'debug';
    this.options.logger[level](
      { err: error?.details ?? error?.message ?? end.kind, master: from, next: to, delayMs },
      followLeader ? 'master stream refused by a follower; following the leader' : 'master stream lost; reconnecting',
    );
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
    this.reconnectTimer.unref();
  }

  private clearTimers(): void {
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** Breaks the stream when the master has been silent for five ping intervals (it will be re-opened). */
  private armWatchdog(pingIntervalSeconds: number): void {
    this.clearTimers();
    if (!(pingIntervalSeconds > 0)) return;
    const intervalMs = pingIntervalSeconds * 1000;
    this.watchdog = setInterval(() => {
      const call = this.call;
      const silentMs = this.options.now() - this.lastHeardMs;
      if (call === undefined || silentMs <= intervalMs * MISSED_PINGS_BEFORE_RECONNECT) return;
      this.options.logger.warn(
        { silentMs, master: this.endpoints.current },
        'no message from the master; reconnecting',
      );
      this.onStreamEnded(call, { kind: 'silent' });
    }, intervalMs);
    this.watchdog.unref();
  }
}
