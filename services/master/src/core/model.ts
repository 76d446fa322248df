/**
 * The master's domain vocabulary: the records of its registry (agents,
 * frameworks, tasks, offers), the commands its steps take, and what they
 * produce (events to frameworks, commands to agents, deltas to the allocator,
 * facts, registry writes). Proto types never appear here; `../convert.ts`
 * converts at the edge.
 *
 * What the master only carries (a TaskInfo's command, environment, health
 * check; a FrameworkInfo's or AgentInfo's other fields; the extra fields of an
 * agent's TaskStatus) stays in the message it arrived in, held as an opaque
 * `Carried` value the core never looks into.
 *
 * Units: `*Seconds` and `*Time` fields are seconds since the Unix epoch (as on
 * the wire); `*Ms` are milliseconds.
 */
import type { Resource, TaskState } from '@tessera/domain';

declare const carried: unique symbol;
/** A wire message the core carries without reading it. Only the shell's convert.ts makes and opens one. */
export interface Carried<Tag extends string> {
  readonly [carried]: Tag;
}

/** Identifies one stream (an agent's Connect, a framework's Subscribe); assigned by the shell, never reused. */
export type ConnectionId = number;

export interface FrameworkInfo {
  /** '' when subscribing for the first time. */
  readonly id: string;
  readonly name: string;
  readonly principal: string;
  readonly roles: readonly string[];
  readonly capabilities: readonly string[];
  /** 0: the default (one week). */
  readonly failoverTimeoutSeconds: number;
  readonly wire: Carried<'FrameworkInfo'>;
}

export interface AgentInfo {
  /** '' when registering for the first time. */
  readonly id: string;
  readonly hostname: string;
  /** Everything the agent has, reserved or not. */
  readonly resources: readonly Resource[];
  readonly wire: Carried<'AgentInfo'>;
}

export interface TaskInfo {
  readonly taskId: string;
  readonly name: string;
  readonly resources: readonly Resource[];
  /** The task's own kill policy grace period, if it has one. */
  readonly killGracePeriodSeconds: number | undefined;
  /** Whether the command is run by a shell. */
  readonly command: { readonly shell: boolean; readonly value: string; readonly arguments: readonly string[] };
  /** undefined for a task the master adopted from an agent's update without knowing its launch. */
  readonly wire: Carried<'TaskInfo'> | undefined;
}

/** TaskStatus.Source names, as on the wire. */
export type StatusSource = 'SOURCE_UNSPECIFIED' | 'SOURCE_MASTER' | 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';
/** TaskStatus.Reason names, as on the wire ('REASON_UNSPECIFIED' when none). */
export type StatusReason = `REASON_${string}`;

export interface TaskStatus {
  readonly taskId: string;
  readonly state: TaskState;
  readonly reason: StatusReason;
  readonly source: StatusSource;
  readonly message: string;
  /** '' when not known. */
  readonly agentId: string;
  readonly timestampSeconds: number;
  /** '' for updates that need no acknowledgement (the master's own, reconciliation answers). */
  readonly uuid: string;
  /** The agent's update as it came (health, exit code, labels...); absent for the master's own updates. */
  readonly wire: Carried<'TaskStatus'> | undefined;
}

/**
 * An agent's lifecycle. ACTIVE while its stream is open; DISCONNECTED when the
 * stream ends, it misses its pings, or after a master failover; UNREACHABLE
 * (tasks TASK_UNREACHABLE) if it stays away past the timeout; ACTIVE again when
 * it re-registers. DRAINING and DRAINED are set by the operator. GONE is final:
 * its machine rebooted and registered anew (Register.previous_agent_id); it is
 * refused if it tries to re-register, and it is kept (also across failovers) so
 * that reconciliation answers TASK_GONE for its tasks.
 */
export type AgentStatus = 'ACTIVE' | 'DISCONNECTED' | 'UNREACHABLE' | 'DRAINING' | 'DRAINED' | 'GONE';

export type QueuePolicy = 'DRF' | 'FIFO' | 'PRIORITY';

export interface Quota {
  readonly role: string;
  readonly guarantee: readonly Resource[];
  readonly limit: readonly Resource[];
}

// ------------------------------------------------------------------ records

export interface AgentRecord {
  readonly id: string;
  info: AgentInfo;
  /**
   * The principal that first registered this agent ID ('' when it registered anonymously, or was recorded before
   * principals were); a Reregister with the ID by another principal is refused (see `agentPrincipalProblem`).
   */
  principal: string;
  /** What the agent has, with the dynamic reservations made on it. */
  total: readonly Resource[];
  status: AgentStatus;
  registeredTime: number;
  lastSeenTime: number;
  /** Its open stream; undefined while disconnected. */
  connection: ConnectionId | undefined;
  readonly taskKeys: Set<string>;
  readonly offerIds: Set<string>;
  pingSequence: number;
  /** Pings sent since the agent was last heard from. */
  missedPings: number;
  /** The earliest time (ms) the allocator may be resynced about this agent again; see `allocations`. */
  resyncNotBeforeMs: number;
  /** A resync was held back by `resyncNotBeforeMs` and is due when it passes. */
  resyncPending: boolean;
}

export interface FrameworkRecord {
  readonly id: string;
  info: FrameworkInfo;
  /** Its open Subscribe stream; undefined while disconnected. */
  connection: ConnectionId | undefined;
  suppressedRoles: Set<string>;
  registeredTime: number;
  /** 0 while connected. */
  unregisteredTime: number;
  subscriptionSequence: number;
  readonly taskKeys: Set<string>;
  readonly offerIds: Set<string>;
}

export interface TaskRecord {
  /** `${frameworkId}/${taskId}` */
  readonly key: string;
  readonly frameworkId: string;
  agentId: string;
  info: TaskInfo;
  readonly resources: readonly Resource[];
  readonly role: string;
  status: TaskStatus;
  /** uuid of the latest update the framework acknowledged. */
  acknowledgedUuid: string;
  acknowledgedState: TaskState | undefined;
  /** A kill for revoked resources was sent. */
  preempting: boolean;
}

/** An outstanding offer. */
export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  /** The role the offer was allocated to. */
  readonly role: string;
  readonly resources: readonly Resource[];
}

// ------------------------------------------------------------------ views (what is persisted and shown)

/** An agent as persisted and as the operator sees it. */
export interface AgentView {
  readonly info: AgentInfo;
  /** See AgentRecord.principal. */
  readonly principal: string;
  readonly total: readonly Resource[];
  readonly status: AgentStatus;
  readonly allocated: readonly Resource[];
  readonly used: readonly Resource[];
  readonly registeredTime: number;
  readonly lastSeenTime: number;
}

/** A framework as persisted and as the operator sees it. */
export interface FrameworkView {
  readonly info: FrameworkInfo;
  readonly connected: boolean;
  readonly suppressedRoles: readonly string[];
  readonly allocated: readonly Resource[];
  readonly offered: readonly Resource[];
  readonly taskCount: number;
  readonly registeredTime: number;
  readonly unregisteredTime: number;
}

/** A task as persisted and as the operator sees it. */
export interface TaskView {
  readonly key: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly info: TaskInfo;
  readonly status: TaskStatus;
  readonly role: string;
  readonly acknowledgedState: TaskState | undefined;
}

/** What a master loads from the store when it wins leadership. */
export interface LoadedRegistry {
  readonly agents: readonly AgentView[];
  readonly frameworks: readonly FrameworkView[];
  readonly tasks: readonly TaskView[];
  readonly quotas: readonly Quota[];
  readonly weights: readonly { readonly role: string; readonly weight: number }[];
  readonly policies: readonly { readonly role: string; readonly policy: QueuePolicy }[];
}

// ------------------------------------------------------------------ allocator model

/** Resources allocated to one framework in one role on one agent (offered or used by tasks). */
export interface AllocatedResources {
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: readonly Resource[];
}

export interface AllocatorAgent {
  readonly info: AgentInfo;
  readonly total: readonly Resource[];
  readonly allocated: readonly AllocatedResources[];
  readonly active: boolean;
}

export interface AllocatorFramework {
  readonly info: FrameworkInfo;
  readonly suppressedRoles: readonly string[];
  readonly active: boolean;
  readonly subscriptionSequence: number;
}

export interface AllocatorSnapshot {
  readonly agents: readonly AllocatorAgent[];
  readonly frameworks: readonly AllocatorFramework[];
  readonly quotas: readonly Quota[];
  readonly weights: readonly { readonly role: string; readonly weight: number }[];
  readonly policies: readonly { readonly role: string; readonly policy: QueuePolicy }[];
}

/** An allocation made by the allocator, to be turned into an offer. */
export interface Allocation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: readonly Resource[];
}

/** Lent resources the allocator takes back from a framework on an agent. */
export interface Revocation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: readonly Resource[];
  readonly reason: string;
}
