import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { grpcErrorFrom, unary, type Logger } from '@tessera/runtime';
import type { Principal } from '@tessera/auth';
import type { MasterAuth } from '../auth.js';
import {
  acceptFromProto,
  acceptReservedRoles,
  acceptUnreservedPrincipals,
  acceptTaskUsers,
  frameworkUserOf,
  acknowledgementsFromProto,
  declineFromProto,
  killFromProto,
  reconcileTasksFromProto,
  statusToProto,
  subscribeFromProto,
} from '../convert.js';
import {
  FrameworkPrincipalMismatchError,
  InvalidFrameworkInfoError,
  requireFrameworkPrincipal,
} from '../core/index.js';
import { MASTER_ERRORS, StreamIdMismatchError } from '../errors.js';
import type { FrameworkConnection, Master } from '../master.js';
import { authorize, callerOf, refused } from './caller.js';

type SubscribeCall = grpc.ServerWritableStream<v1.SubscribeRequest__Output, v1.Event>;

/** The metadata that carries a subscription's stream ID on every unary Scheduler call. */
export const STREAM_ID_METADATA = 'tessera-stream-id';

/**
 * tessera.v1.Scheduler: converts framework calls and hands them to the Master.
 * Every Subscribe gets a new random stream ID, sent in SUBSCRIBED; a unary call
 * for a framework whose session is up must carry its current one (checked before
 * the master sees the call), so that nobody but the session's holder acts for
 * the framework. A call for a framework with no session goes on to the master,
 * which refuses it as not subscribed.
 *
 * Every call is authenticated first (callerOf). Subscribe records the caller's
 * principal as the framework's and is authorised by `register_frameworks` on
 * each role; every unary call for a framework must come from its principal
 * (identity check, even without ACLs); Accept is authorised by `run_tasks` on
 * each task's user, `reserve_resources` on each RESERVE's role and
 * `unreserve_resources` on each UNRESERVE's reserver principal, all or nothing.
 */
export function schedulerService(master: Master, auth: MasterAuth, logger: Logger): grpc.UntypedServiceImplementation {
  /** The stream ID of each framework's current session. */
  const streams = new Map<string, string>();
  const call = <Req extends { frameworkId?: { value?: string } | null }, Res>(
    method: string,
    handler: (request: Req, principal: Principal) => Promise<Res> | Res,
  ) =>
    unary<Req, Res>(MASTER_ERRORS, logger, (request, unaryCall) => {
      const principal = callerOf(unaryCall, auth);
      const frameworkId = request.frameworkId?.value ?? '';
      const framework = master.frameworks.get(frameworkId);
      if (framework !== undefined) {
        try {
          requireFrameworkPrincipal(framework, principal.name, `call ${method} for`);
        } catch (error) {
          refused(auth, principal, 'act_for_framework', frameworkId, (error as Error).message);
          throw error;
        }
      }
      const expected = streams.get(frameworkId);
      if (expected !== undefined) {
        const given = String(unaryCall.metadata.get(STREAM_ID_METADATA)[0] ?? '');
        if (given !== expected) {
          throw new StreamIdMismatchError(
            given === ''
              ? `a call for framework ${frameworkId} must carry the stream ID of its subscription (metadata ${STREAM_ID_METADATA}, from the SUBSCRIBED event)`
              : `the call for framework ${frameworkId} carries the stream ID of another subscription: only the framework's current session may act for it`,
          );
        }
      }
      return handler(request, principal);
    });
  return {
    Subscribe(stream: SubscribeCall) {
      let closed = false;
      const streamId = randomUUID();
      const connection: FrameworkConnection = {
        send: (event) => {
          if (closed || stream.writableEnded) return;
          if (event.subscribed) {
            // From here on, calls for the framework must carry this stream's ID.
            const subscribedId = event.subscribed.frameworkId?.value ?? '';
            streams.set(subscribedId, streamId);
            stream.write({ ...event, subscribed: { ...event.subscribed, streamId } });
          } else stream.write(event);
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
        if (frameworkId === undefined) return;
        if (streams.get(frameworkId) === streamId) streams.delete(frameworkId);
        master.frameworkDisconnected(frameworkId, connection);
      };
      stream.on('cancelled', gone);
      stream.on('close', gone);
      stream.on('error', gone);
      const subscribed = (async () => {
        const principal = callerOf(stream, auth);
        const command = subscribeFromProto(stream.request, principal.name);
        if (command === undefined) throw new InvalidFrameworkInfoError(['framework_info is required']);
        // NOTE: without roles the FrameworkInfo is invalid: the master says so rather than the ACL.
        if (command.info.roles.length > 0) authorize(auth, principal, 'register_frameworks', command.info.roles);
        try {
          return await master.subscribe(command, connection);
        } catch (error) {
          if (error instanceof FrameworkPrincipalMismatchError)
            refused(auth, principal, 'subscribe_framework', command.info.id, error.message);
          throw error;
        }
      })();
      subscribed.then(
        (id) => {
          frameworkId = id;
          if (closed || stream.cancelled) gone();
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
    Accept: call<v1.AcceptRequest__Output, v1.AcceptResponse>('Accept', async (request, principal) => {
      const framework = master.frameworks.get(request.frameworkId?.value ?? '');
      if (framework !== undefined) {
        // All or nothing: a refused user or role refuses the whole Accept before anything is launched.
        const users = acceptTaskUsers(request, frameworkUserOf(framework.info));
        if (users.length > 0) authorize(auth, principal, 'run_tasks', users);
        const roles = acceptReservedRoles(request);
        if (roles.length > 0) authorize(auth, principal, 'reserve_resources', roles);
        const reservers = acceptUnreservedPrincipals(request);
        if (reservers.length > 0) authorize(auth, principal, 'unreserve_resources', reservers);
      }
      return { launchedTaskIds: (await master.accept(acceptFromProto(request))).map((value) => ({ value })) };
    }),
    Decline: call<v1.DeclineRequest__Output, v1.DeclineResponse>('Decline', async (request) => {
      await master.decline(declineFromProto(request));
      return {};
    }),
    Revive: call<v1.ReviveRequest__Output, v1.ReviveResponse>('Revive', async (request) => {
      await master.revive(request.frameworkId?.value ?? '', request.roles);
      return {};
    }),
    Suppress: call<v1.SuppressRequest__Output, v1.SuppressResponse>('Suppress', async (request) => {
      await master.suppress(request.frameworkId?.value ?? '', request.roles);
      return {};
    }),
    Kill: call<v1.KillRequest__Output, v1.KillResponse>('Kill', async (request) => {
      await master.kill(killFromProto(request));
      return {};
    }),
    Acknowledge: call<v1.AcknowledgeRequest__Output, v1.AcknowledgeResponse>('Acknowledge', async (request) => {
      await master.acknowledge(request.frameworkId?.value ?? '', [
        { taskId: request.taskId?.value ?? '', uuid: request.uuid },
      ]);
      return {};
    }),
    AcknowledgeBatch: call<v1.AcknowledgeBatchRequest__Output, v1.AcknowledgeBatchResponse>(
      'AcknowledgeBatch',
      async (request) => {
        await master.acknowledge(request.frameworkId?.value ?? '', acknowledgementsFromProto(request));
        return {};
      },
    ),
    Reconcile: call<v1.ReconcileRequest__Output, v1.ReconcileResponse>('Reconcile', (request) => ({
      statuses: master.reconcile(request.frameworkId?.value ?? '', reconcileTasksFromProto(request)).map(statusToProto),
    })),
    Teardown: call<v1.TeardownRequest__Output, v1.TeardownResponse>('Teardown', async (request) => {
      await master.teardown(request.frameworkId?.value ?? '');
      return {};
    }),
  };
}
