/**
 * The shell every highly available framework service shares (Marathon,
 * Chronos): several processes against one Redis, one leader.
 *
 * Every process serves REST (with /metrics and /healthz) and gRPC at once, and
 * campaigns for the service's lease. A follower (or a leader before it has
 * loaded) answers through the service's follower facade: REST requests for
 * the API's paths are forwarded to the leader (`registerLeaderProxy`), gRPC
 * calls refused with the service's NotLeaderError naming it. It learns who
 * leads from the leader's record (`<name>.meta`/`leader`, its HTTP address),
 * read every second. Once elected, the process writes that record (fenced),
 * builds the service's actor over the fenced store, loads it, subscribes to
 * the master as the framework — with the stored framework ID, so its tasks
 * carry on — waiting for a master that cannot be reached yet, and serves the
 * API from the actor. Losing the lease (or failing to write) calls `onDeposed`
 * (default: exit 3): a deposed leader never acts on.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ServiceAuth } from '@tessera/auth';
import { auditSubject, type AuditRecord } from '@tessera/auth';
import { createMemoryBus, createNatsBus, FactPublisher, type EventBus } from '@tessera/bus';
import type { SchedulerSession } from '@tessera/client';
import { campaign, campaignInWorker, type CampaignOptions, type Leadership } from '@tessera/leader';
import { encodeMessage, type v1 } from '@tessera/proto';
import {
  createLogger,
  createMetricsRegistry,
  followerFacade,
  loadMasterSecret,
  loadTls,
  registerLeaderProxy,
  startGrpcServer,
  startHttpServer,
  switchableFacade,
  type GrpcServiceRegistration,
  type Logger,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import { createMemoryStore, createRedisStore, JsonRecordStore, type Fence, type StateStore } from '@tessera/store';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { FrameworkDriver, type FrameworkDriverOptions } from '../framework-driver.js';
import { subscribeUntilAccepted } from '../subscribe.js';
import { loadServiceAuth } from './access.js';
import { registerRestAuthentication } from './rest-auth.js';

/** The settings every framework service has (its config schema's common part). */
export interface LeaderServiceConfig {
  readonly host: string;
  readonly advertiseHost?: string | undefined;
  readonly httpPort: number;
  readonly port: number;
  /** The master's gRPC address, or several ("a:5050,b:5050"): the driver's session follows their leader. */
  readonly master: string;
  readonly redisUrl?: string | undefined;
  readonly natsUrl?: string | undefined;
  readonly leaderLeaseMs: number;
  readonly frameworkName: string;
  readonly role: string;
  readonly user?: string | undefined;
  readonly failoverTimeoutSeconds: number;
  readonly reconciliationIntervalMs: number;
  readonly logLevel: string;
  /** Mutual TLS (files, see `tlsConfigFields`) on the gRPC server and to the master; none: plaintext. */
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly tlsCa?: string | undefined;
  /** A file holding the secret sent to the masters as `authorization: Bearer` (`--master-secret-file`); none: only the certificate, if any. */
  readonly masterSecretFile?: string | undefined;
  /** Authentication and ACLs of both doors (see access.ts): files of credentials, ACLs, and the audit log. */
  readonly credentials?: string | undefined;
  readonly acls?: string | undefined;
  readonly auditLog?: string | undefined;
}

/** What the service's actor must do for the shell. */
export interface LeaderActor {
  /** Loads the stored state; answers the stored framework ID. */
  load(): Promise<{ readonly frameworkId: string | undefined }>;
  /** Starts acting over the driver (before it subscribes). */
  attach(driver: FrameworkDriver<SchedulerSession>): void;
  /** Records the framework ID the master gave (durable when it resolves). */
  saveFrameworkId(frameworkId: string): Promise<void>;
  close(): void;
}

/** What the service's parts get: the open store (unfenced), bus, logger, metrics. */
export interface ServiceContext {
  readonly store: StateStore;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** What the leader's actor gets besides the context: the fence of its writes, its address, the fatal hook. */
export interface LeaderContext extends ServiceContext {
  readonly fence: () => Fence;
  readonly httpAddress: string;
  readonly onFatal: (error: unknown) => void;
}

export interface LeaderServiceSpec<Api extends object, Actor extends Api & LeaderActor, Parts> {
  /** "marathon": the lease, the logger, the metrics' service label, the `<name>.meta` collection. */
  readonly name: string;
  /** "Marathon", in messages. */
  readonly displayName: string;
  readonly config: LeaderServiceConfig;
  /** Identity in the lease; default host name plus a random suffix. */
  readonly id?: string | undefined;
  /** An already open store (the dev cluster's); otherwise from config.redisUrl. */
  readonly store?: StateStore | undefined;
  /** An already open bus; otherwise from config.natsUrl. */
  readonly bus?: EventBus | undefined;
  readonly logger?: Logger | undefined;
  /** Called once when leadership is lost or state cannot be written; default exits the process with code 3. */
  readonly onDeposed?: (() => void) | undefined;
  /** What the doors and the actor share, made once the store and bus are open (e.g. an event hub). */
  readonly prepare: (context: ServiceContext) => Parts;
  /** The follower's refusal, naming the leader when known. */
  readonly notLeader: (leader: string | undefined) => Error;
  /** The API methods a follower answers itself (e.g. `leader`). */
  readonly followerAnswers: (
    leader: () => string | undefined,
  ) => Partial<Record<keyof Api, (...args: never[]) => unknown>>;
  /** Which REST paths a follower forwards, and the answer header naming the leader. */
  readonly proxy: { readonly forwards: (path: string) => boolean; readonly leaderHeader: string };
  /** The body of a REST refusal (401) in the service's error shape, e.g. `{ message }`. */
  readonly restRefusal: (message: string) => unknown;
  readonly routes: (
    app: FastifyInstance,
    api: Api,
    parts: Parts,
    context: ServiceContext,
    auth: ServiceAuth,
  ) => Promise<void>;
  /** The gRPC door; `auth` is the same as the REST door's, so that both apply the same rules. */
  readonly grpcService: (api: Api, parts: Parts, context: ServiceContext, auth: ServiceAuth) => GrpcServiceRegistration;
  readonly createActor: (parts: Parts, context: LeaderContext) => Actor;
  /** The framework's capabilities, and the driver's options beyond reconciliation. */
  readonly framework: {
    readonly capabilities: v1.FrameworkInfo['capabilities'];
    readonly driver?: FrameworkDriverOptions;
  };
}

export interface RunningLeaderService {
  /** REST address "host:port". */
  readonly httpAddress: string;
  readonly httpPort: number;
  /** gRPC address "host:port". */
  readonly grpcAddress: string;
  readonly grpcPort: number;
  /** Resolves once this process leads (loaded, subscribed). */
  readonly elected: Promise<void>;
  stop(): Promise<void>;
}

export async function startLeaderService<Api extends object, Actor extends Api & LeaderActor, Parts>(
  spec: LeaderServiceSpec<Api, Actor, Parts>,
): Promise<RunningLeaderService> {
  const { config, name } = spec;
  const logger = spec.logger ?? createLogger(name, { level: config.logLevel as 'info' });
  // Before anything is opened: bad TLS settings stop the service at once.
  const tls = loadTls(config, name);
  const masterSecret = loadMasterSecret(config, name);
  // Audit records are published on the bus once it is open (no call is served before).
  let publishAudit: (record: AuditRecord) => void = () => undefined;
  const auth = await loadServiceAuth(config, name, {
    onRecord: (record) => publishAudit(record),
    onError: (error) => logger.error({ err: error }, 'audit record not written'),
  });
  const ownStore = spec.store === undefined;
  const ownBus = spec.bus === undefined;
  const store =
    spec.store ?? (config.redisUrl ? await createRedisStore({ url: config.redisUrl, logger }) : createMemoryStore());
  const bus =
    spec.bus ??
    (config.natsUrl
      ? await createNatsBus({ servers: config.natsUrl, name: `tessera-${name}`, logger })
      : createMemoryBus());
  const facts = new FactPublisher(bus, logger, encodeMessage);
  publishAudit = (record) => facts.publish(auditSubject(record.action), 'tessera.v1.AuditRecord', record);
  const closeOwned = async (): Promise<void> => {
    if (ownBus) await bus.close();
    if (ownStore) await store.close();
  };
  const holder = spec.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const context: ServiceContext = { store, bus, logger, metrics: createMetricsRegistry(name) };
  const parts = spec.prepare(context);

  let leaderAddress: string | undefined;
  const follower = followerFacade<Api>(
    () => spec.notLeader(leaderAddress),
    spec.followerAnswers(() => leaderAddress),
  );
  let api: Api = follower;
  const front = switchableFacade(() => api);
  let leadership: Leadership | undefined;
  const deposed = spec.onDeposed ?? (() => process.exit(3));

  let http: RunningHttpServer;
  let httpAddress = '';
  try {
    http = await startHttpServer({
      host: config.host,
      port: config.httpPort,
      logger,
      metrics: context.metrics,
      health: () => ({
        ok: true,
        details: { leader: leadership?.isLeader() ?? false, leaderAddress: leaderAddress ?? null },
      }),
      routes: async (app) => {
        // Every instance authenticates, so a follower refuses what the leader would before forwarding it.
        registerRestAuthentication(app, auth, spec.restRefusal);
        registerLeaderProxy(app, {
          isLeader: () => api !== follower,
          leader: () => leaderAddress,
          self: () => httpAddress,
          forwards: spec.proxy.forwards,
          serviceName: spec.displayName,
          leaderHeader: spec.proxy.leaderHeader,
        });
        await spec.routes(app, front, parts, context, auth);
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
      tls,
      services: [spec.grpcService(front, parts, context, auth)],
    });
  } catch (error) {
    await http.close();
    await closeOwned();
    throw error;
  }

  let actor: Actor | undefined;
  let driver: FrameworkDriver<SchedulerSession> | undefined;
  let stopped = false;
  const abort = new AbortController();
  const meta = { meta: `${name}.meta` } as const;

  // While following: who leads, from the leader's record (written when it won), every second.
  const records = new JsonRecordStore(store, meta, () => undefined);
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
      leaseName: name,
      holder,
      ttlMs: config.leaderLeaseMs,
      logger,
      signal: abort.signal,
      onDeposed: (reason) => {
        logger.fatal({ holder, reason }, `lost the ${spec.displayName} leader lease; stopping`);
        deposed();
      },
    };
    leadership =
      ownStore && config.redisUrl
        ? await campaignInWorker({ ...election, redis: { url: config.redisUrl } })
        : await campaign({ ...election, store });
    const held = leadership;
    logger.info({ holder, epoch: held.lease.epoch }, `elected ${spec.displayName} leader`);
    leaderAddress = httpAddress;
    const fenced = new JsonRecordStore(store, meta, () => held.fence());
    await fenced.commit([fenced.put('meta', 'leader', httpAddress)]);
    actor = spec.createActor(parts, { ...context, fence: () => held.fence(), httpAddress, onFatal: () => deposed() });
    const { frameworkId } = await actor.load();
    driver = FrameworkDriver.create(
      config.master,
      {
        ...(frameworkId === undefined ? {} : { id: { value: frameworkId } }),
        name: config.frameworkName,
        user: config.user ?? '',
        roles: [config.role],
        capabilities: spec.framework.capabilities,
        failoverTimeoutSeconds: config.failoverTimeoutSeconds,
      },
      {
        ...spec.framework.driver,
        wantOffers: false,
        reconcileIntervalMs: config.reconciliationIntervalMs,
        session: { logger, tls, token: masterSecret },
      },
    );
    driver.on('callFailed', (call, error) => logger.warn({ err: error, call }, 'a call to the master failed'));
    actor.attach(driver);
    // The API serves from the loaded state at once; launches and kills wait for the subscription.
    api = actor;
    clearInterval(leaderPoll);
    const subscribedId = await subscribeUntilAccepted(driver, {
      master: config.master,
      logger,
      stopped: () => stopped,
    });
    if (subscribedId !== frameworkId) await actor.saveFrameworkId(subscribedId);
    logger.info(
      { frameworkId: subscribedId, master: driver.session.address },
      `${spec.displayName} subscribed to the master at ${driver.session.address}`,
    );
  };
  const elected = elect().catch((error: unknown) => {
    if (stopped) return;
    logger.fatal({ err: error }, `${spec.displayName} could not start as leader`);
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
      actor?.close();
      driver?.close();
      await grpc.shutdown();
      await http.close();
      await leadership?.release();
      await auth.audit.close();
      await closeOwned();
    },
  };
}
