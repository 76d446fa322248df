import type * as grpc from '@grpc/grpc-js';
import { PermissionDeniedError, type Principal } from '@tessera/auth';
import { InvalidResourceError, type v1 } from '@tessera/proto';
import { grpcErrorFrom, type Logger } from '@tessera/runtime';
import type { MasterAuth } from '../auth.js';
import { registerFromProto, reregisterFromProto, statusFromProto } from '../convert.js';
import {
  AgentGoneError,
  AgentPrincipalMismatchError,
  InvalidRegistrationError,
  LimitExceededError,
  type AgentInfo,
  type AgentRecord,
} from '../core/index.js';
import { MASTER_ERRORS, NotAnAgentError } from '../errors.js';
import type { AgentConnection, Master } from '../master.js';
import { authorize, callerOf, refused } from './caller.js';

type ConnectCall = grpc.ServerDuplexStream<v1.AgentMessage__Output, v1.MasterMessage>;

/** Refusals that are final for a registration: the agent is told why and must not retry as it is. */
const isFinalRefusal = (error: unknown): boolean =>
  error instanceof InvalidRegistrationError ||
  error instanceof AgentGoneError ||
  error instanceof LimitExceededError ||
  error instanceof InvalidResourceError ||
  error instanceof NotAnAgentError ||
  error instanceof PermissionDeniedError ||
  error instanceof AgentPrincipalMismatchError;

/**
 * tessera.v1.AgentRegistry: one Connect stream per agent. Messages from one agent
 * are handled strictly in order (status updates must be persisted in order).
 *
 * The stream is authenticated when it opens (callerOf; refused UNAUTHENTICATED).
 * A Register or Reregister is refused for good (a `refused` message, then the
 * stream ends), changing nothing, when the master requires authentication and
 * the caller is not an agent principal; when `register_agents` refuses the
 * host name; or when the agent ID is bound to another principal.
 */
export function agentRegistryService(
  master: Master,
  auth: MasterAuth,
  logger: Logger,
): grpc.UntypedServiceImplementation {
  /** Checks who may register `info` (before the master sees it); throws the refusal, recorded in the audit log. */
  const admit = (principal: Principal, info: AgentInfo): void => {
    if (auth.required && principal.kind !== 'agent') {
      const message = `principal ${principal.name === '' ? 'anonymous' : JSON.stringify(principal.name)} is not an agent (kind ${principal.kind ?? 'unknown'}): agents register with a certificate spiffe://tessera/agent/<name> or a credential of kind agent`;
      refused(auth, principal, 'register_agents', info.hostname, message);
      throw new NotAnAgentError(message);
    }
    authorize(auth, principal, 'register_agents', info.hostname);
  };
  const auditMismatch = (principal: Principal, error: unknown): void => {
    if (error instanceof AgentPrincipalMismatchError)
      refused(auth, principal, 'reregister_agent', error.agentId, error.message);
  };
  return {
    Connect(stream: ConnectCall) {
      let principal: Principal;
      try {
        principal = callerOf(stream, auth);
      } catch (error) {
        const answer = grpcErrorFrom(error, MASTER_ERRORS);
        stream.emit('error', Object.assign(new Error(answer.details), answer));
        return;
      }
      let closed = false;
      let agent: AgentRecord | undefined;
      const connection: AgentConnection = {
        send: (message) => {
          if (!closed && !stream.writableEnded) stream.write(message);
        },
        close: () => {
          if (!closed) {
            closed = true;
            stream.end();
          }
        },
      };
      let queue: Promise<void> = Promise.resolve();
      const handle = async (message: v1.AgentMessage__Output) => {
        if (closed) return;
        if (message.register) {
          const command = registerFromProto(message.register, principal.name);
          if (command === undefined) throw new InvalidRegistrationError('agent_info is required');
          admit(principal, command.info);
          agent = await master.registerAgent(command, connection);
        } else if (message.reregister) {
          const command = reregisterFromProto(message.reregister, principal.name);
          if (command === undefined || command.info.id === '')
            throw new InvalidRegistrationError('agent_info with an id is required');
          admit(principal, command.info);
          try {
            agent = await master.reregisterAgent(command, connection);
          } catch (error) {
            auditMismatch(principal, error);
            throw error;
          }
        } else if (agent === undefined) {
          connection.send({ refused: { message: 'the first message must be register or reregister' } });
          connection.close();
        } else if (message.statusUpdate) {
          const update = message.statusUpdate;
          if (update.status === null || update.status === undefined) return;
          // Applied in order, but not awaited: the next update need not wait for
          // this one's write (the writes are committed in order).
          const agentId = agent.id;
          master
            .statusUpdate(agentId, connection, {
              frameworkId: update.frameworkId?.value ?? '',
              status: statusFromProto(update.status),
            })
            .catch((error: unknown) => {
              logger.warn({ err: error, agentId }, 'status update not forwarded; the agent will resend it');
            });
        } else if (message.pong) {
          master.agentSeen(agent.id, connection);
        } else if (message.drained) {
          master.agentDrained(agent.id, connection);
        }
      };
      stream.on('data', (message: v1.AgentMessage__Output) => {
        queue = queue.then(() =>
          handle(message).catch((error: unknown) => {
            logger.error({ err: error, agentId: agent?.id, message: message.message }, 'agent message failed');
            if (message.register || message.reregister) {
              // An invalid registration, or a re-registration of a gone agent, is
              // refused for good; anything else (the store is unreachable, we were
              // deposed) only ends the stream, and the agent comes back with backoff.
              if (isFinalRefusal(error)) connection.send({ refused: { message: (error as Error).message } });
              connection.close();
            }
          }),
        );
      });
      const gone = () => {
        if (closed && agent === undefined) return;
        closed = true;
        void queue.then(() => {
          if (agent !== undefined) master.agentDisconnected(agent.id, connection);
        });
      };
      stream.on('end', () => {
        gone();
        if (!stream.writableEnded) stream.end();
      });
      stream.on('cancelled', gone);
      stream.on('error', gone);
      stream.on('close', gone);
    },
  };
}
