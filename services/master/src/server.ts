import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, SERVICE_NAMES, type v1 } from '@tessera/proto';
import {
  createLogger,
  loadTls,
  notLeaderGrpcError,
  startGrpcServer,
  startHttpServer,
  switchableImplementation,
  type Logger,
  type PrincipalKind,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import { createMemoryStore, createRedisStore, JsonRecordStore, type StateStore } from '@tessera/store';
import { createMemoryBus, createNatsBus, type EventBus } from '@tessera/bus';
import {
  campaign,
  campaignInWorker,
  CampaignAbortedError,
  type CampaignOptions,
  type Leadership,
} from '@tessera/leader';
import { AllocatorLink } from './allocator-link.js';
import { loadMasterAuth, type MasterAuth } from './auth.js';
import { agentRegistryService } from './grpc/agent-registry-service.js';
import type { MasterConfig } from './config.js';
import { FactPublisher } from './facts.js';
import { allocationsFromProto, revocationsFromProto } from './convert.js';
import { Master, rehearseRecovery } from './master.js';
import { MasterMetrics } from './metrics.js';
import { operatorService } from './grpc/operator-service.js';
import { RegistryStore } from './persistence.js';
import { schedulerService } from './grpc/scheduler-service.js';

export const MASTER_VERSION = '0.1.0';
const LEASE_NAME = 'master';
/** Where the leader records who it is, for followers to name it. */
const META = { meta: 'master.meta' } as const;
/** How often a follower reads who leads. */
const LEADER_POLL_MS = 200;

/** The leader's record: which tenure wrote it and where it serves. */
interface LeaderRecord {
  readonly holder: string;
  readonly epoch: number;
  /** gRPC "host:port". */
  readonly endpoint: string;
  readonly httpPort: number;
}

export interface StartMasterOptions {
  /** An already open store (e.g. the dev cluster's in-memory one); otherwise from config.redisUrl. */
  store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  bus?: EventBus;
  logger?: Logger;
  /**
   * Called once when leadership is lost (another master holds the lease, the lease lapsed or could not be renewed
   * within its TTL, or the store lost its data), when a registry write fails (fenced, or not taken by the store: the
   * registry in memory is then ahead of the store), or when a master that won the lease cannot start leading (its
   * registry cannot be loaded). Before it is called the master has stopped serving as leader. Default: exits the
   * process with code 3, for its supervisor to start it again as a follower.
   */
  onDeposed?: () => void;
}

export interface RunningMaster {
  /** gRPC address "host:port". */
  address: string;
  grpcPort: number;
  httpPort: number;
  /** Resolves once this master leads: lease won, registry loaded, serving. Rejects if it stops first. */
  elected: Promise<Master>;
  /** The leading master's state; undefined while following. */
  master(): Master | undefined;
  stop(): Promise<void>;
}

/** What exists only while this process leads. */
interface Leading {
  readonly master: Master;
  readonly link: AllocatorLink;
  readonly implementations: ReadonlyMap<string, grpc.UntypedServiceImplementation>;
}

/**
 * Starts a master. Every master serves at once: gRPC health and reflection,
 * /metrics and /healthz. It campaigns for the leader lease; while it follows,
 * every Scheduler, AgentRegistry and Operator call is answered UNAVAILABLE with
 * the leader's gRPC address in the `tessera-leader` trailer (when a leader is
 * known), and /healthz says `role: follower` and names the leader. Once it wins
 * the lease it records itself as leader (fenced), loads the registry, links to
 * the allocator and serves the three services; from then on every registry
 * write is fenced by its epoch. Losing the lease stops it serving as leader at
 * once and calls `onDeposed`.
 *
 * Resolves once the servers listen (not once elected: see `elected`).
 */
export async function startMaster(config: MasterConfig, options: StartMasterOptions = {}): Promise<RunningMaster> {
  const logger = options.logger ?? createLogger('master', { level: config.logLevel });
  // Before anything is opened: bad TLS settings stop the master at once.
  const tls = loadTls(config, 'master');
  const ownStore = options.store === undefined;
  const ownBus = options.bus === undefined;
  const store =
    options.store ?? (config.redisUrl ? await createRedisStore({ url: config.redisUrl, logger }) : createMemoryStore());
  const bus =
    options.bus ??
    (config.natsUrl
      ? await createNatsBus({ servers: config.natsUrl, name: 'tessera-master', logger })
      : createMemoryBus());
  const closeOwned = async (): Promise<void> => {
    if (ownBus) await bus.close();
    if (ownStore) await store.close();
  };
  const masterId = config.masterId ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const metrics = new MasterMetrics();
  const facts = new FactPublisher(bus, logger, () => metrics.factPublishFailed());
  // NOTE: loaded before serving anything, so that a bad credentials or ACL file stops the master at start.
  let auth: MasterAuth;
  try {
    auth = await loadMasterAuth(config, facts, logger);
  } catch (error) {
    await closeOwned();
    throw error;
  }
  const closeOwnedAndAudit = async (): Promise<void> => {
    await auth.audit.close();
    await closeOwned();
  };

  let leading: Leading | undefined;
  let deposed = false;
  let knownLeader: string | undefined;

  const info: v1.MasterInfo = {
    id: masterId,
    endpoint: `${config.advertiseHost ?? config.host}:${config.port}`,
    hostname: hostname(),
    version: MASTER_VERSION,
    startTime: Date.now() / 1000,
    httpPort: config.httpPort,
  };

  metrics.watch({
    agents: () => leading?.master.agents.size ?? 0,
    frameworks: () => leading?.master.frameworks.size ?? 0,
    tasks: () => leading?.master.tasks.size ?? 0,
    offers: () => leading?.master.offers.size ?? 0,
    allocatorConnected: () => leading?.link.connected() ?? false,
    leading: () => leading !== undefined,
  });

  const v1grpc = tesseraGrpc().tessera.v1;
  // Over mutual TLS, which certificates may call which door: frameworks and operators are never a master, an
  // allocator or an agent; only agents register as agents (their identity is checked again in the core).
  const callers: readonly PrincipalKind[] = ['framework', 'marathon', 'chronos', 'operator'];
  const served: readonly { name: string; definition: grpc.ServiceDefinition; callerKinds: readonly PrincipalKind[] }[] =
    [
      { name: SERVICE_NAMES.scheduler, definition: v1grpc.Scheduler.service, callerKinds: callers },
      { name: SERVICE_NAMES.agentRegistry, definition: v1grpc.AgentRegistry.service, callerKinds: ['agent'] },
      { name: SERVICE_NAMES.operator, definition: v1grpc.Operator.service, callerKinds: callers },
    ];
  const refusal = (): Partial<grpc.ServiceError> => notLeaderGrpcError('master', knownLeader);
  let grpcServer: RunningGrpcServer;
  try {
    grpcServer = await startGrpcServer({
      host: config.host,
      port: config.port,
      logger,
      tls,
      services: served.map(({ name, definition, callerKinds }) => ({
        name,
        definition,
        callerKinds,
        implementation: switchableImplementation(definition, () => leading?.implementations.get(name), refusal),
      })),
    });
  } catch (error) {
    await closeOwnedAndAudit();
    throw error;
  }
  // Health: the process ("") serves; the three services only while leading.
  for (const { name } of served) grpcServer.health.setStatus(name, 'NOT_SERVING');
  const endpoint = `${config.advertiseHost ?? config.host}:${grpcServer.port}`;
  info.endpoint = endpoint;

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      host: config.host,
      port: config.httpPort,
      logger,
      metrics: metrics.registry,
      health: () => {
        if (leading !== undefined) {
          return {
            ok: true,
            details: {
              role: 'leader',
              leader: true,
              leaderAddress: endpoint,
              allocatorConnected: leading.link.connected(),
              agents: leading.master.agents.size,
              frameworks: leading.master.frameworks.size,
            },
          };
        }
        // A deposed master no longer serves anything but this answer; its supervisor restarts it.
        return {
          ok: !deposed,
          details: { role: deposed ? 'deposed' : 'follower', leader: false, leaderAddress: knownLeader ?? null },
        };
      },
    });
  } catch (error) {
    await grpcServer.shutdown();
    await closeOwnedAndAudit();
    throw error;
  }
  info.httpPort = http.port;

  // While following: who leads, from the leader's record, trusted only while its tenure still holds the lease.
  const records = new JsonRecordStore(store, META, () => undefined);
  const readLeader = async (): Promise<void> => {
    const [holder, recorded] = await Promise.all([
      store.leaseHolder(LEASE_NAME).catch(() => undefined),
      records.get('meta', 'leader').catch(() => undefined) as Promise<LeaderRecord | undefined>,
    ]);
    if (leading !== undefined) return;
    knownLeader =
      holder !== undefined && recorded?.holder === holder.holder && recorded.epoch === holder.epoch
        ? recorded.endpoint
        : undefined;
  };
  await readLeader();
  const leaderPoll = setInterval(() => void readLeader(), LEADER_POLL_MS);
  leaderPoll.unref();

  // A follower rehearses a takeover once, off the critical path (see rehearseRecovery); a failure only costs speed.
  const rehearsal = setTimeout(() => {
    if (leading !== undefined) return;
    const started = performance.now();
    new RegistryStore(store, () => undefined)
      .load()
      .then((loaded) => {
        if (leading !== undefined) return;
        rehearseRecovery(loaded, config, Date.now());
        logger.debug({ ms: Math.round(performance.now() - started) }, 'rehearsed a takeover');
      })
      .catch((error: unknown) => logger.debug({ err: error }, 'could not rehearse a takeover'));
  }, 1000);
  rehearsal.unref();

  const abort = new AbortController();
  let leadership: Leadership | undefined;
  let stopped = false;
  const stepDown = (): void => {
    if (deposed) return;
    deposed = true;
    knownLeader = undefined;
    const was = leading;
    leading = undefined;
    for (const { name } of served) grpcServer.health.setStatus(name, 'NOT_SERVING');
    was?.link.close();
    was?.master.close();
    (options.onDeposed ?? (() => process.exit(3)))();
  };

  const lead = async (): Promise<Master> => {
    // Leadership: one master holds the lease; every registry write is fenced by its epoch. Renewal runs from the
    // moment the lease is won, through the loading below.
    const election: Omit<CampaignOptions, 'store'> = {
      leaseName: LEASE_NAME,
      holder: masterId,
      ttlMs: config.leaderLeaseMs,
      campaignIntervalMs: config.leaderCampaignIntervalMs,
      logger,
      signal: abort.signal,
      onDeposed: (reason) => {
        logger.fatal({ masterId, reason }, 'lost the leader lease; stopping');
        stepDown();
      },
    };
    // NOTE: with Redis the election runs in a worker thread, so that renewal keeps its rhythm while this thread is
    // busy (loading a large registry, a loaded machine) for longer than a short lease's TTL.
    const held =
      ownStore && config.redisUrl
        ? await campaignInWorker({ ...election, redis: { url: config.redisUrl } })
        : await campaign({ ...election, store });
    leadership = held;
    const wonAt = performance.now();
    logger.info({ masterId, epoch: held.lease.epoch }, 'elected leader');
    const fenced = new JsonRecordStore(store, META, () => held.fence());
    const record: LeaderRecord = {
      holder: masterId,
      epoch: held.lease.epoch,
      endpoint,
      httpPort: http.port,
    };
    await fenced.commit([fenced.put('meta', 'leader', record)]);
    const recordedAt = performance.now();
    const registry = new RegistryStore(store, () => held.fence());
    const loaded = await registry.load();
    const loadedAt = performance.now();
    // The link only calls back (snapshot, allocations) after start(), when `master` exists.
    const link: AllocatorLink = new AllocatorLink({
      address: config.allocator,
      logger,
      tls,
      snapshot: () => master.allocatorSnapshot(),
      onAllocations: (allocations) => master.offer(allocationsFromProto(allocations)),
      onRevocations: (revocations) => master.revoke(revocationsFromProto(revocations)),
    });
    const master: Master = new Master({
      info,
      registry,
      facts,
      allocator: link,
      logger,
      counters: metrics.counters,
      offerTimeoutMs: config.offerTimeoutMs,
      agentUnreachableTimeoutMs: config.agentUnreachableTimeoutMs,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      agentPingIntervalMs: config.agentPingIntervalMs,
      agentMaxMissedPings: config.agentMaxMissedPings,
      // NOTE: the registry in memory is then ahead of Redis (a fenced write: another master leads, and
      // the renewal worker may not have said so yet). Stop at once rather than answer from it.
      onCommitFailed: (error) => {
        if (deposed || stopped) return;
        logger.fatal({ masterId, epoch: held.lease.epoch, err: error }, 'a registry write failed; stopping');
        stepDown();
      },
    });
    master.recover(loaded);
    if (!held.isLeader() || stopped || deposed) {
      master.close();
      throw new CampaignAbortedError(LEASE_NAME);
    }
    clearInterval(leaderPoll);
    knownLeader = endpoint;
    leading = {
      master,
      link,
      implementations: new Map([
        [SERVICE_NAMES.scheduler, schedulerService(master, auth, logger)],
        [SERVICE_NAMES.agentRegistry, agentRegistryService(master, auth, logger)],
        [SERVICE_NAMES.operator, operatorService({ master, auth, allocator: link, info: () => info, logger })],
      ]),
    };
    for (const { name } of served) grpcServer.health.setStatus(name, 'SERVING');
    link.start();
    // What taking over cost, for operators sizing the lease (README, High availability).
    const ms = (from: number, to: number) => Math.round(to - from);
    const now = performance.now();
    logger.info(
      {
        masterId,
        epoch: held.lease.epoch,
        endpoint,
        recordMs: ms(wonAt, recordedAt),
        loadMs: ms(recordedAt, loadedAt),
        recoverMs: ms(loadedAt, now),
        tasks: loaded.tasks.length,
        agents: loaded.agents.length,
      },
      'leading: registry loaded, serving',
    );
    return master;
  };
  const elected = lead();
  elected.catch((error: unknown) => {
    if (stopped || error instanceof CampaignAbortedError) return;
    logger.fatal({ err: error }, 'won the lease but could not start leading; stopping');
    stepDown();
  });

  let stopping: Promise<void> | undefined;
  return {
    address: grpcServer.address,
    grpcPort: grpcServer.port,
    httpPort: http.port,
    elected,
    master: () => leading?.master,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        abort.abort();
        clearInterval(leaderPoll);
        clearTimeout(rehearsal);
        const was = leading;
        leading = undefined;
        was?.link.close();
        was?.master.close();
        await grpcServer.shutdown();
        await http.close();
        // Renewed until here, so writes made while shutting down are still fenced by a live lease.
        await leadership?.release();
        await closeOwnedAndAudit();
      })();
      return stopping;
    },
  };
}
