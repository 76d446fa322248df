import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { grpcErrorFrom, unary, type Logger } from '@tessera/runtime';
import { MASTER_ERRORS } from './errors.js';
import type { FrameworkConnection, Master } from './master.js';

type SubscribeCall = grpc.ServerWritableStream<v1.SubscribeRequest__Output, v1.Event>;

/** tessera.v1.Scheduler: adapts framework calls to the Master. */
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
      master.subscribe(stream.request, connection).then(
        (id) => {
          frameworkId = id;
          if (closed || stream.cancelled) master.frameworkDisconnected(id, connection);
        },
        (error: unknown) => {
          const answer = grpcErrorFrom(error, MASTER_ERRORS);
          if (answer.code === status.INTERNAL) logger.error({ err: error }, 'subscribe failed');
          closed = true;
          stream.destroy(Object.assign(new Error(answer.details), answer));
        },
      );
    },
    Accept: call<v1.AcceptRequest__Output, v1.AcceptResponse>(async (request) => ({
      launchedTaskIds: (await master.accept(request)).map((value) => ({ value })),
    })),
    Decline: call<v1.DeclineRequest__Output, v1.DeclineResponse>((request) => {
      master.decline(request);
      return {};
    }),
    Revive: call<v1.ReviveRequest__Output, v1.ReviveResponse>((request) => {
      master.revive(request);
      return {};
    }),
    Suppress: call<v1.SuppressRequest__Output, v1.SuppressResponse>((request) => {
      master.suppress(request);
      return {};
    }),
    Kill: call<v1.KillRequest__Output, v1.KillResponse>((request) => {
      master.kill(request);
      return {};
    }),
    Acknowledge: call<v1.AcknowledgeRequest__Output, v1.AcknowledgeResponse>(async (request) => {
      await master.acknowledge(request);
      return {};
    }),
    AcknowledgeBatch: call<v1.AcknowledgeBatchRequest__Output, v1.AcknowledgeBatchResponse>(async (request) => {
      await master.acknowledgeBatch(request);
      return {};
    }),
    Reconcile: call<v1.ReconcileRequest__Output, v1.ReconcileResponse>((request) => ({
      statuses: master.reconcile(request),
    })),
    Teardown: call<v1.TeardownRequest__Output, v1.TeardownResponse>(async (request) => {
      await master.teardown(request.frameworkId?.value);
      return {};
    }),
  };
}
