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
  serviceAuthConfigFields,
  type GroupShape,
  type ServiceAuthConfig,
} from './access.js';
export {
  AUTH_REALM,
  registerRestAuthentication,
  requestAppAccess,
  requestJobAccess,
  requestPrincipal,
} from './rest-auth.js';
export { grpcCaller } from './grpc-auth.js';
// What both doors check callers with: @tessera/auth's, as the master's and the agent's.
export { openServiceAuth, type ServiceAuth } from '@tessera/auth';
// The auth package's refusals and their rows, for the services' error tables (UNAUTHENTICATED / 401, PERMISSION_DENIED / 403).
export {
  AnonymousCallerError,
  AUTH_ERRORS,
  AuthenticationError,
  CALLER_ERRORS,
  ConflictingCredentialsError,
  PermissionDeniedError,
} from '@tessera/auth';
