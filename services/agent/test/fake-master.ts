import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { notLeaderGrpcError } from '@tessera/runtime';
import { waitFor } from './helpers.js';

type ConnectStream = grpc.ServerDuplexStream<v1.AgentMessage__Output, v1.MasterMessage>;

/**
 * A tiny master for tests: a real grpc-js server implementing
 * tessera.v1.AgentRegistry that records what agents send, answers Register with
 * Registered (agent ID "agent-1") and Reregister with Reregistered (same ID),
 * and lets the test send anything else.
 */
export class FakeMaster {
  readonly received: v1.AgentMessage__Output[] = [];
  readonly streams: ConnectStream[] = [];
  pingIntervalSeconds = 0;
  /** Answer registrations automatically (set false to answer by hand). */
  autoRegister = true;
  /** Acknowledge every status update as it arrives (as a master forwarding the framework's acknowledgements would). */
  autoAcknowledge = false;
  /** Set: this master is a follower, and refuses every Connect as NotLeaderError naming `leader` (none when undefined). */
  follower: { leader: string | undefined } | undefined;
  /** Connect streams refused as a follower. */
  refusedConnects = 0;
  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeMaster> {
    const server = new grpc.Server();
    const created: { master?: FakeMaster } = {};
    server.addService(tesseraGrpc().tessera.v1.AgentRegistry.service, {
      Connect: (stream: ConnectStream) => created.master?.onConnect(stream),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    created.master = new FakeMaster(server, port);
    return created.master;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private onConnect(stream: ConnectStream): void {
    if (this.follower !== undefined) {
      this.refusedConnects += 1;
      stream.on('error', () => undefined);
      stream.emit('error', notLeader(this.follower.leader));
      return;
    }
    this.streams.push(stream);
    stream.on('data', (message: v1.AgentMessage__Output) => {
      this.received.push(message);
      const status = message.statusUpdate?.status;
      if (this.autoAcknowledge && status) {
        stream.write({
          acknowledge: { frameworkId: message.statusUpdate?.frameworkId, taskId: status.taskId, uuid: status.uuid },
        });
      }
      if (!this.autoRegister) return;
      if (message.register) {
        stream.write({ registered: { agentId: { value: 'agent-1' }, pingIntervalSeconds: this.pingIntervalSeconds } });
      } else if (message.reregister) {
        stream.write({
          reregistered: {
            agentId: { value: message.reregister.agentInfo?.id?.value ?? '' },
            pingIntervalSeconds: this.pingIntervalSeconds,
          },
        });
      }
    });
    stream.on('error', () => undefined);
    stream.on('end', () => {
      if (!stream.writableEnded) stream.end();
    });
  }

  /** The newest stream. */
  get stream(): ConnectStream {
    const stream = this.streams[this.streams.length - 1];
    if (stream === undefined) throw new Error('no agent connected');
    return stream;
  }

  send(message: v1.MasterMessage): void {
    this.stream.write(message);
  }

  /**
   * Becomes a follower that knows `leader` (or no leader): later Connects are
   * refused, and the newest stream is ended with the refusal, as a master that
   * steps down ends it.
   */
  follow(leader: string | undefined): void {
    this.follower = { leader };
    const open = this.streams.at(-1);
    if (open !== undefined && !open.writableEnded) open.emit('error', notLeader(leader));
  }

  /** Leads (again): accepts Connects. */
  lead(): void {
    this.follower = undefined;
  }

  /** Ends the newest stream from the master's side, as a master restart or failover would. */
  closeStream(): void {
    this.stream.end();
  }

  updates(): v1.TaskStatus__Output[] {
    return this.received.flatMap((m) => (m.statusUpdate?.status ? [m.statusUpdate.status] : []));
  }

  /** Waits for a status update matching the predicate; returns the first. */
  async waitForUpdate(
    predicate: (status: v1.TaskStatus__Output) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<v1.TaskStatus__Output> {
    return waitFor(() => this.updates().find(predicate), what, { timeoutMs });
  }

  async waitForMessage<K extends keyof v1.AgentMessage__Output>(
    kind: K,
    what: string,
    after = 0,
  ): Promise<NonNullable<v1.AgentMessage__Output[K]>> {
    const found = await waitFor(
      () => this.received.slice(after).find((m) => m[kind] !== undefined && m[kind] !== null),
      what,
    );
    return found[kind] as NonNullable<v1.AgentMessage__Output[K]>;
  }

  acknowledge(status: v1.TaskStatus__Output, frameworkId = 'fw-1'): void {
    this.send({ acknowledge: { frameworkId: { value: frameworkId }, taskId: status.taskId, uuid: status.uuid } });
  }

  /** Sends a ping and waits for its pong: everything sent before has been handled by the agent. */
  async roundTrip(sequence: number): Promise<void> {
    this.send({ ping: { sequence } });
    await waitFor(() => this.received.some((m) => m.pong?.sequence === sequence), `pong ${sequence}`);
  }

  async stop(): Promise<void> {
    this.server.forceShutdown();
  }
}

export function runTask(
  taskId: string,
  command: string,
  overrides: {
    labels?: Record<string, string>;
    capabilities?: string[];
    frameworkId?: string;
    principal?: string;
  } = {},
): v1.MasterMessage {
  return {
    runTask: {
      frameworkInfo: {
        id: { value: overrides.frameworkId ?? 'fw-1' },
        name: 'test',
        roles: ['dev'],
        ...(overrides.principal === undefined ? {} : { principal: overrides.principal }),
        capabilities: (overrides.capabilities ?? []) as v1.FrameworkInfo['capabilities'],
      },
      task: {
        name: taskId,
        taskId: { value: taskId },
        resources: [
          { name: 'cpus', type: 'SCALAR', scalar: 0.1 },
          { name: 'ports', type: 'RANGES', ranges: [{ begin: 31000, end: 31000 }] },
        ],
        command: { shell: true, value: command },
        labels: Object.entries(overrides.labels ?? {}).map(([key, value]) => ({ key, value })),
      },
    },
  };
}

/** A follower's refusal (UNAVAILABLE, NotLeaderError, the leader when known), as the master answers it. */
export function notLeader(leader: string | undefined): grpc.ServiceError {
  const refusal = notLeaderGrpcError('master', leader);
  return Object.assign(new Error(refusal.details), refusal) as grpc.ServiceError;
}
