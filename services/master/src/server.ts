import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { tesseraGrpc, SERVICE_NAMES, type v1 } from '@tessera/proto';
import {
  createLogger,
  startGrpcServer,
  startHttpServer,
  type Logger,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import { createMemoryStore, createRedisStore, type StateStore } from '@tessera/store';
import { createMemoryBus, createNatsBus, type EventBus } from '@tessera/bus';
import { campaign, campaignInWorker, type CampaignOptions } from '@tessera/leader';
import { AllocatorLink } from './allocator-link.js';
import { agentRegistryService } from './grpc/agent-registry-service.js';
import type { MasterConfig } from './config.js';
import { FactPublisher } from './facts.js';
import { allocationsFromProto, revocationsFromProto } from './convert.js';
import { Master } from './master.js';
import { MasterMetrics } from './metrics.js';
import { operatorService } from './grpc/operator-service.js';
import { RegistryStore } from './persistence.js';
import { schedulerService } from './grpc/scheduler-service.js';

export const MASTER_VERSION = '0.1.0';
const LEASE_NAME = 'master';

export interface StartMasterOptions {
  /** An already open store (e.g. the dev cluster's in-memory one); otherwise from config.redisUrl. */
  store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  bus?: EventBus;
  logger?: Logger;
  /**
   * Called once when leadership is lost (another master holds the lease, the lease lapsed or could not be renewed
   * within its TTL, or the store lost its data); default exits the process with code 3.
   */
  onDeposed?: () => void;
}

export interface RunningMaster {
  /** gRPC address "host:port". */
  address: string;
  grpcPort: number;
  httpPort: number;
  master: Master;
  stop(): Promise<void>;
}

/**
 * Starts a master: opens the store and bus, waits to win the leader lease,
 * recovers the registry, serves Scheduler, AgentRegistry and Operator (with health
 * and reflection) and /metrics, /healthz, and links to the allocator.
 */
export async function startMaster(config: MasterConfig, options: StartMasterOptions = {}): Promise<RunningMaster> {
  const logger = options.logger ?? createLogger('master', { level: config.logLevel });
  const ownStore = options.store === undefined;
  const ownBus = options.bus === undefined;
  const store =
    options.store ?? (config.redisUrl ? await createRedisStore({ url: config.redisUrl, logger }) : createMemoryStore());
  const bus =
    options.bus ??
    (config.natsUrl
      ? await createNatsBus({ servers: config.natsUrl, name: 'tessera-master', logger })
      : createMemoryBus());
  const masterId = config.masterId ?? `${hostname()}-${randomUUID().slice(0, 8)}`;

  // Leadership: one master holds the lease; every registry write is fenced by its epoch. Renewal runs from the moment
  // the lease is won, through the start-up below.
  const election: Omit<CampaignOptions, 'store'> = {
    leaseName: LEASE_NAME,
    holder: masterId,
    ttlMs: config.leaderLeaseMs,
    logger,
    onDeposed: (reason) => {
      logger.fatal({ masterId, reason }, 'lost the leader lease; stopping');
      (options.onDeposed ?? (() => process.exit(3)))();
    },
  };
  // NOTE: with Redis the election runs in a worker thread: start-up after the win is mostly synchronous (protobuf
  // descriptors, reflection, Fastify), and on a loaded machine takes longer than a short lease's TTL.
  const leadership =
    ownStore && config.redisUrl
      ? await campaignInWorker({ ...election, redis: { url: config.redisUrl } })
      : await campaign({ ...election, store });
  const releaseAndRethrow = async (error: unknown): Promise<never> => {
    await leadership.release();
    throw error;
  };
  logger.info({ masterId, epoch: leadership.lease.epoch }, 'elected leader');
  const registry = new RegistryStore(store, () => leadership.fence());

  const metrics = new MasterMetrics();

  const info: v1.MasterInfo = {
    id: masterId,
    endpoint: `${config.advertiseHost ?? config.host}:${config.port}`,
    hostname: hostname(),
    version: MASTER_VERSION,
    startTime: Date.now() / 1000,
    httpPort: config.httpPort,
  };
  // The link only calls back (snapshot, allocations) after start(), when `master` exists.
  const link: AllocatorLink = new AllocatorLink({
    address: config.allocator,
    logger,
    snapshot: () => master.allocatorSnapshot(),
    onAllocations: (allocations) => master.offer(allocationsFromProto(allocations)),
    onRevocations: (revocations) => master.revoke(revocationsFromProto(revocations)),
  });
  const master: Master = new Master({
    info,
    registry,
    facts: new FactPublisher(bus, logger, () => metrics.factPublishFailed()),
    allocator: link,
    logger,
    counters: metrics.counters,
    offerTimeoutMs: config.offerTimeoutMs,
    agentUnreachableTimeoutMs: config.agentUnreachableTimeoutMs,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    agentPingIntervalMs: config.agentPingIntervalMs,
    agentMaxMissedPings: config.agentMaxMissedPings,
  });
  master.recover(await registry.load().catch(releaseAndRethrow));

  metrics.watch({
    agents: () => master.agents.size,
    frameworks: () => master.frameworks.size,
    tasks: () => master.tasks.size,
    offers: () => master.offers.size,
    allocatorConnected: () => link.connected(),
  });

  const v1grpc = tesseraGrpc().tessera.v1;
  const grpcServer: RunningGrpcServer = await startGrpcServer({
    host: config.host,
    port: config.port,
    logger,
    services: [
      {
        name: SERVICE_NAMES.scheduler,
        definition: v1grpc.Scheduler.service,
        implementation: schedulerService(master, logger),
      },
      {
        name: SERVICE_NAMES.agentRegistry,
        definition: v1grpc.AgentRegistry.service,
        implementation: agentRegistryService(master, logger),
      },
      {
        name: SERVICE_NAMES.operator,
        definition: v1grpc.Operator.service,
        implementation: operatorService({ master, allocator: link, info: () => info, logger }),
      },
    ],
  }).catch(releaseAndRethrow);
  info.endpoint = `${config.advertiseHost ?? config.host}:${grpcServer.port}`;
  link.start();

  let http: RunningHttpServer | undefined;
  try {
    http = await startHttpServer({
      host: config.host,
      port: config.httpPort,
      logger,
      metrics: metrics.registry,
      health: () => ({
        ok: leadership.isLeader(),
        details: {
          leader: leadership.isLeader(),
          allocatorConnected: link.connected() ?? false,
          agents: master.agents.size,
          frameworks: master.frameworks.size,
        },
      }),
    });
    info.httpPort = http.port;
  } catch (error) {
    await grpcServer.shutdown();
    await leadership.release();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    address: grpcServer.address,
    grpcPort: grpcServer.port,
    httpPort: http.port,
    master,
    stop() {
      stopping ??= (async () => {
        link.close();
        master.close();
        await grpcServer.shutdown();
        await http?.close();
        // Renewed until here, so writes made while shutting down are still fenced by a live lease.
        await leadership.release();
        if (ownBus) await bus.close();
        if (ownStore) await store.close();
      })();
      return stopping;
    },
  };
}
