/**
 * One-shot unary calls to whichever of several masters leads (operator and
 * state commands, the CLI): the follower contract is in
 * `@tessera/runtime`'s leader-endpoints.ts.
 */
import * as grpc from '@grpc/grpc-js';
import { isGrpcError, isNotLeaderError, LeaderEndpoints, leaderNamedBy } from '@tessera/runtime';
import { triesAnotherMaster } from './core/index.js';
import { LeaderUnreachableError, type LeaderAttempt } from './errors.js';

type Callback<Res> = (error: grpc.ServiceError | null, response?: Res) => void;
/** A unary method of a grpc-js client, as `client.GetAgents` is. */
export type UnaryMethod<Req, Res> = (request: Req, options: grpc.CallOptions, callback: Callback<Res>) => unknown;

export interface LeaderCallsOptions {
  /** The group's name in messages. Default "master". */
  readonly service?: string;
  /**
   * Longest wait for a connection to one address before the next is tried, ms
   * (bounded by what is left of the call's deadline; the last address left
   * gets all of it). An address that refuses connections fails at once; this
   * bounds one that does not answer at all. Default 3000.
   */
  readonly connectTimeoutMs?: number;
}

export interface LeaderCallOptions {
  /** Deadline of the whole call, every address tried included, ms. Default 10 s. */
  readonly timeoutMs?: number;
}

/** What a failed attempt at one address answered, in words, for LeaderUnreachableError. */
export function describeAnswer(error: Error): string {
  if (isNotLeaderError(error)) {
    const leader = leaderNamedBy(error);
    return leader === undefined
      ? 'is not the leader and knows no leader yet'
      : `is not the leader (it names ${leader})`;
  }
  if (isGrpcError(error)) {
    if (error.code === grpc.status.DEADLINE_EXCEEDED) return 'did not answer in time';
    if (error.code === grpc.status.UNAVAILABLE) return `cannot be reached (${error.details})`;
    return `answered ${grpc.status[error.code] ?? error.code}: ${error.details}`;
  }
  return `failed: ${error.message}`;
}

/**
 * After a failed attempt at `endpoints.current` (already moved on by
 * `endpoints.failed`): moves on past the addresses in `tried`, in list order.
 * False, staying where `failed` pointed, when every known address was tried.
 */
export function moveToUntried(endpoints: LeaderEndpoints, tried: ReadonlySet<string>): boolean {
  const next = endpoints.current;
  for (let step = 0; step < endpoints.all.length; step++) {
    if (!tried.has(endpoints.current)) return true;
    endpoints.failed();
  }
  endpoints.moveTo(next);
  return false;
}

/** UNAVAILABLE as grpc-js would answer it, for a connection that was not made in time. */
function notConnected(address: string, withinMs: number): grpc.ServiceError {
  const details = `no connection to ${address} within ${withinMs} ms`;
  return Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });
}

/**
 * Resolves once the client's channel is connected, or has failed to connect
 * (then a call fails at once with grpc-js's own UNAVAILABLE and its reason);
 * rejects with UNAVAILABLE when it is still connecting after `withinMs`.
 */
function settledConnection(client: grpc.Client, address: string, withinMs: number): Promise<void> {
  const channel = client.getChannel();
  const deadline = new Date(Date.now() + withinMs);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state !== grpc.connectivityState.IDLE && state !== grpc.connectivityState.CONNECTING) return resolve();
      channel.watchConnectivityState(state, deadline, (error) =>
        error === undefined ? check() : reject(notConnected(address, withinMs)),
      );
    };
    check();
  });
}

function unary<C, Req, Res>(client: C, method: UnaryMethod<Req, Res>, request: Req, deadline: Date): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, { deadline }, (error, response) => {
      if (error) reject(error);
      else if (response === undefined) reject(new Error('empty response'));
      else resolve(response);
    });
  });
}

/**
 * Unary calls to the leader of a group of processes (the masters), with one
 * gRPC client per address, kept until `close()`. Each call goes to the address
 * that answered last (at first the first one); a follower's refusal naming the
 * leader sends it there at once, a follower that knows no leader, an address
 * that cannot be reached or does not answer in time sends it to the next. Each
 * address, a leader learnt on the way included, is tried at most once per call
 * within its deadline; then the call rejects with LeaderUnreachableError naming
 * every address and what it answered. Any other answer (the leader refused the
 * request: INVALID_ARGUMENT, NOT_FOUND, …) rejects with that gRPC error as is.
 * A call is not retried at an address that answered it, so a call that is not
 * idempotent is sent to at most one leader.
 */
export class LeaderCalls<C extends grpc.Client> {
  readonly endpoints: LeaderEndpoints;
  private readonly clients = new Map<string, C>();
  private readonly service: string;
  private readonly connectTimeoutMs: number;

  /** `addresses`: "a:5050,b:5050", one address, or a list; `createClient` makes the client of one address. */
  constructor(
    addresses: string | readonly string[],
    private readonly createClient: (address: string) => C,
    options: LeaderCallsOptions = {},
  ) {
    this.endpoints = new LeaderEndpoints(addresses);
    this.service = options.service ?? 'master';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  }

  /** The address the next call goes to first: the leader, once one answered. */
  get address(): string {
    return this.endpoints.current;
  }

  /**
   * Calls `method(client)` — a unary method of the client, called on it (e.g.
   * `(client) => client.GetAgents`) — with `request` at the leader (see the
   * class comment for how it is found and what the call rejects with).
   */
  async call<Req, Res>(
    method: (client: C) => UnaryMethod<Req, Res>,
    request: Req,
    options: LeaderCallOptions = {},
  ): Promise<Res> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const deadlineMs = Date.now() + timeoutMs;
    const tried = new Set<string>();
    const attempts: LeaderAttempt[] = [];
    for (;;) {
      const address = this.endpoints.current;
      const remainingMs = deadlineMs - Date.now();
      if (tried.has(address) || remainingMs <= 0) break;
      tried.add(address);
      const client = this.clientOf(address);
      // With no other address left to try, the connection may take what is left of the deadline.
      const othersLeft = this.endpoints.all.some((other) => !tried.has(other));
      try {
        await settledConnection(
          client,
          address,
          othersLeft ? Math.min(this.connectTimeoutMs, remainingMs) : remainingMs,
        );
        return await unary(client, method(client), request, new Date(deadlineMs));
      } catch (error) {
        if (!isGrpcError(error) || !triesAnotherMaster({ code: error.code, errorName: '' })) throw error;
        attempts.push({ address, error, answered: describeAnswer(error) });
        this.endpoints.failed(error);
        if (!moveToUntried(this.endpoints, tried)) break;
      }
    }
    throw new LeaderUnreachableError(this.service, attempts, { cause: attempts.at(-1)?.error });
  }

  /** Closes every client. Idempotent; calls made later open new ones. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private clientOf(address: string): C {
    let client = this.clients.get(address);
    if (client === undefined) {
      client = this.createClient(address);
      this.clients.set(address, client);
    }
    return client;
  }
}

/**
 * One call to the leader of `addresses` (see LeaderCalls), with clients made
 * for it and closed after. For several calls, keep a LeaderCalls.
 */
export async function callLeader<C extends grpc.Client, Req, Res>(
  addresses: string | readonly string[],
  createClient: (address: string) => C,
  method: (client: C) => UnaryMethod<Req, Res>,
  request: Req,
  options: LeaderCallsOptions & LeaderCallOptions = {},
): Promise<Res> {
  const calls = new LeaderCalls(addresses, createClient, options);
  try {
    return await calls.call(method, request, options);
  } finally {
    calls.close();
  }
}
