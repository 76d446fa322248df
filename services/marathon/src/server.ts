import type { EventBus } from '@tessera/bus';
import { startLeaderService, type RunningLeaderService } from '@tessera/framework/service';
import type { Logger } from '@tessera/runtime';
import type { StateStore } from '@tessera/store';
import { NotLeaderError, type MarathonApi } from './api.js';
import type { MarathonConfig } from './config.js';
import { EventHub } from './events.js';
import { marathonGrpcService } from './grpc/service.js';
import { Marathon } from './marathon.js';
import { MarathonStore } from './persistence.js';
import { registerMarathonRoutes } from './rest/routes.js';

export interface StartMarathonOptions {
  /** An already open store (the dev cluster's); otherwise from config.redisUrl. */
  readonly store?: StateStore;
  /** An already open bus; otherwise from config.natsUrl. */
  readonly bus?: EventBus;
  readonly logger?: Logger;
  /** Called once when leadership is lost or state cannot be written; default exits the process with code 3. */
  readonly onDeposed?: () => void;
}

/** A running Marathon: REST and gRPC addresses, `elected` once it leads, `stop`. */
export type RunningMarathon = RunningLeaderService;

/**
 * Starts a Marathon (see startLeaderService for the shell every framework
 * service shares): REST v2 and gRPC at once; once elected it loads its state,
 * subscribes as the framework with its stored framework ID, reconciles, and
 * acts. A follower forwards `/v2/*` (but `/v2/leader`) to the leader.
 */
export function startMarathon(config: MarathonConfig, options: StartMarathonOptions = {}): Promise<RunningMarathon> {
  return startLeaderService({
    name: 'marathon',
    displayName: 'Marathon',
    config,
    id: config.marathonId,
    store: options.store,
    bus: options.bus,
    logger: options.logger,
    onDeposed: options.onDeposed,
    prepare: ({ bus, logger }) => new EventHub({ bus, logger }),
    notLeader: (leader) => new NotLeaderError(leader),
    followerAnswers: (leader): Partial<MarathonApi> => ({
      leader: () => Promise.resolve(leader()),
      subscribe: () => () => undefined,
    }),
    restRefusal: (message) => ({ message }),
    proxy: {
      forwards: (path) => path.startsWith('/v2/') && !path.startsWith('/v2/leader'),
      leaderHeader: 'x-marathon-leader',
    },
    routes: (app, api: MarathonApi, events, { logger }, auth) =>
      registerMarathonRoutes(app, api, { events, logger, auth }),
    grpcService: (api: MarathonApi, _events, { logger }, auth) => marathonGrpcService(api, { logger, auth }),
    createActor: (events, { store, fence, logger, httpAddress, onFatal }) =>
      new Marathon({
        store: new MarathonStore(store, fence),
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
        onFatal,
        servicePorts: { min: config.localPortMin, max: config.localPortMax },
        declineOfferSeconds: config.declineOfferSeconds,
        maxInstancesPerOffer: config.maxInstancesPerOffer,
      }),
    framework: { capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE', 'GPU_RESOURCES'] },
  });
}
