import type * as grpc from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import { AgentGoneError, InvalidCallError } from './errors.js';
import type { AgentConnection, AgentRecord, Master } from './master.js';

type ConnectCall = grpc.ServerDuplexStream<v1.AgentMessage__Output, v1.MasterMessage>;

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
          agent = await master.registerAgent(message.register, connection);
        } else if (message.reregister) {
          agent = await master.reregisterAgent(message.reregister, connection);
        } else if (agent === undefined) {
          connection.send({ refused: { message: 'the first message must be register or reregister' } });
          connection.close();
        } else if (message.statusUpdate) {
          master.agentSeen(agent);
          // Applied in order, but not awaited: the next update need not wait for
          // this one's write (the writes are issued in order; see Master.statusUpdate).
          const current = agent;
          master.statusUpdate(current, message.statusUpdate).catch((error: unknown) => {
            logger.warn({ err: error, agentId: current.id }, 'status update not forwarded; the agent will resend it');
          });
        } else if (message.pong) {
          master.agentSeen(agent);
        } else if (message.drained) {
          master.agentDrained(agent);
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
              if (error instanceof InvalidCallError || error instanceof AgentGoneError) {
                connection.send({ refused: { message: error.message } });
              }
              connection.close();
            }
          }),
        );
      });
      const gone = () => {
        if (closed && agent === undefined) return;
        closed = true;
        void queue.then(() => {
          if (agent !== undefined) master.agentDisconnected(agent, connection);
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
