import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createMemoryBus, createNatsBus, type EventBus } from '@tessera/bus';
import type { SchedulerSession } from '@tessera/client';
import { FrameworkDriver, subscribeUntilAccepted } from '@tessera/framework';
import { campaign, campaignInWorker, type CampaignOptions, type Leadership } from '@tessera/leader';
import {
  createLogger,
  createMetricsRegistry,
  followerFacade,
  registerLeaderProxy,
  switchableFacade,
  startGrpcServer,
  startHttpServer,
  type Logger,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import { createMemoryStore, createRedisStore, type StateStore } from '@tessera/store';
import { NotLeaderError, type MarathonApi } from './api.js';
import type { MarathonConfig } from './config.js';
import { EventHub } from './events.js';
import { marathonGrpcService } from './grpc/service.js';
import { Marathon } from './marathon.js';
import { MarathonStore } from './persistence.js';
import { registerMarathonRoutes } from './rest/routes.js';

const LEASE_NAME = 'marathon';

export interface StartMarathonOptions {
  /** An already open store (the dev cluster's); otherwise from config.redisUrl. */
  readonly store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  readonly bus?: EventBus;
  readonly logger?: Logger;
  /** Called once when leadership is lost or state cannot be written; default exits the process with code 3. */
  readonly onDeposed?: () => void;
}

export interface RunningMarathon {
  /** REST address "host:port". */
  readonly httpAddress: string;
  readonly httpPort: number;
  /** gRPC (tessera.v1.Marathon) address "host:port". */
  readonly grpcAddress: string;
  readonly grpcPort: number;
  /** Resolves once this process leads (loaded, subscribed). */
  readonly elected: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a Marathon: serves REST (and /metrics, /healthz) at once, campaigns
 * for the leader lease, and once elected loads the state, subscribes to the
 * master as the framework (with its stored framework ID, so its tasks carry
 * on), reconciles, and acts.
 */
export async function startMarathon(
  config: MarathonConfig,
  options: StartMarathonOptions = {},
): Promise<RunningMarathon> {
  const logger = options.logger ?? createLogger('marathon', { level: config.logLevel });
  const ownStore = options.store === undefined;
  const ownBus = options.bus === undefined;
  const store =
    options.store ?? (config.redisUrl ? await createRedisStore({ url: config.redisUrl, logger }) : createMemoryStore());
  const bus =
    options.bus ??
    (config.natsUrl
      ? await createNatsBus({ servers: config.natsUrl, name: 'tessera-marathon', logger })
      : createMemoryBus());
  const marathonId = config.marathonId ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const metrics = createMetricsRegistry('marathon');
  const events = new EventHub({ bus, logger });

  let leaderAddress: string | undefined;
  const follower = followerFacade<MarathonApi>(() => new NotLeaderError(leaderAddress), {
    leader: () => Promise.resolve(leaderAddress),
    subscribe: () => () => undefined,
  });
  let api: MarathonApi = follower;
  const front = switchableFacade(() => api);
  let leadership: Leadership | undefined;
  const deposed = options.onDeposed ?? (() => process.exit(3));

  let http: RunningHttpServer;
  let httpAddress = '';
  try {
    http = await startHttpServer({
      host: config.host,
      port: config.httpPort,
      logger,
      metrics,
      health: () => ({
        ok: true,
        details: { leader: leadership?.isLeader() ?? false, leaderAddress: leaderAddress ?? null },
      }),
      routes: async (app) => {
        registerLeaderProxy(app, {
          isLeader: () => api !== follower,
          leader: () => leaderAddress,
          self: () => httpAddress,
          forwards: (path) => path.startsWith('/v2/') && !path.startsWith('/v2/leader'),
          serviceName: 'Marathon',
          leaderHeader: 'x-marathon-leader',
        });
        await registerMarathonRoutes(app, front, { events, logger });
      },
    });
  } catch (error) {
    if (ownBus) await bus.close();
    if (ownStore) await store.close();
    throw error;
  }
  httpAddress = `${config.advertiseHost ?? config.host}:${http.port}`;
  let grpc: RunningGrpcServer;
  try {
    grpc = await startGrpcServer({
      host: config.host,
      port: config.port,
      logger,
      services: [marathonGrpcService(front, { logger })],
    });
  } catch (error) {
    await http.close();
    if (ownBus) await bus.close();
    if (ownStore) await store.close();
    throw error;
  }

  let marathon: Marathon | undefined;
  let driver: FrameworkDriver<SchedulerSession> | undefined;
  let stopped = false;
  const abort = new AbortController();

  // While following: who leads, from the leader's record (written when it won), every second.
  const records = new MarathonStore(store, () => undefined);
  const readLeader = async (): Promise<void> => {
    if (api !== follower) return;
    const recorded = await records.get('meta', 'leader').catch(() => undefined);
    if (api === follower) leaderAddress = typeof recorded === 'string' ? recorded : undefined;
  };
  await readLeader();
  const leaderPoll = setInterval(() => void readLeader(), 1000);
  leaderPoll.unref();

  const elect = async (): Promise<void> => {
    const election: Omit<CampaignOptions, 'store'> = {
      leaseName: LEASE_NAME,
      holder: marathonId,
      ttlMs: config.leaderLeaseMs,
      logger,
      signal: abort.signal,
      onDeposed: (reason) => {
        logger.fatal({ marathonId, reason }, 'lost the Marathon leader lease; stopping');
        deposed();
      },
    };
    leadership =
      ownStore && config.redisUrl
        ? await campaignInWorker({ ...election, redis: { url: config.redisUrl } })
        : await campaign({ ...election, store });
    const held = leadership;
    logger.info({ marathonId, epoch: held.lease.epoch }, 'elected Marathon leader');
    leaderAddress = httpAddress;
    const marathonStore = new MarathonStore(store, () => held.fence());
    await marathonStore.commit([marathonStore.put('meta', 'leader', httpAddress)]);
    marathon = new Marathon({
      store: marathonStore,
      events,
      logger,
      role: config.role,
      user: config.user,
      httpAddress,
      config: {
        master: config.master,
        framework_name: config.frameworkName,
        mesos_role: config.role,
        failover_timeout: config.failoverTimeoutSeconds,
        leader_proxy_connection_timeout_ms: 5000,
      },
      onFatal: () => deposed(),
      servicePorts: { min: config.localPortMin, max: config.localPortMax },
      declineOfferSeconds: config.declineOfferSeconds,
      maxInstancesPerOffer: config.maxInstancesPerOffer,
    });
    const { frameworkId } = await marathon.load();
    driver = FrameworkDriver.create(
      config.master,
      {
        ...(frameworkId === undefined ? {} : { id: { value: frameworkId } }),
        name: config.frameworkName,
        user: config.user ?? '',
        roles: [config.role],
        capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE', 'GPU_RESOURCES'],
        failoverTimeoutSeconds: config.failoverTimeoutSeconds,
      },
      {
        wantOffers: false,
        reconcileIntervalMs: config.reconciliationIntervalMs,
        session: { logger },
      },
    );
    driver.on('callFailed', (call, error) => logger.warn({ err: error, call }, 'a call to the master failed'));
    marathon.attach(driver);
    // The API serves from the loaded state at once; launches and kills wait for the subscription.
    api = marathon;
    clearInterval(leaderPoll);
    const subscribedId = await subscribeUntilAccepted(driver, {
      master: config.master,
      logger,
      stopped: () => stopped,
    });
    if (subscribedId !== frameworkId) await marathon.saveFrameworkId(subscribedId);
    logger.info({ frameworkId: subscribedId }, 'Marathon subscribed to the master');
  };
  const elected = elect().catch((error: unknown) => {
    if (stopped) return;
    logger.fatal({ err: error }, 'Marathon could not start as leader');
    deposed();
  });

  return {
    httpAddress,
    httpPort: http.port,
    grpcAddress: `${config.advertiseHost ?? config.host}:${grpc.port}`,
    grpcPort: grpc.port,
    elected,
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      clearInterval(leaderPoll);
      marathon?.close();
      driver?.close();
      await grpc.shutdown();
      await http.close();
      await leadership?.release();
      if (ownBus) await bus.close();
      if (ownStore) await store.close();
    },
  };
}
