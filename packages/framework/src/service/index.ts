// @tessera/framework/service: the shell of a highly available framework service (Marathon, Chronos).
export {
  startLeaderService,
  type LeaderActor,
  type LeaderContext,
  type LeaderServiceConfig,
  type LeaderServiceSpec,
  type RunningLeaderService,
  type ServiceContext,
} from './leader-service.js';
