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
  absolutePath,
  AppAccess,
  authorizeChange,
  JobAccess,
  loadServiceAuth,
  OPEN_SERVICE_AUTH,
  serviceAuthConfigFields,
  type GroupShape,
  type ServiceAuth,
  type ServiceAuthConfig,
} from './access.js';
export {
  AUTH_REALM,
  registerRestAuthentication,
  requestAppAccess,
  requestJobAccess,
  requestPrincipal,
} from './rest-auth.js';
export { AUTHORIZATION_METADATA, grpcCaller, type AuthenticatedCall } from './grpc-auth.js';
// The auth package's refusals and their rows, for the services' error tables (UNAUTHENTICATED / 401, PERMISSION_DENIED / 403).
export { AUTH_ERRORS, AuthenticationError, PermissionDeniedError } from '@tessera/auth';
