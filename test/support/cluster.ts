import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNats, startRedis, waitFor, type NatsServer, type RedisServer } from '@tessera/testkit';
import { agentClient, call, operatorClient, type ClientOptions, type OperatorClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { killAgentContainers } from './cgroups.js';
import { ENTRY, ServiceProcess } from './service-process.js';

/** One agent of a multi-agent cluster (`ClusterOptions.agents`). */
export interface AgentSpec {
  /** The agent's `--hostname`: what the master and frameworks see (constraints on `hostname`). */
  hostname: string;
  /** The agent's `--attributes` in Mesos syntax, e.g. `rack:r1;zone:a`. */
  attributes?: string;
  /**
   * Resources in Mesos syntax. Default: `ClusterOptions.agentResources`, else
   * 4 cpus, 4 GiB, and a ports range of 100 of its own (agents share one
   * machine, so two of them must not hand out the same port).
   */
  resources?: string;
  /**
   * Run this agent inside an existing network namespace (root only): it binds and
   * advertises `host` (an address of the namespace) and reaches the masters at
   * `masterHost` (an address of the host the namespace can reach; the masters must
   * bind it or all interfaces, see `ClusterOptions.masterHost`). Default: on the
   * host, on 127.0.0.1.
   */
  netns?: { readonly name: string; readonly host: string; readonly masterHost: string };
}

/** One agent process of a cluster with its addresses and work directory. */
export interface ClusterAgent {
  readonly process: ServiceProcess;
  /** Its `--hostname` (the machine's host name for the default agent). */
  readonly hostname: string | undefined;
  /** gRPC address (tessera.v1.Agent). */
  readonly address: string;
  readonly workDir: string;
}

/** One allocator process of the cluster. */
export interface ClusterAllocator {
  readonly process: ServiceProcess;
  /** gRPC "127.0.0.1:port". */
  readonly address: string;
  /** /metrics and /healthz. */
  readonly httpPort: number;
}

export interface ClusterOptions {
  /** Agent resources in Mesos syntax (every agent's, unless an `AgentSpec` gives its own). */
  agentResources?: string;
  /**
   * Agents to start, each with its own hostname, attributes, ports and work
   * directory; default one agent named by the machine's host name, without
   * attributes (`cluster.agent`, work directory `<workDir>/agent`).
   */
  agents?: readonly AgentSpec[];
  masterFlags?: string[];
  /**
   * The address the masters bind (`--host`), e.g. `0.0.0.0` for an agent in a
   * network namespace; default 127.0.0.1. The test and the services on the host
   * reach them at 127.0.0.1 still.
   */
  masterHost?: string;
  /** The masters' `--advertise-host` (the address they name as leader); default: the master's default. */
  masterAdvertiseHost?: string;
  /** Extra allocator flags, e.g. `--tls-cert …` (default none). */
  allocatorFlags?: string[];
  /**
   * How the cluster's own gRPC clients (`operator`, `agentTasks`, waiting for the agents) reach the
   * services: e.g. `{ tls }` with an operator certificate when every process runs mutual TLS. Default plaintext.
   */
  clientOptions?: ClientOptions;
  /** Extra agent flags, e.g. `['--boot-id', 'boot-1']` (a flag given twice is a config error). */
  agentFlags?: string[];
  /**
   * The master's leader lease, ms. Default 1500 (failover tests want it short); a
   * test that only needs the master to stay leader on a loaded machine sets it longer.
   */
  leaderLeaseMs?: number;
  /**
   * How many masters to run (default 1). The first is started first and leads;
   * the others follow it. Agents are given the whole list.
   */
  masters?: number;
  /**
   * How many allocators to run (default 1). Every master is given them all
   * (`--allocator a,b`), in order: it uses the first that answers and moves to
   * the next when its stream breaks.
   */
  allocators?: number;
  /**
   * Redis persistence: `always` or `everysec` run it append-only (data survives `cluster.redis.kill()` and
   * `restart()`); default none (a restart starts empty).
   */
  redisPersistence?: 'always' | 'everysec';
}

/** One master of the cluster. */
export interface ClusterMaster {
  readonly process: ServiceProcess;
  /** gRPC "127.0.0.1:port". */
  readonly address: string;
  readonly httpPort: number;
  /** Its `--master-id`. */
  readonly id: string;
}

/** What a master's /healthz says of its role. */
export interface MasterHealth {
  readonly role?: 'leader' | 'follower' | 'deposed';
  readonly leaderAddress?: string | null;
}

/**
 * A real cluster for end-to-end tests: redis-server and nats-server on free
 * ports, and allocator, master and process-backend agents (one by default) as
 * separate OS processes talking gRPC on loopback.
 */
export class Cluster {
  readonly redis: RedisServer;
  readonly nats: NatsServer;
  /** The first allocator's process (the only one unless `ClusterOptions.allocators` asked for several). */
  readonly allocator: ServiceProcess;
  /** Every allocator, in the order the masters are given them. */
  readonly allocatorList: readonly ClusterAllocator[];
  /** The first master (the only one unless `ClusterOptions.masters` asked for several). */
  readonly master: ServiceProcess;
  /** Every master, the first one first. */
  readonly masterList: readonly ClusterMaster[];
  /** Every master's gRPC address, comma-separated, as agents and frameworks take them. */
  readonly masterAddresses: string;
  /** The first agent's process (the only one unless `ClusterOptions.agents` gave several). */
  readonly agent: ServiceProcess;
  /** Every agent, in the order of `ClusterOptions.agents`. */
  readonly agentList: readonly ClusterAgent[];
  readonly masterAddress: string;
  readonly masterHttpPort: number;
  readonly agentAddress: string;
  readonly workDir: string;
  readonly operator: OperatorClient;
  /** How the cluster's own clients reach the services (`ClusterOptions.clientOptions`). */
  readonly clientOptions: ClientOptions;

  private constructor(parts: {
    redis: RedisServer;
    nats: NatsServer;
    allocators: readonly ClusterAllocator[];
    masters: readonly ClusterMaster[];
    agents: readonly ClusterAgent[];
    workDir: string;
    clientOptions: ClientOptions;
  }) {
    const [first] = parts.agents;
    const [firstMaster] = parts.masters;
    const [firstAllocator] = parts.allocators;
    if (first === undefined) throw new Error('a cluster needs at least one agent');
    if (firstMaster === undefined) throw new Error('a cluster needs at least one master');
    if (firstAllocator === undefined) throw new Error('a cluster needs at least one allocator');
    this.redis = parts.redis;
    this.nats = parts.nats;
    this.allocator = firstAllocator.process;
    this.allocatorList = parts.allocators;
    this.master = firstMaster.process;
    this.masterList = parts.masters;
    this.masterAddresses = parts.masters.map((m) => m.address).join(',');
    this.agent = first.process;
    this.agentList = parts.agents;
    this.masterAddress = firstMaster.address;
    this.masterHttpPort = firstMaster.httpPort;
    this.agentAddress = first.address;
    this.workDir = parts.workDir;
    this.clientOptions = parts.clientOptions;
    this.operator = operatorClient(firstMaster.address, parts.clientOptions);
  }

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const workDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
    // Tasks run as nobody when the agent is root: its work directory must be searchable by them.
    chmodSync(workDir, 0o755);
    const [redis, nats] = await Promise.all([
      startRedis(
        options.redisPersistence === undefined ? {} : { persistent: true, appendfsync: options.redisPersistence },
      ),
      startNats(),
    ]);
    const allocators: ClusterAllocator[] = [];
    const allocatorCount = options.allocators ?? 1;
    for (let index = 0; index < allocatorCount; index++) {
      const [allocatorPort, allocatorHttp] = await Promise.all([freePort(), freePort()]);
      // The single allocator keeps the name the older tests know (`allocator`).
      const name = allocatorCount === 1 ? 'allocator' : `allocator-${index + 1}`;
      const process = new ServiceProcess(
        name,
        ENTRY.allocator,
        [
          '--port',
          String(allocatorPort),
          '--http-port',
          String(allocatorHttp),
          '--allocation-interval-ms',
          '200',
          ...(options.allocatorFlags ?? []),
        ],
        allocatorHttp,
        workDir,
      );
      allocators.push({ process, address: `127.0.0.1:${allocatorPort}`, httpPort: allocatorHttp });
    }
    const allocatorAddresses = allocators.map((a) => a.address).join(',');
    const masters: ClusterMaster[] = [];
    const masterCount = options.masters ?? 1;
    for (let index = 0; index < masterCount; index++) {
      const [masterPort, masterHttp] = await Promise.all([freePort(), freePort()]);
      // The single master keeps the names the older tests know (`master`, `e2e-master`).
      const name = masterCount === 1 ? 'master' : `master-${index + 1}`;
      const id = masterCount === 1 ? 'e2e-master' : `e2e-master-${index + 1}`;
      const process = new ServiceProcess(
        name,
        ENTRY.master,
        [
          '--port',
          String(masterPort),
          '--http-port',
          String(masterHttp),
          '--allocator',
          allocatorAddresses,
          '--redis-url',
          redis.url,
          '--nats-url',
          nats.url,
          '--master-id',
          id,
          '--leader-lease-ms',
          String(options.leaderLeaseMs ?? 1500),
          ...(options.masterHost === undefined ? [] : ['--host', options.masterHost]),
          ...(options.masterAdvertiseHost === undefined ? [] : ['--advertise-host', options.masterAdvertiseHost]),
          ...(options.masterFlags ?? []),
        ],
        masterHttp,
        workDir,
        {},
        // A single master is ready once it leads (it serves as a follower until its lease is won). One of several is
        // ready once it leads or follows a known leader: the others start once the first leads, and a restarted one
        // follows whoever leads by then.
        masterCount === 1
          ? (ok, body) => ok && body['role'] === 'leader'
          : (ok, body) =>
              ok &&
              (body['role'] === 'leader' || (body['role'] === 'follower' && typeof body['leaderAddress'] === 'string')),
      );
      masters.push({ process, address: `127.0.0.1:${masterPort}`, httpPort: masterHttp, id });
    }
    const masterAddresses = masters.map((m) => m.address).join(',');
    const specs: readonly (AgentSpec | undefined)[] = options.agents ?? [undefined];
    if (specs.length === 0) throw new Error('ClusterOptions.agents: give at least one agent');
    const agents: ClusterAgent[] = [];
    for (const [index, spec] of specs.entries()) {
      // NOTE: freePort() only probes, so the ports of all agents are taken one after the other, then started.
      const [agentPort, agentHttp] = await Promise.all([freePort(), freePort()]);
      // The default agent keeps the names the single-agent tests know (`agent`, `<workDir>/agent`).
      const name = spec === undefined ? 'agent' : `agent-${spec.hostname}`;
      const agentWorkDir = join(workDir, name);
      const ports = spec === undefined ? '31000-31100' : `${31000 + index * 100}-${31099 + index * 100}`;
      const resources = spec?.resources ?? options.agentResources ?? `cpus:4;mem:4096;disk:10000;ports:[${ports}]`;
      const netns = spec?.netns;
      const agentHost = netns?.host ?? '127.0.0.1';
      // An agent in a namespace reaches the masters at an address of the host, on their ports.
      const agentMasters =
        netns === undefined
          ? masterAddresses
          : masters.map((m) => `${netns.masterHost}:${m.address.slice(m.address.lastIndexOf(':') + 1)}`).join(',');
      const agentProcess = new ServiceProcess(
        name,
        ENTRY.agent,
        [
          '--master',
          agentMasters,
          ...(netns === undefined ? [] : ['--host', netns.host]),
          '--port',
          String(agentPort),
          '--http-port',
          String(agentHttp),
          '--work-dir',
          agentWorkDir,
          '--resources',
          resources,
          ...(spec === undefined ? [] : ['--hostname', spec.hostname]),
          ...(spec?.attributes === undefined ? [] : ['--attributes', spec.attributes]),
          ...(options.agentFlags ?? []),
        ],
        agentHttp,
        workDir,
        {},
        undefined,
        netns === undefined ? {} : { netns: netns.name, httpHost: netns.host },
      );
      agents.push({
        process: agentProcess,
        hostname: spec?.hostname,
        address: `${agentHost}:${agentPort}`,
        workDir: agentWorkDir,
      });
    }
    // NOTE: a failed start stops everything started so far (processes, Redis, NATS), then rethrows.
    const started: { stop(): Promise<unknown> }[] = [redis, nats];
    try {
      for (const service of [
        ...allocators.map((a) => a.process),
        ...masters.map((m) => m.process),
        ...agents.map((a) => a.process),
      ]) {
        started.push(service);
        await service.start();
      }
    } catch (error) {
      for (const part of started.reverse()) await part.stop().catch(() => undefined);
      throw error;
    }
    const cluster = new Cluster({
      redis,
      nats,
      allocators,
      masters,
      agents,
      workDir,
      clientOptions: options.clientOptions ?? {},
    });
    await cluster.waitForAgents(agents.length).catch(async (error: unknown) => {
      await cluster.stop();
      throw error;
    });
    return cluster;
  }

  async agents(): Promise<v1.AgentState__Output[]> {
    const response = await call<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
      this.operator.GetAgents.bind(this.operator),
      {},
    );
    return response.agents;
  }

  async tasks(): Promise<v1.TaskRecord__Output[]> {
    const response = await call<v1.GetTasksRequest, v1.GetTasksResponse__Output>(
      this.operator.GetTasks.bind(this.operator),
      {},
    );
    return response.tasks;
  }

  async waitForAgents(count: number, timeoutMs = 30_000): Promise<v1.AgentState__Output[]> {
    return waitFor(
      async () => {
        const agents = (await this.agents()).filter((a) => a.status === 'ACTIVE');
        return agents.length >= count ? agents : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `${count} active agent(s)` },
    );
  }

  /** The (first) agent's work directory (journal.jsonl, agent.json, meta/, sandboxes). */
  get agentWorkDir(): string {
    return this.agentList[0]?.workDir ?? join(this.workDir, 'agent');
  }

  /** The agent started with `--hostname hostname`; throws if there is none. */
  agentNamed(hostname: string): ClusterAgent {
    const agent = this.agentList.find((a) => a.hostname === hostname);
    if (agent === undefined) throw new Error(`no agent with hostname ${hostname}`);
    return agent;
  }

  /** Agent.GetTasks of the (first) agent process: its tasks as it knows them, with their pids. */
  async agentTasks(): Promise<v1.AgentTask__Output[]> {
    const client = agentClient(this.agentAddress, this.clientOptions);
    try {
      const response = await call<v1.GetAgentTasksRequest, v1.GetAgentTasksResponse__Output>(
        client.GetTasks.bind(client),
        {},
      );
      return response.tasks;
    } finally {
      client.close();
    }
  }

  /**
   * Starts the agent process again (it must have been killed or stopped) with
   * the same flags and work directory, as an operator restarting it would;
   * `bootId` sets (or replaces) `--boot-id`, as if the machine had rebooted.
   * Resolves once it is healthy (not necessarily registered).
   */
  async restartAgent(options: { bootId?: string } = {}): Promise<void> {
    let flags = [...this.agent.flags];
    if (options.bootId !== undefined) {
      const at = flags.indexOf('--boot-id');
      if (at >= 0) flags.splice(at, 2);
      flags = [...flags, '--boot-id', options.bootId];
    }
    await this.agent.restart({ flags });
  }

  /** Log tails of every service without debug lines (the allocation cycles drown everything else), for failure output. */
  infoLogs(lines = 60): string {
    return this.services()
      .map((s) => `--- ${s.name} ---\n${s.tailInfo(lines)}`)
      .join('\n');
  }

  /** Log tails of every service, for a failing test's message. */
  logs(): string {
    return this.services()
      .map((s) => `--- ${s.name} ---\n${s.tail()}`)
      .join('\n');
  }

  private services(): ServiceProcess[] {
    return [
      ...this.allocatorList.map((a) => a.process),
      ...this.masterList.map((m) => m.process),
      ...this.agentList.map((a) => a.process),
    ];
  }

  /** What `master`'s /healthz says of its role and the leader; undefined when it does not answer. */
  async masterHealth(master: ClusterMaster): Promise<MasterHealth | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${master.httpPort}/healthz`, {
        signal: AbortSignal.timeout(2000),
      });
      return (await response.json()) as MasterHealth;
    } catch {
      return undefined;
    }
  }

  /** The master that leads, once exactly one says so (waits up to `timeoutMs`). */
  async leader(timeoutMs = 30_000): Promise<ClusterMaster> {
    return waitFor(
      async () => {
        const roles = await Promise.all(this.masterList.map((m) => this.masterHealth(m)));
        const leading = this.masterList.filter((_, i) => roles[i]?.role === 'leader');
        return leading.length === 1 ? leading[0] : undefined;
      },
      { timeoutMs, intervalMs: 20, what: 'one master to lead' },
    );
  }

  /**
   * Whether the allocator has a master's stream with an applied snapshot open
   * (its /metrics `tessera_allocator_master_connected`); undefined when it does not answer.
   */
  async allocatorConnected(allocator: ClusterAllocator): Promise<boolean | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${allocator.httpPort}/metrics`, {
        signal: AbortSignal.timeout(2000),
      });
      const match = /^tessera_allocator_master_connected(?:\{[^}]*\})?\s+(\S+)/m.exec(await response.text());
      return match === null ? undefined : Number(match[1]) === 1;
    } catch {
      return undefined;
    }
  }

  /** The allocator the leading master uses, once exactly one says a master is connected (waits up to `timeoutMs`). */
  async allocatorInUse(timeoutMs = 30_000): Promise<ClusterAllocator> {
    return waitFor(
      async () => {
        const connected = await Promise.all(this.allocatorList.map((a) => this.allocatorConnected(a)));
        const inUse = this.allocatorList.filter((_, i) => connected[i] === true);
        return inUse.length === 1 ? inUse[0] : undefined;
      },
      { timeoutMs, intervalMs: 50, what: 'one allocator to have the master connected' },
    );
  }

  async stop(): Promise<void> {
    // Agents this cluster had (a test may have killed some, which then clean nothing up).
    const agentIds = await this.agents().then(
      (agents) => agents.map((agent) => agent.info?.id?.value ?? ''),
      () => [],
    );
    this.operator.close();
    await Promise.all([
      ...this.agentList.map((a) => a.process.stop('SIGUSR1')),
      ...this.masterList.map((m) => m.process.stop()),
      ...this.allocatorList.map((a) => a.process.stop()),
    ]);
    await Promise.all([this.redis.stop(), this.nats.stop()]);
    for (const agentId of agentIds) if (agentId !== '') await killAgentContainers(agentId);
  }
}
