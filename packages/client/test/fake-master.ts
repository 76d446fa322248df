/**
 * An in-process tessera.v1.Scheduler for the session's tests: it records every
 * call, answers Subscribe and the unary calls as told, and can break, refuse or
 * stop serving like a master that dies and comes back.
 */
import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { notLeaderGrpcError } from '@tessera/runtime';

type SubscribeCall = grpc.ServerWritableStream<v1.SubscribeRequest__Output, v1.Event>;

/** A gRPC refusal the way the master sends it: code, details and the `tessera-error` trailer. */
export interface Refusal {
  code: grpc.status;
  details: string;
  /** The master's error class name, e.g. "FrameworkRemovedError". */
  errorName: string;
}

export const UNAVAILABLE: Refusal = { code: grpc.status.UNAVAILABLE, details: 'master restarting', errorName: '' };

function serviceError(refusal: Refusal): Error {
  const metadata = new grpc.Metadata();
  if (refusal.errorName !== '') metadata.set('tessera-error', refusal.errorName);
  return Object.assign(new Error(refusal.details), { code: refusal.code, details: refusal.details, metadata });
}

/** A follower's refusal (UNAVAILABLE, NotLeaderError, the leader when known), as the master answers it. */
export function notLeader(leader: string | undefined): grpc.ServiceError {
  const refusal = notLeaderGrpcError('master', leader);
  return Object.assign(new Error(refusal.details), refusal) as grpc.ServiceError;
}

/**
 * Ends a server stream with `refusal` as its status.
 * NOTE: grpc-js (1.14) sends the status of an `error` event, but not of
 * `destroy(error)`: a destroyed stream never reports a status to the client.
 */
function refuse(stream: SubscribeCall, refusal: Refusal | Error): void {
  stream.emit('error', refusal instanceof Error ? refusal : serviceError(refusal));
}

export class FakeMaster {
  /** Every Subscribe request, in order. */
  readonly subscribes: v1.SubscribeRequest__Output[] = [];
  /** Every unary call, by method name, in order, with its `authorization` metadata ('' when none). */
  readonly calls: { method: string; request: unknown; authorization?: string }[] = [];
  /** The `authorization` metadata of every Subscribe, in order ('' when none). */
  readonly subscribeAuthorizations: string[] = [];
  /** Answers for the next Subscribe calls, in order; when empty, SUBSCRIBED. */
  readonly subscribeRefusals: Refusal[] = [];
  /** Answers for the next unary calls of a method, in order; when none, success. */
  readonly refusals = new Map<string, Refusal[]>();
  /** What Reconcile answers (with no task named). */
  reconcileStatuses: v1.TaskStatus[] = [];
  /** Sent in SUBSCRIBED; the fake sends no heartbeats itself (see `heartbeat()`). */
  heartbeatIntervalSeconds = 15;
  /** The framework ID given to a Subscribe without one. */
  frameworkId = 'fw-1';
  /**
   * Set: this master is a follower, and answers every call (Subscribe
   * included) with a follower's refusal naming `leader` (none when undefined).
   * Streams already open stay open (see `follow`).
   */
  follower: { leader: string | undefined } | undefined;
  private streams: SubscribeCall[] = [];
  private server: grpc.Server | undefined;

  private constructor(readonly port: number) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts on a free port (or `port`, for a restart on the same address). */
  static async start(port = 0): Promise<FakeMaster> {
    const server = new grpc.Server();
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      ),
    );
    const master = new FakeMaster(bound);
    master.server = server;
    server.addService(tesseraGrpc().tessera.v1.Scheduler.service, master.implementation());
    return master;
  }

  /**
   * Becomes a follower that knows `leader` (or no leader). With `breakStream`,
   * the open Subscribe stream is ended with the refusal too, as a master that
   * steps down ends it; otherwise it stays open and only calls are refused.
   */
  follow(leader: string | undefined, options: { breakStream?: boolean } = {}): void {
    this.follower = { leader };
    if (options.breakStream) this.breakStream(notLeader(leader));
  }

  /** Leads (again): answers calls as told. */
  lead(): void {
    this.follower = undefined;
  }

  /** Stops at once, breaking every stream (as kill -9 would). */
  kill(): void {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** The Subscribe stream opened last, if it is still open. */
  get openStream(): SubscribeCall | undefined {
    const last = this.streams.at(-1);
    return last !== undefined && !last.cancelled && !last.writableEnded ? last : undefined;
  }

  send(event: v1.Event): void {
    this.requireStream().write(event);
  }

  heartbeat(): void {
    this.send({ heartbeat: {} });
  }

  /** Breaks the open stream with `refusal` (default UNAVAILABLE), as a lost connection does. */
  breakStream(refusal: Refusal | Error = UNAVAILABLE): void {
    refuse(this.requireStream(), refusal);
  }

  /** Ends the open stream cleanly, as a master that shuts down does. */
  endStream(): void {
    this.requireStream().end();
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request);
  }

  private requireStream(): SubscribeCall {
    const stream = this.openStream;
    if (stream === undefined) throw new Error('no open Subscribe stream');
    return stream;
  }

  private implementation(): grpc.UntypedServiceImplementation {
    const unary =
      (method: string, answer: (request: unknown) => unknown = () => ({})) =>
      (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const authorization = String(call.metadata.get('authorization')[0] ?? '');
        this.calls.push({ method, request: call.request, authorization });
        if (this.follower !== undefined) return callback(notLeader(this.follower.leader));
        const refusal = this.refusals.get(method)?.shift();
        if (refusal !== undefined) callback(serviceError(refusal) as grpc.ServiceError);
        else callback(null, answer(call.request));
      };
    return {
      Subscribe: (stream: SubscribeCall) => {
        this.subscribes.push(stream.request);
        this.subscribeAuthorizations.push(String(stream.metadata.get('authorization')[0] ?? ''));
        if (this.follower !== undefined) return refuse(stream, notLeader(this.follower.leader));
        const refusal = this.subscribeRefusals.shift();
        if (refusal !== undefined) {
          refuse(stream, refusal);
          return;
        }
        this.streams.push(stream);
        stream.on('error', () => undefined);
        const id = stream.request.frameworkInfo?.id?.value || this.frameworkId;
        stream.write({
          subscribed: {
            frameworkId: { value: id },
            heartbeatIntervalSeconds: this.heartbeatIntervalSeconds,
            masterInfo: { id: 'fake', endpoint: this.address },
          },
        });
      },
      Accept: unary('Accept', () => ({ launchedTaskIds: [] })),
      Decline: unary('Decline'),
      Revive: unary('Revive'),
      Suppress: unary('Suppress'),
      Kill: unary('Kill'),
      Acknowledge: unary('Acknowledge'),
      AcknowledgeBatch: unary('AcknowledgeBatch'),
      Reconcile: unary('Reconcile', () => ({ statuses: this.reconcileStatuses })),
      Teardown: unary('Teardown', () => {
        setImmediate(() => this.openStream?.end());
        return {};
      }),
    };
  }
}
