import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { call, schedulerClient, type SchedulerClient } from './clients.js';

export interface SchedulerSessionEvents {
  offers: [offers: v1.Offer__Output[]];
  rescind: [offerId: string];
  update: [status: v1.TaskStatus__Output];
  failure: [failure: v1._tessera_v1_Event_Failure__Output];
  error: [error: Error];
  heartbeat: [];
  /** The stream ended (master gone, torn down, or closed). */
  closed: [error: Error | undefined];
}

export interface SubscribeOptions {
  /** Acknowledge every update that carries a uuid right after emitting it. Default true. */
  autoAcknowledge?: boolean;
  /** Time to wait for SUBSCRIBED. Default 10 s. */
  timeoutMs?: number;
  suppressedRoles?: string[];
}

/**
 * One framework's session with the master: the Subscribe stream and the calls
 * that go with it. Emits offers, rescinds, updates, heartbeats; `closed` when the
 * stream ends. A framework that fails over subscribes again with `frameworkId`.
 */
export class SchedulerSession extends EventEmitter<SchedulerSessionEvents> {
  readonly client: SchedulerClient;
  private stream: grpc.ClientReadableStream<v1.Event__Output> | undefined;
  private subscribedId = '';
  masterInfo: v1.MasterInfo__Output | null = null;

  /**
   * A session that is not subscribed yet: attach listeners, then call
   * `subscribe()`, so that no event (offers can follow SUBSCRIBED at once) is missed.
   */
  constructor(
    readonly address: string,
    private readonly info: v1.FrameworkInfo,
    private readonly options: SubscribeOptions = {},
  ) {
    super();
    this.client = schedulerClient(address);
  }

  /** Convenience: a new session, subscribed, with `listeners` attached before the stream opens. */
  static async open(
    address: string,
    info: v1.FrameworkInfo,
    options: SubscribeOptions = {},
    listeners: (session: SchedulerSession) => void = () => {},
  ): Promise<SchedulerSession> {
    const session = new SchedulerSession(address, info, options);
    listeners(session);
    await session.subscribe();
    return session;
  }

  /** The framework ID assigned (or confirmed) by the master; '' before SUBSCRIBED. */
  get frameworkId(): string {
    return this.subscribedId;
  }

  /** Opens the Subscribe stream; resolves with the framework ID once SUBSCRIBED arrives. */
  subscribe(): Promise<string> {
    const autoAck = this.options.autoAcknowledge ?? true;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const stream = this.client.Subscribe({
        frameworkInfo: this.info,
        suppressedRoles: this.options.suppressedRoles ?? [],
      });
      this.stream = stream;
      let subscribed = false;
      const timer = setTimeout(() => {
        stream.cancel();
        reject(new Error(`no SUBSCRIBED event from ${this.address} within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('data', (event: v1.Event__Output) => {
        if (event.subscribed) {
          clearTimeout(timer);
          subscribed = true;
          this.subscribedId = event.subscribed.frameworkId?.value ?? '';
          this.masterInfo = event.subscribed.masterInfo;
          resolve(this.subscribedId);
          return;
        }
        if (!subscribed) return;
        if (event.offers) this.emit('offers', event.offers.offers);
        else if (event.rescind) this.emit('rescind', event.rescind.offerId?.value ?? '');
        else if (event.update && event.update.status) {
          const status = event.update.status;
          this.emit('update', status);
          if (autoAck && status.uuid !== '') this.acknowledgeSoon(status);
        } else if (event.failure) this.emit('failure', event.failure);
        else if (event.error) this.emit('error', new Error(event.error.message));
        else if (event.heartbeat) this.emit('heartbeat');
      });
      stream.on('error', (error: Error) => {
        clearTimeout(timer);
        if (!subscribed) reject(error);
        else this.emit('closed', (error as grpc.ServiceError).code === grpcStatus.CANCELLED ? undefined : error);
      });
      stream.on('end', () => {
        clearTimeout(timer);
        if (!subscribed) reject(new Error('stream ended before SUBSCRIBED'));
        else this.emit('closed', undefined);
      });
    });
  }

  private id(): v1.FrameworkID {
    return { value: this.frameworkId };
  }

  accept(offerIds: string[], operations: v1.Operation[], refuseSeconds?: number): Promise<v1.AcceptResponse__Output> {
    return call(this.client.Accept.bind(this.client), {
      frameworkId: this.id(),
      offerIds: offerIds.map((value) => ({ value })),
      operations,
      ...(refuseSeconds === undefined ? {} : { filters: { refuseSeconds } }),
    });
  }

  launch(offerIds: string[], tasks: v1.TaskInfo[], refuseSeconds?: number): Promise<v1.AcceptResponse__Output> {
    return this.accept(offerIds, [{ launch: { taskInfos: tasks } }], refuseSeconds);
  }

  decline(offerIds: string[], refuseSeconds?: number): Promise<unknown> {
    return call(this.client.Decline.bind(this.client), {
      frameworkId: this.id(),
      offerIds: offerIds.map((value) => ({ value })),
      ...(refuseSeconds === undefined ? {} : { filters: { refuseSeconds } }),
    });
  }

  revive(roles: string[] = []): Promise<unknown> {
    return call(this.client.Revive.bind(this.client), { frameworkId: this.id(), roles });
  }

  suppress(roles: string[] = []): Promise<unknown> {
    return call(this.client.Suppress.bind(this.client), { frameworkId: this.id(), roles });
  }

  kill(taskId: string, gracePeriodSeconds?: number): Promise<unknown> {
    return call(this.client.Kill.bind(this.client), {
      frameworkId: this.id(),
      taskId: { value: taskId },
      ...(gracePeriodSeconds === undefined ? {} : { killPolicy: { gracePeriodSeconds } }),
    });
  }

  private pendingAcks: v1._tessera_v1_AcknowledgeBatchRequest_Acknowledgement[] = [];

  /** Automatic acknowledgement: those made in one turn of the event loop go as one AcknowledgeBatch call. */
  private acknowledgeSoon(status: v1.TaskStatus__Output): void {
    this.pendingAcks.push({
      agentId: status.agentId ?? undefined,
      taskId: status.taskId ?? undefined,
      uuid: status.uuid,
    });
    if (this.pendingAcks.length > 1) return;
    setImmediate(() => {
      const acknowledgements = this.pendingAcks;
      this.pendingAcks = [];
      call<v1.AcknowledgeBatchRequest, v1.AcknowledgeBatchResponse__Output>(
        this.client.AcknowledgeBatch.bind(this.client),
        {
          frameworkId: this.id(),
          acknowledgements,
        },
      ).catch((error: unknown) => this.emit('error', error as Error));
    });
  }

  acknowledge(status: v1.TaskStatus__Output): Promise<unknown> {
    return call(this.client.Acknowledge.bind(this.client), {
      frameworkId: this.id(),
      agentId: status.agentId ?? undefined,
      taskId: status.taskId ?? undefined,
      uuid: status.uuid,
    });
  }

  async reconcile(taskIds: string[] = []): Promise<v1.TaskStatus__Output[]> {
    const response = await call<v1.ReconcileRequest, v1.ReconcileResponse__Output>(
      this.client.Reconcile.bind(this.client),
      {
        frameworkId: this.id(),
        tasks: taskIds.map((value) => ({ taskId: { value } })),
      },
    );
    return response.statuses;
  }

  teardown(): Promise<unknown> {
    return call(this.client.Teardown.bind(this.client), { frameworkId: this.id() });
  }

  /** Ends the stream (the framework disconnects; its tasks stay for its failover timeout). */
  close(): void {
    this.stream?.cancel();
    this.client.close();
  }
}
