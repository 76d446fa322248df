import type * as grpc from '@grpc/grpc-js';
import { InvalidResourceError, type v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import { registerFromProto, reregisterFromProto, statusFromProto } from '../convert.js';
import { AgentGoneError, InvalidRegistrationError, LimitExceededError, type AgentRecord } from '../core/index.js';
import type { AgentConnection, Master } from '../master.js';

type ConnectCall = grpc.ServerDuplexStream<v1.AgentMessage__Output, v1.MasterMessage>;

/** Refusals that are final for a registration: the agent is told why and must not retry as it is. */
const isFinalRefusal = (error: unknown): boolean =>
  error instanceof InvalidRegistrationError ||
  error instanceof AgentGoneError ||
  error instanceof LimitExceededError ||
  error instanceof InvalidResourceError;

/**
 * tessera.v1.AgentRegistry: one Connect stream per agent. Messages from one agent
 * are handled strictly in order (status updates must be persisted in order).
 */
export function agentRegistryService(master: Master, logger: Logger): grpc.UntypedServiceImplementation {
  return {
    Connect(stream: ConnectCall) {
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
          const command = registerFromProto(message.register);
          if (command === undefined) throw new InvalidRegistrationError('agent_info is required');
          agent = await master.registerAgent(command, connection);
        } else if (message.reregister) {
          const command = reregisterFromProto(message.reregister);
          if (command === undefined || command.info.id === '')
            throw new InvalidRegistrationError('agent_info with an id is required');
          agent = await master.reregisterAgent(command, connection);
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
