import type { Allowed, Decision, Denied } from './decision.js';
import { PermissionDeniedError } from './errors.js';
import { isAnonymous, type Principal } from './principal.js';

/**
 * A set of principals (a rule's subject) or of objects: named `values`, or the special types ANY and NONE.
 *
 * As in Mesos's local authorizer, ANY and NONE both *match* every request, named or not; a rule that
 * matches allows only if neither of its entities is NONE. So NONE is "matches everything, and refuses".
 * A `values` list matches only the named requests it lists (for `path-prefix` objects, the paths under one
 * of its prefixes), never the anonymous principal nor an unnamed ('') object.
 */
export type Entity = { readonly values: readonly string[] } | { readonly type: 'ANY' | 'NONE' };

/** How an action's object values are compared with the requested object. */
export type ObjectMatch =
  /** The object equals one of the values. */
  | 'exact'
  /**
   * Values are absolute paths; the object matches a value that is itself or an ancestor: "/team-a" matches
   * "/team-a" and "/team-a/web", not "/team-ab"; "/" matches every path. An object path with an empty, "."
   * or ".." segment, or not starting with "/", is unnamed: only ANY and NONE match it (fail safe).
   */
  | 'path-prefix';

export interface ActionSpec {
  /** The key of the object entity in this action's rules (Mesos's snake_case). */
  readonly object: string;
  readonly match: ObjectMatch;
  /** What the action is and what its object is, for documentation and error messages. */
  readonly description: string;
}

/**
 * Every authorizable action. Subjects are always `principals`; each action names its object entity.
 * The checking service asks once per object (a framework with three roles is three requests).
 */
export const ACTIONS = {
  /** Master: a framework (its principal) subscribes with a role; object: each of its roles. */
  register_frameworks: {
    object: 'roles',
    match: 'exact',
    description: 'subscribe a framework with a role (object: each role)',
  },
  /** Master: a framework launches a task or executor as an OS user; object: the user (FrameworkInfo.user or CommandInfo.user). */
  run_tasks: { object: 'users', match: 'exact', description: 'launch a task as an OS user (object: the user)' },
  /** Master: tear down a framework; object: the torn-down framework's principal. */
  teardown_frameworks: {
    object: 'framework_principals',
    match: 'exact',
    description: "tear down a framework (object: the framework's principal)",
  },
  /**
   * Master: kill a task through the operator API; object: the principal of the framework whose task it is.
   * A framework killing its own tasks through the Scheduler API is not asked.
   */
  kill_tasks: {
    object: 'framework_principals',
    match: 'exact',
    description: "kill a framework's task as an operator (object: the framework's principal)",
  },
  /** Master: set or remove a role's quota; object: the role. */
  set_quotas: { object: 'roles', match: 'exact', description: "set or remove a role's quota (object: the role)" },
  /** Master: change a role's weight; object: the role. */
  update_weights: { object: 'roles', match: 'exact', description: "change a role's weight (object: the role)" },
  /** Master: reserve resources (RESERVE in Accept, or the operator API); object: the reservation's role. */
  reserve_resources: {
    object: 'roles',
    match: 'exact',
    description: "reserve resources (object: the reservation's role)",
  },
  /** Master: unreserve resources; object: the principal that made the reservation ('' if none was recorded). */
  unreserve_resources: {
    object: 'reserver_principals',
    match: 'exact',
    description: 'unreserve resources (object: the principal that reserved them)',
  },
  /**
   * Master: drain (or deactivate) an agent; object: the agent's host name. NOTE: host names, not agent IDs:
   * the master assigns IDs and a wiped agent gets a new one, so an ACL written in advance cannot name them.
   */
  drain_agents: { object: 'agents', match: 'exact', description: "drain an agent (object: the agent's host name)" },
  /**
   * Master: an agent (its principal) registers; object: the host name it registers as. With values on both
   * sides an ACL binds each agent credential to its machines; `agents: { type: ANY }` is Mesos's implicit object.
   */
  register_agents: {
    object: 'agents',
    match: 'exact',
    description: 'register an agent (object: the host name it registers as)',
  },
  /**
   * Master reads (state, frameworks): which frameworks a principal sees; object: the framework's principal.
   * NOTE: Mesos filters by the framework's OS user; the principal is used here because it is authenticated,
   * while a framework declares any user it likes, and because teardown, kill and the other views use it too:
   * one vocabulary lets "team X sees and manages team X's frameworks" be written once.
   */
  view_frameworks: {
    object: 'framework_principals',
    match: 'exact',
    description: "see a framework (object: the framework's principal)",
  },
  /** Master reads: which tasks a principal sees; object: the principal of the task's framework. */
  view_tasks: {
    object: 'framework_principals',
    match: 'exact',
    description: "see a task (object: the principal of the task's framework)",
  },
  /** Agent files and logs: whose task sandboxes a principal may read; object: the principal of the task's framework. */
  view_sandboxes: {
    object: 'framework_principals',
    match: 'exact',
    description: "read a task's sandbox (object: the principal of the task's framework)",
  },
  /** Marathon: see apps, groups, their instances and deployments; object: the app or group path. */
  view_apps: { object: 'apps', match: 'path-prefix', description: 'see an app or group (object: its path)' },
  /** Marathon: create, update, scale, restart or delete apps and groups; object: the app or group path. */
  change_apps: {
    object: 'apps',
    match: 'path-prefix',
    description: 'create, change or delete an app or group (object: its path)',
  },
  /** Chronos: see a job and its runs; object: the job's `owner` field ('' when it has none). */
  view_jobs: { object: 'job_owners', match: 'exact', description: "see a job (object: the job's owner)" },
  /**
   * Chronos: create, change, run or delete a job; object: the job's `owner` (for a change, asked for the
   * stored owner and for the new one, so a job cannot be given away to an owner one may not change).
   */
  change_jobs: {
    object: 'job_owners',
    match: 'exact',
    description: "create, change, run or delete a job (object: the job's owner)",
  },
} as const satisfies Record<string, ActionSpec>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

export function isAction(name: string): name is Action {
  return Object.hasOwn(ACTIONS, name);
}

/** One ACL rule: `principals` may (or, with a NONE, may not) perform the action on `objects`. */
export interface AclRule {
  readonly principals: Entity;
  /** The entity under the action's object key (`roles`, `users`, `apps`, …). */
  readonly objects: Entity;
}

/**
 * A parsed ACL file. Rules of each action are tried in order; the first whose principals and objects both
 * match the request decides it; when none does, `permissive` decides.
 */
export interface Acls {
  /** Where the ACLs came from, as refusals name it (the file name). */
  readonly source: string;
  /** Whether a request that no rule matches is allowed. An ACL file's default is false (Mesos's is true). */
  readonly permissive: boolean;
  readonly rules: { readonly [A in Action]?: readonly AclRule[] };
}

/** The text an entity is shown as in a rule description: `ANY`, `NONE`, `["a","b"]`. */
export function describeEntity(entity: Entity): string {
  return 'type' in entity ? entity.type : JSON.stringify(entity.values);
}

/** The rule as refusals and audit records name it: `acls.yaml: run_tasks[0] (principals ANY, users ["guest"])`. */
export function describeRule(source: string, action: Action, index: number, rule: AclRule): string {
  const objectKey = ACTIONS[action].object;
  return `${source}: ${action}[${index}] (principals ${describeEntity(rule.principals)}, ${objectKey} ${describeEntity(rule.objects)})`;
}

/**
 * An absolute app path in canonical form ("/a/b", "/"; a trailing "/" dropped), or undefined for a path
 * that is relative or has an empty, "." or ".." segment.
 */
export function canonicalPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return '/';
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return trimmed;
}

/** A compiled entity: whether it matches a request value (undefined: anonymous or unnamed), and whether it refuses. */
interface CompiledEntity {
  readonly refuses: boolean;
  matches(value: string | undefined): boolean;
}

function compileEntity(entity: Entity, match: ObjectMatch): CompiledEntity {
  if ('type' in entity) {
    const refuses = entity.type === 'NONE';
    return { refuses, matches: () => true };
  }
  if (match === 'exact') {
    const values = new Set(entity.values);
    return { refuses: false, matches: (value) => value !== undefined && values.has(value) };
  }
  const prefixes = entity.values.map((v) => canonicalPath(v)).filter((v): v is string => v !== undefined);
  return {
    refuses: false,
    matches: (value) =>
      value !== undefined && prefixes.some((p) => p === '/' || value === p || value.startsWith(`${p}/`)),
  };
}

interface CompiledRule {
  readonly principals: CompiledEntity;
  readonly objects: CompiledEntity;
  readonly allowed: boolean;
  readonly description: string;
}

/**
 * Decides whether a principal may perform an action on an object. Pure: no I/O, no clock; safe to share.
 *
 * `Authorizer.allowAll()` is the dev default (no ACL file): everything is allowed. `Authorizer.fromAcls()`
 * enforces ACLs: for the action's rules in order, the first rule whose `principals` match the principal and
 * whose object entity matches the object decides (allowed unless either entity is NONE); if none matches,
 * `acls.permissive` decides.
 */
export class Authorizer {
  private constructor(
    private readonly compiled: ReadonlyMap<Action, readonly CompiledRule[]> | undefined,
    private readonly source: string,
    private readonly permissive: boolean,
  ) {}

  /** No ACLs: every request is allowed (rule `no ACLs: everything is allowed`). */
  static allowAll(): Authorizer {
    return new Authorizer(undefined, '', true);
  }

  static fromAcls(acls: Acls): Authorizer {
    const compiled = new Map<Action, CompiledRule[]>();
    for (const action of ACTION_NAMES) {
      const rules = acls.rules[action] ?? [];
      const match = ACTIONS[action].match;
      compiled.set(
        action,
        rules.map((rule, index) => {
          const principals = compileEntity(rule.principals, 'exact');
          const objects = compileEntity(rule.objects, match);
          return {
            principals,
            objects,
            allowed: !principals.refuses && !objects.refuses,
            description: describeRule(acls.source, action, index, rule),
          };
        }),
      );
    }
    return new Authorizer(compiled, acls.source, acls.permissive);
  }

  /** Whether ACLs are enforced (false for allowAll). */
  get enforcing(): boolean {
    return this.compiled !== undefined;
  }

  /**
   * May `principal` perform `action` on `object`? `object` is '' when the object has no name (a framework
   * without a principal, a job without an owner): only ANY and NONE entities match it.
   */
  authorize(principal: Principal, action: Action, object: string): Decision {
    if (this.compiled === undefined) return ALLOWED_WITHOUT_ACLS;
    const subject = isAnonymous(principal) ? undefined : principal.name;
    const target = object === '' ? undefined : ACTIONS[action].match === 'path-prefix' ? canonicalPath(object) : object;
    for (const rule of this.compiled.get(action) ?? []) {
      if (rule.principals.matches(subject) && rule.objects.matches(target)) {
        return rule.allowed
          ? { allowed: true, rule: rule.description }
          : denied(principal, action, object, rule.description);
      }
    }
    const rule = `${this.source}: no ${action} rule matched and permissive is ${this.permissive}`;
    return this.permissive ? { allowed: true, rule } : denied(principal, action, object, rule);
  }

  /**
   * `authorize` for each object in order: the first refusal, or the last allowing decision when all are
   * allowed. No objects at all is asked as the unnamed object '' (only ANY and NONE rules match it), so an
   * empty list is never a way around a values rule.
   */
  authorizeAll(principal: Principal, action: Action, objects: Iterable<string>): Decision {
    let last: Decision | undefined;
    for (const object of objects) {
      last = this.authorize(principal, action, object);
      if (!last.allowed) return last;
    }
    return last ?? this.authorize(principal, action, '');
  }

  /** `authorize`, throwing PermissionDeniedError on a refusal; returns the allowing decision (for the audit log). */
  enforce(principal: Principal, action: Action, object: string): Allowed {
    const decision = this.authorize(principal, action, object);
    if (!decision.allowed) throw new PermissionDeniedError(decision);
    return decision;
  }

  /** The items whose object `principal` may perform `action` on (for reads: the rest are left out silently), in order. */
  filter<T>(principal: Principal, action: Action, items: Iterable<T>, objectOf: (item: T) => string): T[] {
    const kept: T[] = [];
    for (const item of items) {
      if (this.authorize(principal, action, objectOf(item)).allowed) kept.push(item);
    }
    return kept;
  }
}

const ALLOWED_WITHOUT_ACLS: Allowed = Object.freeze({ allowed: true, rule: 'no ACLs: everything is allowed' });

function denied(principal: Principal, action: Action, object: string, rule: string): Denied {
  return { allowed: false, principal: isAnonymous(principal) ? '' : principal.name, action, object, rule };
}
