import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { grpcErrorFrom, unary, type Logger } from '@tessera/runtime';
import {
  acceptFromProto,
  acknowledgementsFromProto,
  declineFromProto,
  killFromProto,
  reconcileTasksFromProto,
  statusToProto,
  subscribeFromProto,
} from '../convert.js';
import { InvalidFrameworkInfoError } from '../core/index.js';
import { MASTER_ERRORS } from '../errors.js';
import type { FrameworkConnection, Master } from '../master.js';

type SubscribeCall = grpc.ServerWritableStream<v1.SubscribeRequest__Output, v1.Event>;

/** tessera.v1.Scheduler: converts framework calls and hands them to the Master. */
export function schedulerService(master: Master, logger: Logger): grpc.UntypedServiceImplementation {
  const call = <Req, Res>(handler: (request: Req) => Promise<Res> | Res) =>
    unary<Req, Res>(MASTER_ERRORS, logger, handler);
  return {
    Subscribe(stream: SubscribeCall) {
      let closed = false;
      const connection: FrameworkConnection = {
        send: (event) => {
          if (!closed && !stream.writableEnded) stream.write(event);
        },
        close: () => {
          if (!closed) {
            closed = true;
            stream.end();
          }
        },
      };
      let frameworkId: string | undefined;
      const gone = () => {
        closed = true;
        if (frameworkId !== undefined) master.frameworkDisconnected(frameworkId, connection);
      };
      stream.on('cancelled', gone);
      stream.on('close', gone);
      stream.on('error', gone);
      const subscribed = (async () => {
        const command = subscribeFromProto(stream.request);
        if (command === undefined) throw new InvalidFrameworkInfoError(['framework_info is required']);
        return master.subscribe(command, connection);
      })();
      subscribed.then(
        (id) => {
          frameworkId = id;
          if (closed || stream.cancelled) master.frameworkDisconnected(id, connection);
        },
        (error: unknown) => {
          const answer = grpcErrorFrom(error, MASTER_ERRORS);
          if (answer.code === status.INTERNAL) logger.error({ err: error }, 'subscribe failed');
          closed = true;
          // NOTE: emit('error') sends the status; destroy(error) ends the call without one (grpc-js 1.14).
          stream.emit('error', Object.assign(new Error(answer.details), answer));
        },
      );
    },
    Accept: call<v1.AcceptRequest__Output, v1.AcceptResponse>(async (request) => ({
      launchedTaskIds: (await master.accept(acceptFromProto(request))).map((value) => ({ value })),
    })),
    Decline: call<v1.DeclineRequest__Output, v1.DeclineResponse>(async (request) => {
      await master.decline(declineFromProto(request));
      return {};
    }),
    Revive: call<v1.ReviveRequest__Output, v1.ReviveResponse>(async (request) => {
      await master.revive(request.frameworkId?.value ?? '', request.roles);
      return {};
    }),
    Suppress: call<v1.SuppressRequest__Output, v1.SuppressResponse>(async (request) => {
      await master.suppress(request.frameworkId?.value ?? '', request.roles);
      return {};
    }),
    Kill: call<v1.KillRequest__Output, v1.KillResponse>(async (request) => {
      await master.kill(killFromProto(request));
      return {};
    }),
    Acknowledge: call<v1.AcknowledgeRequest__Output, v1.AcknowledgeResponse>(async (request) => {
      await master.acknowledge(request.frameworkId?.value ?? '', [
        { taskId: request.taskId?.value ?? '', uuid: request.uuid },
      ]);
      return {};
    }),
    AcknowledgeBatch: call<v1.AcknowledgeBatchRequest__Output, v1.AcknowledgeBatchResponse>(async (request) => {
      await master.acknowledge(request.frameworkId?.value ?? '', acknowledgementsFromProto(request));
      return {};
    }),
    Reconcile: call<v1.ReconcileRequest__Output, v1.ReconcileResponse>((request) => ({
      statuses: master.reconcile(request.frameworkId?.value ?? '', reconcileTasksFromProto(request)).map(statusToProto),
    })),
    Teardown: call<v1.TeardownRequest__Output, v1.TeardownResponse>(async (request) => {
      await master.teardown(request.frameworkId?.value ?? '');
      return {};
    }),
  };
}
