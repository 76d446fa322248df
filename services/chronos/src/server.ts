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
  startGrpcServer,
  startHttpServer,
  switchableFacade,
  type Logger,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import { createMemoryStore, createRedisStore, type StateStore } from '@tessera/store';
import { NotLeaderError, type ChronosApi } from './api.js';
import { Chronos } from './chronos.js';
import type { ChronosConfig } from './config.js';
import { RunEventHub } from './events.js';
import { runEventToProto } from './grpc/convert.js';
import { chronosGrpcService } from './grpc/service.js';
import { ChronosStore } from './persistence.js';
import { registerChronosRoutes } from './rest/routes.js';

const LEASE_NAME = 'chronos';

export interface StartChronosOptions {
  /** An already open store (the dev cluster's); otherwise from config.redisUrl. */
  readonly store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  readonly bus?: EventBus;
  readonly logger?: Logger;
  /** Called once when leadership is lost or state cannot be written; default exits the process with code 3. */
  readonly onDeposed?: () => void;
}

export interface RunningChronos {
  /** REST address "host:port". */
  readonly httpAddress: string;
  readonly httpPort: number;
  /** gRPC (tessera.v1.Chronos) address "host:port". */
  readonly grpcAddress: string;
  readonly grpcPort: number;
  /** Resolves once this process leads (loaded, subscribed). */
  readonly elected: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a Chronos: serves REST (and /metrics, /healthz) and gRPC at once,
 * campaigns for the leader lease, and once elected loads the ledger,
 * subscribes to the master as the framework (with its stored framework ID, so
 * running tasks carry on), and acts. A follower forwards REST calls to the
 * leader and answers gRPC calls with UNAVAILABLE naming it.
 */
export async function startChronos(config: ChronosConfig, options: StartChronosOptions = {}): Promise<RunningChronos> {
  const logger = options.logger ?? createLogger('chronos', { level: config.logLevel });
  const ownStore = options.store === undefined;
  const ownBus = options.bus === undefined;
  const store =
    options.store ?? (config.redisUrl ? await createRedisStore({ url: config.redisUrl, logger }) : createMemoryStore());
  const bus =
    options.bus ??
    (config.natsUrl
      ? await createNatsBus({ servers: config.natsUrl, name: 'tessera-chronos', logger })
      : createMemoryBus());
  const closeOwned = async (): Promise<void> => {
    if (ownBus) await bus.close();
    if (ownStore) await store.close();
  };
  const chronosId = config.chronosId ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const metrics = createMetricsRegistry('chronos');
  const events = new RunEventHub({ bus, logger, toProto: runEventToProto });

  let leaderAddress: string | undefined;
  const follower = followerFacade<ChronosApi>(() => new NotLeaderError(leaderAddress), {
    leader: () => Promise.resolve(leaderAddress),
    subscribe: () => () => undefined,
  });
  let api: ChronosApi = follower;
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
          forwards: (path) =>
            (path.startsWith('/v1/') || path.startsWith('/scheduler/')) && !/^\/(v1\/)?scheduler\/leader/.test(path),
          serviceName: 'Chronos',
          leaderHeader: 'x-chronos-leader',
        });
        await registerChronosRoutes(app, front, { logger });
      },
    });
  } catch (error) {
    await closeOwned();
    throw error;
  }
  httpAddress = `${config.advertiseHost ?? config.host}:${http.port}`;
  let grpc: RunningGrpcServer;
  try {
    grpc = await startGrpcServer({
      host: config.host,
      port: config.port,
      logger,
      services: [chronosGrpcService(front, { logger })],
    });
  } catch (error) {
    await http.close();
    await closeOwned();
    throw error;
  }

  let chronos: Chronos | undefined;
  let driver: FrameworkDriver<SchedulerSession> | undefined;
  let stopped = false;
  const abort = new AbortController();

  // While following: who leads, from the leader's record (written when it won), every second.
  const records = new ChronosStore(store, () => undefined);
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
      holder: chronosId,
      ttlMs: config.leaderLeaseMs,
      logger,
      signal: abort.signal,
      onDeposed: (reason) => {
        logger.fatal({ chronosId, reason }, 'lost the Chronos leader lease; stopping');
        deposed();
      },
    };
    leadership =
      ownStore && config.redisUrl
        ? await campaignInWorker({ ...election, redis: { url: config.redisUrl } })
        : await campaign({ ...election, store });
    const held = leadership;
    logger.info({ chronosId, epoch: held.lease.epoch }, 'elected Chronos leader');
    leaderAddress = httpAddress;
    const chronosStore = new ChronosStore(store, () => held.fence());
    await chronosStore.commit([chronosStore.put('meta', 'leader', httpAddress)]);
    chronos = new Chronos({
      store: chronosStore,
      events,
      logger,
      metrics,
      defaults: {
        cpus: config.taskCpus,
        memMb: config.taskMemMb,
        diskMb: config.taskDiskMb,
        epsilonMs: config.taskEpsilonSeconds * 1000,
        ...(config.user === undefined ? {} : { user: config.user }),
      },
      historyPerJob: config.historyPerJob,
      taskLabels: config.taskLabels,
      httpAddress,
      onFatal: () => deposed(),
    });
    const { frameworkId } = await chronos.load();
    driver = FrameworkDriver.create(
      config.master,
      {
        ...(frameworkId === undefined ? {} : { id: { value: frameworkId } }),
        name: config.frameworkName,
        user: config.user ?? '',
        roles: [config.role],
        capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'],
        failoverTimeoutSeconds: config.failoverTimeoutSeconds,
      },
      {
        wantOffers: false,
        // Held offers are declined after maxHoldMs with a short filter: they come back in the next cycle.
        refuseSeconds: 1,
        reconcileIntervalMs: config.reconciliationIntervalMs,
        session: { logger },
      },
    );
    driver.on('callFailed', (call, error) => logger.warn({ err: error, call }, 'a call to the master failed'));
    chronos.attach(driver);
    api = chronos;
    clearInterval(leaderPoll);
    const subscribedId = await subscribeUntilAccepted(driver, {
      master: config.master,
      logger,
      stopped: () => stopped,
    });
    if (subscribedId !== frameworkId) await chronos.saveFrameworkId(subscribedId);
    logger.info({ frameworkId: subscribedId }, 'Chronos subscribed to the master');
  };
  const elected = elect().catch((error: unknown) => {
    if (stopped) return;
    logger.fatal({ err: error }, 'Chronos could not start as leader');
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
      chronos?.close();
      driver?.close();
      await grpc.shutdown();
      await http.close();
      await leadership?.release();
      await closeOwned();
    },
  };
}
