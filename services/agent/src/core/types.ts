/**
 * The agent's domain vocabulary: what a task is once it has left the wire, what a
 * status update is, and what the executor is asked to start. Plain data only; the
 * shell converts from and to tessera.v1 messages at the edge (`../convert.ts`).
 */
import type { Resource, TaskState } from '@tessera/domain';

/** The TaskStatus reasons this agent sets (names as on the wire). */
export type TaskStatusReason =
  | 'REASON_COMMAND_EXECUTOR_FAILED'
  | 'REASON_CONTAINER_LAUNCH_FAILED'
  | 'REASON_EXECUTOR_TERMINATED'
  | 'REASON_FRAMEWORK_REMOVED'
  | 'REASON_TASK_INVALID'
  | 'REASON_TASK_UNKNOWN'
  | 'REASON_TASK_KILLED_DURING_LAUNCH'
  | 'REASON_AGENT_DRAINING'
  | 'REASON_AGENT_RESTARTED'
  | 'REASON_PREEMPTED'
  | 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED'
  | 'REASON_FETCHER_FAILED'
  | 'REASON_CONTAINER_LIMITATION_MEMORY'
  | 'REASON_CONTAINER_LIMITATION_DISK'
  | 'REASON_CONTAINER_LIMITATION_PORTS'
  | 'REASON_TASK_UNAUTHORIZED';

/** Who observed a state: the agent itself, or the executor running the task (Mesos's SOURCE_AGENT / SOURCE_EXECUTOR). */
export type TaskStatusSource = 'agent' | 'executor';

export interface CommandSpec {
  /** true: run `value` with `/bin/sh -c`. false: `value` is the program and `arguments` its argv (arguments[0] is argv[0]). */
  readonly shell: boolean;
  readonly value: string;
  readonly arguments: readonly string[];
}

/** What the framework gave for one task, after validation at the edge. */
export interface TaskDescription {
  readonly frameworkId: string;
  /**
   * The principal of the task's framework (RunTask's FrameworkInfo.principal, which the master sets to the
   * framework's authenticated principal): the object of `view_sandboxes` and `view_tasks` on this agent. Absent
   * (a framework without a principal, or a task journaled before principals were): unnamed, ''.
   */
  readonly frameworkPrincipal?: string;
  readonly taskId: string;
  readonly name: string;
  readonly resources: readonly Resource[];
  readonly command: CommandSpec;
  readonly environment: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** SIGTERM-to-SIGKILL grace period of the task's kill policy (default 3 s). */
  readonly killGracePeriodMs: number;
  /** Unix user to run as (CommandInfo.user, else FrameworkInfo.user); absent: the agent's user. */
  readonly user?: string;
  /** Fetched into the sandbox, in order, before the command starts. */
  readonly uris: readonly FetchUri[];
  readonly healthCheck?: HealthCheckSpec;
}

/** One CommandInfo.URI, validated at the edge. */
export interface FetchUri {
  /** http:, https: or file: URI, or an absolute path (a local file). */
  readonly value: string;
  /** chmod 0755 after fetching. */
  readonly executable: boolean;
  /** Unpack into the sandbox when the name ends in .tar, .tar.gz, .tgz or .zip (others are kept as they are). */
  readonly extract: boolean;
  /** Serve from (and keep in) the agent's fetch cache. */
  readonly cache: boolean;
  /** Path relative to the sandbox (no "..", not absolute); default: the URI's last path segment. */
  readonly outputFile?: string;
}

export interface HealthCheckTiming {
  /** Before the first check, from the task's start. */
  readonly delayMs: number;
  /** Between the end of one check and the start of the next. */
  readonly intervalMs: number;
  /** A check still running after this long fails. */
  readonly timeoutMs: number;
  /** Counted failures in a row that kill the task (>= 1). */
  readonly consecutiveFailures: number;
  /** From the task's start, failures are ignored until the first success. */
  readonly gracePeriodMs: number;
}

/** What is checked; ports are on 127.0.0.1 (the task's own host). */
export type HealthCheckProbe =
  /** Runs in the task's sandbox with the task's environment; exit status 0 is healthy. */
  | { readonly type: 'command'; readonly command: CommandSpec }
  /** GET scheme://127.0.0.1:port/path; a status of 200–399 is healthy (certificates are not verified). */
  | { readonly type: 'http'; readonly scheme: 'http' | 'https'; readonly port: number; readonly path: string }
  /** Healthy when a TCP connection to 127.0.0.1:port is accepted. */
  | { readonly type: 'tcp'; readonly port: number };

export interface HealthCheckSpec extends HealthCheckTiming {
  readonly probe: HealthCheckProbe;
}

/** The capabilities of a task's framework that change what the agent sends. */
export interface FrameworkCapabilities {
  /** Receives TASK_KILLING while a task is being killed. */
  readonly taskKillingState: boolean;
  /** Gets TASK_DROPPED instead of TASK_LOST for tasks the agent never started. */
  readonly partitionAware: boolean;
}

/** A status update before it has been given its uuid. */
export interface StatusDraft {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly state: TaskState;
  readonly message: string;
  readonly source: TaskStatusSource;
  readonly reason?: TaskStatusReason;
  /** Present when the task's command exited on its own with this code. */
  readonly exitCode?: number;
  /** The task's health, once a health check has produced a counted result (TaskStatus.has_healthy / healthy). */
  readonly healthy?: boolean;
  /** When the state was observed, milliseconds since the epoch. */
  readonly timestampMs: number;
}

/** A status update as it is kept until acknowledged: the draft and the uuid that identifies it for acknowledgement. */
export interface StatusUpdate extends StatusDraft {
  readonly uuid: string;
}

/** Everything an executor needs to start one run of a task. */
export interface TaskLaunch {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly command: CommandSpec;
  readonly environment: Readonly<Record<string, string>>;
  /** Absolute directory the task runs in: `<workDir>/sandboxes/<frameworkId>/<taskId>/<runId>`. */
  readonly sandbox: string;
  /**
   * The run's meta directory, `<workDir>/meta/<frameworkId>/<taskId>/<runId>`:
   * agent-owned, not writable by the task; its launcher records the exit status there.
   */
  readonly metaDir: string;
  /** Ports of the task's `ports` resources, ascending; exported as PORT0..PORTn and PORTS. */
  readonly ports: readonly number[];
  readonly labels: Readonly<Record<string, string>>;
  readonly killGracePeriodMs: number;
  readonly user?: string;
  readonly uris: readonly FetchUri[];
  /** The task's `mem` resource in MB, the container's memory limit; absent: no limit. */
  readonly memMb?: number;
  /** The task's `cpus` resource, the container's cpu share; absent: the minimum. */
  readonly cpus?: number;
  /** The task's `disk` resource in MB, the sandbox's size limit; absent: no limit. */
  readonly diskMb?: number;
}

/**
 * How a task's run ended, as the executor saw it. Exactly one of `exitCode` and
 * `signal` is normally set; `killed` says that a kill was requested. `state`
 * lets a backend that does not run processes (the simulated one) name the
 * terminal state itself.
 */
export interface ExitOutcome {
  readonly exitCode?: number;
  readonly signal?: string;
  readonly killed: boolean;
  readonly message: string;
  readonly state?: TaskState;
  /** The container's isolation ended the task for exceeding a limit; `message` says which. */
  readonly limitation?:
    'REASON_CONTAINER_LIMITATION_MEMORY' | 'REASON_CONTAINER_LIMITATION_DISK' | 'REASON_CONTAINER_LIMITATION_PORTS';
}
