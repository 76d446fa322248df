export {
  ANONYMOUS,
  PRINCIPAL_KINDS,
  MAX_PRINCIPAL_NAME_LENGTH,
  describePrincipal,
  isAnonymous,
  isPrincipalKind,
  principalNameProblem,
  type Principal,
  type PrincipalKind,
  type PrincipalVia,
} from './principal.js';
export { TESSERA_TRUST_DOMAIN, principalFromSpiffe } from './spiffe.js';
export { Credentials, type Credential } from './credentials.js';
export { loadCredentials, parseCredentials } from './credentials-file.js';
export {
  ACTIONS,
  ACTION_NAMES,
  Authorizer,
  canonicalPath,
  describeEntity,
  describeRule,
  isAction,
  type Acls,
  type AclRule,
  type Action,
  type ActionSpec,
  type Entity,
  type ObjectMatch,
} from './acls.js';
export { loadAcls, parseAcls } from './acl-file.js';
export { refusalMessage, type Allowed, type Decision, type Denied } from './decision.js';
export {
  AUTH_ERRORS,
  AclFileError,
  AnonymousCallerError,
  AuthenticationError,
  CALLER_ERRORS,
  ConflictingCredentialsError,
  CredentialsFileError,
  GRPC_PERMISSION_DENIED,
  GRPC_UNAUTHENTICATED,
  PermissionDeniedError,
  type AuthErrorMapping,
  type AuthenticationFailure,
} from './errors.js';
export {
  AuditLog,
  auditRecord,
  auditSubject,
  type AuditEntry,
  type AuditLogOptions,
  type AuditRecord,
} from './audit.js';
export {
  AUTH_REALM,
  audited,
  authenticateCaller,
  authenticationRequired,
  authorize,
  loadServiceAuth,
  openServiceAuth,
  refused,
  type LoadServiceAuthOptions,
  type PresentedCredentials,
  type ServiceAuth,
  type ServiceAuthConfig,
} from './service-auth.js';
