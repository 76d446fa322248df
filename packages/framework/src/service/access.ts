/**
 * Who may see and change what in a framework service (Marathon, Chronos),
 * whichever door the caller came through: the decisions are made here once,
 * and the REST door (`rest-auth.ts`) and the gRPC door (`grpc-auth.ts`) only
 * find out who the caller is and call them.
 *
 * The service's `--credentials` file, its `--acls` and its `--audit-log` are
 * read once at start (`loadServiceAuth`). Without a credentials file and ACLs
 * every caller is anonymous and let in (the dev default). With either, every
 * caller must authenticate, on both doors.
 *
 * Decisions, bound to one caller:
 * - `AppAccess` (Marathon): `view_apps` / `change_apps` on app and group paths;
 * - `JobAccess` (Chronos): `view_jobs` / `change_jobs` on job owners.
 * Reads are filtered (what the caller may not view is left out silently, or a
 * named object it may not view reads as a missing one: the service decides
 * which error that is); every change is decided on all the objects it touches
 * and the decision is recorded in the audit log before the change is made.
 */
import {
  loadServiceAuth as loadSharedServiceAuth,
  PermissionDeniedError,
  type Action,
  type Allowed,
  type LoadServiceAuthOptions,
  type Principal,
  type ServiceAuth,
  type ServiceAuthConfig as SharedServiceAuthConfig,
} from '@tessera/auth';
import { ConfigError, z } from '@tessera/runtime';

/** The authentication settings every framework service's config schema spreads in. */
export const serviceAuthConfigFields = {
  /**
   * The credentials file (JSON or YAML; see README "Authentication and authorisation") that REST and gRPC callers
   * authenticate against (`--credentials`, `TESSERA_CREDENTIALS`). Absent: every caller is anonymous and allowed.
   */
  credentials: z.string().min(1).optional(),
  /** The ACL file (JSON or YAML) of `view_apps`/`change_apps` (Marathon) or `view_jobs`/`change_jobs` (Chronos) (`--acls`). Absent: all allowed. */
  acls: z.string().min(1).optional(),
  /** The file every change decision and every refused caller is appended to as a JSON line (`--audit-log`). Absent: no audit log. */
  auditLog: z.string().min(1).optional(),
};

/** The settings of `serviceAuthConfigFields`: the master's and the agent's but TLS (see `loadServiceAuth`). */
export type ServiceAuthConfig = Omit<SharedServiceAuthConfig, 'tlsCert'>;

/**
 * Reads the files of `config` once, at start, into @tessera/auth's ServiceAuth (shared by the REST and the gRPC
 * door), for `service` ('marathon', 'chronos': the name its refusals and audit records give). Throws ConfigError
 * (for `service`) naming the file and its problems, one line per entry: a service never runs with a credentials or
 * ACL file it cannot use. Each audit record also goes to `hooks.onRecord` (the shell publishes it on the bus); one
 * that cannot be written goes to `hooks.onError`.
 *
 * An anonymous caller is refused when a credentials file or ACLs are given. NOTE: TLS alone does not require it
 * (unlike the master and the agent): TLS is the gRPC door's, the rule is the same on both doors, and a client
 * certificate that names a principal authenticates its caller anyway. So `config`'s TLS settings are not handed on.
 */
export async function loadServiceAuth(
  config: ServiceAuthConfig,
  service: string,
  hooks: Pick<LoadServiceAuthOptions, 'onRecord' | 'onError'> = {},
): Promise<ServiceAuth> {
  try {
    return await loadSharedServiceAuth(
      { credentials: config.credentials, acls: config.acls, auditLog: config.auditLog },
      { service, ...hooks },
    );
  } catch (error) {
    throw new ConfigError(service, [(error as Error).message], { cause: error });
  }
}

/**
 * Whether `principal` may `action` every one of `objects` (an app path, a job
 * owner); records the decision in the audit log either way. Returns the
 * allowing decision; throws PermissionDeniedError (REST 403, gRPC
 * PERMISSION_DENIED) naming the principal, the action, the object and the
 * rule. An empty `objects` is asked as the unnamed object ('').
 */
export async function authorizeChange(
  auth: ServiceAuth,
  principal: Principal,
  action: Action,
  objects: Iterable<string>,
): Promise<Allowed> {
  const names = [...new Set(objects)];
  const decision = auth.authorizer.authorizeAll(principal, action, names);
  await auth.audit.record({
    principal,
    action,
    object: decision.allowed ? names.join(',') : decision.object,
    decision,
    // NOTE: no `outcome`: the decision is recorded before the change is made, and what came of it is not known here.
  });
  if (!decision.allowed) throw new PermissionDeniedError(decision);
  return decision;
}

/** What every service's decisions for one caller share: the service's auth and the caller. */
abstract class CallerAccess {
  constructor(
    protected readonly auth: ServiceAuth,
    readonly principal: Principal,
  ) {}

  /** Whether ACLs are enforced at all (false: every read shows everything, and filtering can be skipped). */
  get enforcing(): boolean {
    return this.auth.authorizer.enforcing;
  }

  /** Whether a change must be decided (ACLs enforced, or decisions audited): false lets a door skip look-ups. */
  get decidesChanges(): boolean {
    return this.auth.authorizer.enforcing || this.auth.audit.enabled;
  }
}

/** The shape of a group `AppAccess.visibleGroup` trims: its path, its apps' paths, its subgroups. */
export interface GroupShape<G> {
  readonly id: string;
  readonly apps: readonly { readonly id: string }[];
  readonly groups: readonly G[];
}

/**
 * Marathon's decisions for one caller: `view_apps` and `change_apps` on
 * absolute app and group paths ("/team-a/web"; an id given without its
 * leading "/" is read as absolute, as Marathon's URLs give them).
 */
export class AppAccess extends CallerAccess {
  /** Whether the caller may view the app or group at `path`. */
  canView(path: string): boolean {
    return this.auth.authorizer.authorize(this.principal, 'view_apps', absolutePath(path)).allowed;
  }

  /** Whether the caller may view every one of `paths` (a deployment: all the apps it affects). */
  canViewAll(paths: Iterable<string>): boolean {
    for (const path of paths) if (!this.canView(path)) return false;
    return true;
  }

  /** The items whose path the caller may view, in order; the others are left out silently. */
  visible<T>(items: Iterable<T>, pathOf: (item: T) => string): T[] {
    return this.auth.authorizer.filter(this.principal, 'view_apps', items, (item) => absolutePath(pathOf(item)));
  }

  /**
   * `group` with only what the caller may view: apps whose path it may view,
   * and subgroups it may view or that keep something viewable. The group
   * asked for itself is always answered (the root: "/"), emptied of what is
   * hidden. Without ACLs, `group` itself.
   */
  visibleGroup<G extends GroupShape<G>>(group: G): G {
    if (!this.enforcing) return group;
    const trim = (node: G): G => {
      const groups = node.groups
        .map((child) => (this.canView(child.id) ? child : trim(child)))
        .filter((child) => this.canView(child.id) || child.apps.length > 0 || child.groups.length > 0);
      return { ...node, apps: node.apps.filter((app) => this.canView(app.id)), groups };
    };
    return trim(group);
  }

  /**
   * `change_apps` on every one of `paths` (apps or groups the change touches;
   * '' for an app without an id, asked as the unnamed object), recorded in
   * the audit log; throws PermissionDeniedError.
   */
  change(paths: Iterable<string>): Promise<Allowed> {
    return authorizeChange(this.auth, this.principal, 'change_apps', [...paths].map(absolutePath));
  }
}

/** `path` with its leading "/" ("prod/web" → "/prod/web"); '' stays '' (the unnamed object). */
export function absolutePath(path: string): string {
  return path === '' || path.startsWith('/') ? path : `/${path}`;
}

/**
 * Chronos's decisions for one caller: `view_jobs` and `change_jobs` on job
 * owners (a job's `owner` field; '' for a job without one, which only ANY and
 * NONE rules match).
 */
export class JobAccess extends CallerAccess {
  /** Whether the caller may view the jobs of `owner`. */
  canView(owner: string): boolean {
    return this.auth.authorizer.authorize(this.principal, 'view_jobs', owner).allowed;
  }

  /** The jobs the caller may view, in order; the others are left out silently. */
  visible<T extends { readonly owner: string }>(jobs: Iterable<T>): T[] {
    return this.auth.authorizer.filter(this.principal, 'view_jobs', jobs, (job) => job.owner);
  }

  /**
   * `change_jobs` on the stored job's owner (undefined: no job of that name is
   * stored yet) and on each of `newOwners` (a job put: the owner it will
   * have), so that a job can be neither taken over nor given away; recorded
   * in the audit log; throws PermissionDeniedError.
   */
  change(storedOwner: string | undefined, newOwners: readonly string[] = []): Promise<Allowed> {
    return authorizeChange(this.auth, this.principal, 'change_jobs', [
      ...(storedOwner === undefined ? [] : [storedOwner]),
      ...newOwners,
    ]);
  }
}
