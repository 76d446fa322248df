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
export {
  AUTH_REALM,
  authorizeChange,
  authorizeView,
  viewable,
  OPEN_REST_AUTH,
  loadRestAuth,
  registerRestAuthentication,
  requestPrincipal,
  restAuthConfigFields,
  type RestAuth,
  type RestAuthConfig,
} from './rest-auth.js';
// The auth package's refusal, for the services' error tables (answered 403).
export { PermissionDeniedError } from '@tessera/auth';
