import type { EventBus } from '@tessera/bus';
import { startLeaderService, type RunningLeaderService } from '@tessera/framework/service';
import type { Logger } from '@tessera/runtime';
import type { StateStore } from '@tessera/store';
import { NotLeaderError, type ChronosApi } from './api.js';
import { Chronos } from './chronos.js';
import type { ChronosConfig } from './config.js';
import { RunEventHub } from './events.js';
import { runEventToProto } from './grpc/convert.js';
import { chronosGrpcService } from './grpc/service.js';
import { ChronosStore } from './persistence.js';
import { registerChronosRoutes } from './rest/routes.js';

export interface StartChronosOptions {
  /** An already open store (the dev cluster's); otherwise from config.redisUrl. */
  readonly store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  readonly bus?: EventBus;
  readonly logger?: Logger;
  /** Called once when leadership is lost or state cannot be written; default exits the process with code 3. */
  readonly onDeposed?: () => void;
}

/** A running Chronos: REST and gRPC addresses, `elected` once it leads, `stop`. */
export type RunningChronos = RunningLeaderService;

/**
 * Starts a Chronos (see startLeaderService for the shell every framework
 * service shares): REST and gRPC at once; once elected it loads the ledger,
 * subscribes as the framework with its stored framework ID (running tasks
 * carry on and are reconciled), and acts. A follower forwards the REST API
 * (but the leader endpoints) to the leader.
 */
export function startChronos(config: ChronosConfig, options: StartChronosOptions = {}): Promise<RunningChronos> {
  return startLeaderService({
    name: 'chronos',
    displayName: 'Chronos',
    config,
    id: config.chronosId,
    store: options.store,
    bus: options.bus,
    logger: options.logger,
    onDeposed: options.onDeposed,
    prepare: ({ bus, logger }) => new RunEventHub({ bus, logger, toProto: runEventToProto }),
    notLeader: (leader) => new NotLeaderError(leader),
    followerAnswers: (leader): Partial<ChronosApi> => ({
      leader: () => Promise.resolve(leader()),
      subscribe: () => () => undefined,
    }),
    restRefusal: (message) => ({ status: 401, message }),
    proxy: {
      forwards: (path) =>
        (path.startsWith('/v1/') || path.startsWith('/scheduler/')) && !/^\/(v1\/)?scheduler\/leader/.test(path),
      leaderHeader: 'x-chronos-leader',
    },
    routes: (app, api: ChronosApi, _events, { logger }, auth) => registerChronosRoutes(app, api, { logger, auth }),
    grpcService: (api: ChronosApi, _events, { logger }, auth) => chronosGrpcService(api, { logger, auth }),
    createActor: (events, { store, fence, logger, metrics, httpAddress, onFatal }) =>
      new Chronos({
        store: new ChronosStore(store, fence),
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
        onFatal,
      }),
    framework: {
      capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'],
      // Held offers are declined after 10 s with a 1 s filter: they come back in the next allocation.
      driver: { refuseSeconds: 1 },
    },
  });
}
