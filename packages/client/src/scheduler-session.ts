import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
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
  private constructor(
    readonly client: SchedulerClient,
    readonly frameworkId: string,
    private readonly stream: grpc.ClientReadableStream<v1.Event__Output>,
    readonly masterInfo: v1.MasterInfo__Output | null,
  ) {
    super();
  }

  static subscribe(address: string, info: v1.FrameworkInfo, options: SubscribeOptions = {}): Promise<SchedulerSession> {
    const client = schedulerClient(address);
    const autoAck = options.autoAcknowledge ?? true;
    return new Promise((resolve, reject) => {
      const stream = client.Subscribe({ frameworkInfo: info, suppressedRoles: options.suppressedRoles ?? [] });
      let session: SchedulerSession | undefined;
      const timer = setTimeout(() => {
        stream.cancel();
        reject(new Error(`no SUBSCRIBED event from ${address} within ${options.timeoutMs ?? 10_000} ms`));
      }, options.timeoutMs ?? 10_000);
      stream.on('data', (event: v1.Event__Output) => {
        if (event.subscribed) {
          clearTimeout(timer);
          session = new SchedulerSession(
            client,
            event.subscribed.frameworkId?.value ?? '',
            stream,
            event.subscribed.masterInfo,
          );
          resolve(session);
          return;
        }
        if (session === undefined) return;
        if (event.offers) session.emit('offers', event.offers.offers);
        else if (event.rescind) session.emit('rescind', event.rescind.offerId?.value ?? '');
        else if (event.update && event.update.status) {
          const status = event.update.status;
          session.emit('update', status);
          if (autoAck && status.uuid !== '') {
            session.acknowledge(status).catch((error: unknown) => session?.emit('error', error as Error));
          }
        } else if (event.failure) session.emit('failure', event.failure);
        else if (event.error) session.emit('error', new Error(event.error.message));
        else if (event.heartbeat) session.emit('heartbeat');
      });
      stream.on('error', (error: Error) => {
        clearTimeout(timer);
        if (session === undefined) reject(error);
        else if ((error as grpc.ServiceError).code !== 1) session.emit('closed', error);
        else session.emit('closed', undefined);
      });
      stream.on('end', () => {
        clearTimeout(timer);
        if (session === undefined) reject(new Error('stream ended before SUBSCRIBED'));
        else session.emit('closed', undefined);
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
    this.stream.cancel();
    this.client.close();
  }
}
