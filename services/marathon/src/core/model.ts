/**
 * Marathon's domain, as its core sees it: normalized app definitions (every
 * default applied, every id absolute), the group tree, instances, deployment
 * plans and the launch queue. The JSON that users write is parsed into these
 * types by `app-definition.ts` (zod) and written back from them; nothing here
 * knows about HTTP, gRPC or Redis.
 *
 * Units are in the names: seconds, MB (`mem`, `disk` as Marathon: MiB), cpus
 * and gpus as counts. Times are epoch milliseconds (`...AtMs`) inside the core
 * and ISO 8601 strings (`version`) where Marathon shows them.
 */

/**
 * An absolute, normalized path id: "/" for the root group, else "/a/b" — segments
 * of lowercase letters, digits, "-" and "." (not starting or ending with "-" or
 * "."), no trailing slash. Relative ids ("web", "../db") are resolved against
 * their group by `paths.ts` before they become a PathId.
 */
export type PathId = string;

/** A Marathon config version: an ISO 8601 timestamp with milliseconds ("2026-12-02T10:00:00.000Z"). */
export type Version = string;

/** Marathon's constraint operators (placement on `hostname` or an agent attribute). */
export type ConstraintOperator = 'UNIQUE' | 'CLUSTER' | 'GROUP_BY' | 'LIKE' | 'UNLIKE' | 'MAX_PER' | 'IS';

/** `[field, operator]` or `[field, operator, value]`, as in an app's `constraints`. */
export type Constraint = readonly [field: string, operator: ConstraintOperator, value?: string];

export interface PortDefinition {
  /** The service port; 0 = Marathon picks one from its service port range. */
  readonly port: number;
  readonly protocol: 'tcp' | 'udp' | 'udp,tcp';
  readonly name: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

export interface FetchUri {
  readonly uri: string;
  readonly executable: boolean;
  readonly extract: boolean;
  readonly cache: boolean;
  /** File name in the sandbox; default the URI's last segment. */
  readonly destPath: string | undefined;
}

/**
 * A health check as Marathon defines it. `HTTP`/`HTTPS`/`TCP` (Marathon-side
 * checks in Marathon) are run by the agent here, as `MESOS_HTTP`/`MESOS_HTTPS`/
 * `MESOS_TCP` are; the difference is documented, not hidden.
 */
export interface HealthCheckDefinition {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND' | 'MESOS_HTTP' | 'MESOS_HTTPS' | 'MESOS_TCP';
  /** HTTP path; default "/". */
  readonly path: string;
  /** Which of the task's ports to probe (default 0) — unless `port` is given. */
  readonly portIndex: number | undefined;
  readonly port: number | undefined;
  /** COMMAND only: run through the shell in the task's sandbox; exit 0 is healthy. */
  readonly command: string | undefined;
  /** Default 300: failures within this time after the task starts do not count. */
  readonly gracePeriodSeconds: number;
  /** Default 60. */
  readonly intervalSeconds: number;
  /** Default 20. */
  readonly timeoutSeconds: number;
  /** Default 3; 0 = never kill for failing checks. */
  readonly maxConsecutiveFailures: number;
  /** Default 15: wait before the first check. */
  readonly delaySeconds: number;
  readonly ignoreHttp1xx: boolean;
}

/** A readiness check: an HTTP probe that must answer one of `httpStatusCodesForReady` before an instance counts as ready during a deployment. */
export interface ReadinessCheckDefinition {
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly path: string;
  readonly portName: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly httpStatusCodesForReady: readonly number[];
  readonly preserveLastResponse: boolean;
}

export interface UpgradeStrategy {
  /** 0..1, default 1: the share of `instances` that stays healthy during a restart. */
  readonly minimumHealthCapacity: number;
  /** 0..1, default 1: how far above `instances` a restart may go. */
  readonly maximumOverCapacity: number;
}

/** When an unreachable instance is replaced (inactive) and forgotten (expunged); "disabled": never. */
export type UnreachableStrategy =
  { readonly inactiveAfterSeconds: number; readonly expungeAfterSeconds: number } | 'disabled';

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

/** An app with every default applied and every id absolute. Immutable: a change makes a new one. */
export interface AppDefinition {
  readonly id: PathId;
  /** Exactly one of `cmd` and `args` is set (validation refuses both or neither). */
  readonly cmd: string | undefined;
  readonly args: readonly string[] | undefined;
  readonly instances: number;
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly gpus: number;
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly user: string | undefined;
  /** At least one unless the user gave an explicit empty list (`$PORT0` always exists otherwise). */
  readonly portDefinitions: readonly PortDefinition[];
  readonly requirePorts: boolean;
  readonly fetch: readonly FetchUri[];
  readonly constraints: readonly Constraint[];
  /** Roles whose resources the app may use: default ["*"] and the app's role. */
  readonly acceptedResourceRoles: readonly string[] | undefined;
  readonly healthChecks: readonly HealthCheckDefinition[];
  readonly readinessChecks: readonly ReadinessCheckDefinition[];
  readonly upgradeStrategy: UpgradeStrategy;
  /** Default 1. */
  readonly backoffSeconds: number;
  /** Default 1.15. */
  readonly backoffFactor: number;
  /** Default 300 (Marathon 1.x; 3600 in 0.x). */
  readonly maxLaunchDelaySeconds: number;
  /** Absolute ids of apps or groups this app depends on. */
  readonly dependencies: readonly PathId[];
  readonly killSelection: KillSelection;
  readonly unreachableStrategy: UnreachableStrategy;
  /** undefined: the master's default grace period. */
  readonly taskKillGracePeriodSeconds: number | undefined;
  /** The role the app's tasks run in; default Marathon's own role. */
  readonly role: string;
  /** When this definition was made (any change). */
  readonly version: Version;
  readonly versionInfo: {
    /** The last change of any kind, scaling included. */
    readonly lastScalingAt: Version;
    /** The last change of anything but `instances` — what a restart follows and backoff is keyed by. */
    readonly lastConfigChangeAt: Version;
  };
}

/** A group: apps and groups under one path, and the ids its apps depend on. */
export interface Group {
  readonly id: PathId;
  /** Keyed by absolute app id. */
  readonly apps: ReadonlyMap<PathId, AppDefinition>;
  /** Keyed by absolute group id. */
  readonly groups: ReadonlyMap<PathId, Group>;
  /** Absolute ids; every app inside the group inherits them. */
  readonly dependencies: readonly PathId[];
  readonly version: Version;
}

// ------------------------------------------------------------------ instances

/** Marathon's instance conditions (the state of its task, as the master last reported it). */
export type InstanceCondition =
  | 'Scheduled'
  | 'Provisioned'
  | 'Staging'
  | 'Starting'
  | 'Running'
  | 'Killing'
  | 'Finished'
  | 'Failed'
  | 'Killed'
  | 'Error'
  | 'Gone'
  | 'Dropped'
  | 'Unknown'
  | 'Unreachable'
  | 'UnreachableInactive';

/** What Marathon wants of an instance: kept running, stopped (kept for a relaunch) or gone for good. */
export type InstanceGoal = 'Running' | 'Stopped' | 'Decommissioned';

/** One instance of an app: a slot that is launched (again) as one task at a time. */
export interface Instance {
  /** "<app id with dots>.instance-<uuid>"; stable across relaunches of the slot. */
  readonly instanceId: string;
  readonly appId: PathId;
  /** The app definition's `version` the instance runs (or will run). */
  readonly appVersion: Version;
  readonly goal: InstanceGoal;
  readonly condition: InstanceCondition;
  /** Undefined until placed. */
  readonly agent:
    | { readonly agentId: string; readonly hostname: string; readonly attributes: Readonly<Record<string, string>> }
    | undefined;
  /** The current task ("<instanceId>.<incarnation>"); undefined while Scheduled. */
  readonly taskId: string | undefined;
  /**
   * The number of the slot's latest task (1 for the first launch); absent or 0
   * before the first launch. Kept while Scheduled, so that a relaunch gets the
   * next number and a late update from an earlier task is told apart.
   */
  readonly incarnation?: number;
  /** Host ports given to the task, in portDefinitions order. */
  readonly hostPorts: readonly number[];
  /** undefined: no health checks, or no result yet. */
  readonly healthy: boolean | undefined;
  /** undefined: no readiness checks, or not ready yet. */
  readonly ready: boolean | undefined;
  readonly stagedAtMs: number | undefined;
  readonly startedAtMs: number | undefined;
  /**
   * When the condition last changed (for unreachable timeouts). Unreachable →
   * UnreachableInactive keeps it: both unreachable timeouts count from when the
   * instance became Unreachable.
   */
  readonly sinceMs: number;
  /**
   * Set on an UnreachableInactive instance: the instance scheduled in its place.
   * If both end up running, one of them is killed (the app's killSelection).
   */
  readonly replacedBy?: string;
}

// ------------------------------------------------------------------ deployments

/** One thing a deployment step does to one app, as Marathon's plans name them. */
export type DeploymentAction =
  | { readonly action: 'StartApplication'; readonly app: AppDefinition }
  | {
      readonly action: 'ScaleApplication';
      readonly app: AppDefinition;
      readonly scaleTo: number;
      readonly sentencedToKill: readonly string[];
    }
  | { readonly action: 'RestartApplication'; readonly app: AppDefinition }
  | { readonly action: 'StopApplication'; readonly app: AppDefinition };

/** Actions that run together; a step ends when all its actions have. */
export interface DeploymentStep {
  readonly actions: readonly DeploymentAction[];
}

/**
 * The plan from one root group to another: removed apps stop first, new apps
 * are created (with 0 instances), then the rest in steps ordered by the length
 * of their dependency chain (an app after every app and group it depends on).
 */
export interface DeploymentPlan {
  readonly id: string;
  readonly original: Group;
  readonly target: Group;
  readonly steps: readonly DeploymentStep[];
  /** The target's version. */
  readonly version: Version;
  /** Every app id the plan changes (a running deployment locks them). */
  readonly affectedAppIds: readonly PathId[];
}

/** A deployment being carried out: its plan and how far it got (persisted, so a new leader continues it). */
export interface Deployment {
  readonly plan: DeploymentPlan;
  /** Index of the step being run; steps before it are done. */
  readonly currentStep: number;
  readonly startedAtMs: number;
}

/**
 * How a rolling restart may proceed for an app of `instances` with
 * `runningOld` old instances: kill `killImmediately` old ones at once (those
 * above the healthy floor), and never have more than `maxCapacity` instances
 * (old and new) at a time.
 */
export interface RestartStrategy {
  readonly minHealthy: number;
  readonly maxCapacity: number;
  readonly killImmediately: number;
}

// ------------------------------------------------------------------ launch queue

/** Why an offer was not used for an app, with Marathon's names (shown by `GET /v2/queue`). */
export type NoMatchReason =
  | 'UnfulfilledRole'
  | 'UnfulfilledConstraint'
  | 'NoCorrespondingReservationFound'
  | 'AgentMaintenance'
  | 'InsufficientCpus'
  | 'InsufficientMemory'
  | 'InsufficientDisk'
  | 'InsufficientGpus'
  | 'InsufficientPorts'
  | 'DeclinedScarceResources';

/** The launch delay of one app's config version: grows with each failure, reset by a new version or by hand. */
export interface Backoff {
  readonly appId: PathId;
  /** The app's `versionInfo.lastConfigChangeAt` the delay belongs to. */
  readonly configVersion: Version;
  /** The current delay. */
  readonly delaySeconds: number;
  /** No launch of this app before then. */
  readonly notBeforeMs: number;
}
