import { applyDynamicReservations, isTerminalTaskState } from '@tessera/domain';
import { forwardUpdate, isCurrent, nowSeconds, rescindAll, type StepContext } from './context.js';
import {
  AgentGoneError,
  InvalidDrainError,
  InvalidRegistrationError,
  LimitExceededError,
  UnknownAgentError,
} from './errors.js';
import { MAX_BATCH_ITEMS, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_RESOURCES_PER_ITEM } from './limits.js';
import type { AgentInfo, AgentRecord, AgentStatus, ConnectionId, TaskInfo, TaskRecord, TaskStatus } from './model.js';
import { hasCapability, isLive, masterStatus, Registry, taskKey } from './registry.js';
import { mayActForAgent, requireAgentPrincipal } from './identity.js';
import { acceptsTransition } from './status.js';
import { agentHeard } from './tasks.js';

/** A Register message, converted: a new agent, or a new boot of a machine. */
export interface RegisterCommand {
  readonly info: AgentInfo;
  /** The caller's principal ('' anonymous): the new agent ID is bound to it. */
  readonly principal: string;
  /** The agent ID of the machine's previous boot; '' when none. */
  readonly previousAgentId: string;
}

/** A task an agent reports when it re-registers. */
export interface ReportedTask {
  readonly frameworkId: string;
  readonly task: TaskInfo;
  readonly latestStatus: TaskStatus | undefined;
}

/** A Reregister message, converted: an agent with an ID comes back. */
export interface ReregisterCommand {
  readonly info: AgentInfo;
  /** The caller's principal ('' anonymous); must be the one the agent ID is bound to (see requireAgentPrincipal). */
  readonly principal: string;
  readonly tasks: readonly ReportedTask[];
}

function checkAgentInfo(info: AgentInfo): void {
  if (info.id.length > MAX_ID_LENGTH) throw new LimitExceededError('agent_info.id', `${MAX_ID_LENGTH} characters`);
  if (info.hostname.length > MAX_NAME_LENGTH)
    throw new LimitExceededError('agent_info.hostname', `${MAX_NAME_LENGTH} characters`);
  if (info.resources.length > MAX_RESOURCES_PER_ITEM)
    throw new LimitExceededError('agent_info.resources', `${MAX_RESOURCES_PER_ITEM} resources`);
}

function newAgentRecord(
  id: string,
  info: AgentInfo,
  principal: string,
  status: AgentStatus,
  connection: ConnectionId | undefined,
  registeredTime: number,
  lastSeenTime: number,
): AgentRecord {
  return {
    id,
    info,
    principal,
    total: info.resources,
    status,
    registeredTime,
    lastSeenTime,
    connection,
    taskKeys: new Set(),
    offerIds: new Set(),
    pingSequence: 0,
    missedPings: 0,
    resyncNotBeforeMs: 0,
    resyncPending: false,
  };
}

/** Loads an agent from the registry after a failover: disconnected until it re-registers (gone ones stay gone). */
export function loadAgent(
  ctx: StepContext,
  info: AgentInfo,
  principal: string,
  status: AgentStatus,
  registered: number,
  lastSeen: number,
): void {
  const loaded: AgentStatus = status === 'GONE' ? 'GONE' : status === 'UNREACHABLE' ? 'UNREACHABLE' : 'DISCONNECTED';
  const agent = newAgentRecord(info.id, info, principal, loaded, undefined, registered, lastSeen);
  ctx.registry.agents.set(info.id, agent);
  if (loaded === 'DISCONNECTED')
    ctx.fx.setTimer(`unreachable:${info.id}`, ctx.nowMs + ctx.options.agentUnreachableTimeoutMs);
}

function startPings(ctx: StepContext, agent: AgentRecord): void {
  agent.missedPings = 0;
  ctx.fx.setTimer(`ping:${agent.id}`, ctx.nowMs + ctx.options.agentPingIntervalMs);
}

/**
 * A new agent (no ID, or a new boot): assigns a new ID. When previous_agent_id
 * names a known agent of the same host that is not GONE (the machine
 * rebooted), that agent is marked GONE first (see markGone); an unknown,
 * already gone or other host's previous ID is logged and ignored, so a
 * retried Register is harmless; so is one bound to another principal (it may
 * not declare another's agent gone). The new ID is bound to the caller's
 * principal. Returns the new agent.
 */
export function registerAgent(ctx: StepContext, command: RegisterCommand, connection: ConnectionId): AgentRecord {
  const { registry, fx, options } = ctx;
  checkAgentInfo(command.info);
  const previousId = command.previousAgentId;
  if (previousId.length > MAX_ID_LENGTH)
    throw new LimitExceededError('previous_agent_id', `${MAX_ID_LENGTH} characters`);
  const previous = previousId === '' ? undefined : registry.agents.get(previousId);
  if (previous !== undefined && isCurrent(previous.connection, connection)) {
    throw new InvalidRegistrationError(`previous_agent_id ${previousId} is the agent registered on this very stream`);
  }
  if (previousId !== '' && previous === undefined) {
    fx.log('warn', 'previous_agent_id names an unknown agent; ignored', { previousAgentId: previousId });
  } else if (previous?.status === 'GONE') {
    fx.log('info', 'previous_agent_id names an agent already gone', { previousAgentId: previousId });
  } else if (previous !== undefined && previous.info.hostname !== command.info.hostname) {
    // NOTE: a machine can only speak for its own previous boot (Mesos matches the address likewise).
    fx.log('warn', 'previous_agent_id names an agent of another host; ignored', {
      previousAgentId: previousId,
      previousHostname: previous.info.hostname,
      hostname: command.info.hostname,
    });
  } else if (previous !== undefined && !mayActForAgent(previous, command.principal)) {
    fx.log('warn', 'previous_agent_id names an agent of another principal; ignored', {
      previousAgentId: previousId,
      previousPrincipal: previous.principal,
      principal: command.principal,
    });
  } else if (previous !== undefined) {
    markGone(ctx, previous);
  }
  const id = options.ids.agentId();
  const now = nowSeconds(ctx);
  const agent = newAgentRecord(id, { ...command.info, id }, command.principal, 'ACTIVE', connection, now, now);
  registry.agents.set(id, agent);
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  fx.toAgent(connection, { type: 'registered', agentId: id, pingIntervalSeconds: options.agentPingIntervalMs / 1000 });
  startPings(ctx, agent);
  fx.toAllocator({ type: 'agentAdded', agent: registry.allocatorAgent(agent) });
  fx.fact({ type: 'agent', change: 'added', agent: agent.info, timeSeconds: now });
  fx.log('info', 'agent registered', { agentId: id, hostname: command.info.hostname });
  return agent;
}

/**
 * An agent with an ID comes back (agent restart, lost stream, missed pings,
 * master failover) and reports its tasks; the registry is reconciled with the
 * report:
 * - a task the master does not know is adopted;
 * - a task whose state the agent reports differently (it ended while the
 *   agent was away, or it came back from UNREACHABLE) takes the reported
 *   state. The agent resends its unacknowledged updates itself; a task that
 *   was UNREACHABLE is reported to a partition-aware framework at once (no
 *   uuid), and killed if its framework is not partition-aware (it was told
 *   TASK_LOST: Mesos's rule, the task already counts as lost);
 * - a task still TASK_STAGING that the agent does not report never reached
 *   it (the agent journals a task before it runs it, and reports every task
 *   until its end is acknowledged, which the master persists first): the
 *   persisted launch is sent again, as RunTask is idempotent by task ID. This
 *   is what makes a launch the master persisted survive the master's own
 *   failover between persisting it and sending it;
 * - any other live task the agent does not report is TASK_DROPPED (TASK_LOST
 *   to frameworks that are not partition-aware);
 * - tasks of removed frameworks are killed.
 * The allocator sees the agent anew. Refused for a GONE agent, and for an ID
 * bound to another principal (requireAgentPrincipal); an ID recorded without
 * a principal is bound to the caller's.
 */
export function reregisterAgent(ctx: StepContext, command: ReregisterCommand, connection: ConnectionId): AgentRecord {
  const { registry, fx, options } = ctx;
  const info = command.info;
  checkAgentInfo(info);
  if (command.tasks.length > MAX_BATCH_ITEMS) throw new LimitExceededError('tasks', `${MAX_BATCH_ITEMS} tasks`);
  const id = info.id;
  if (id === '') throw new InvalidRegistrationError('agent_info with an id is required');
  const now = nowSeconds(ctx);
  let agent = registry.agents.get(id);
  if (agent !== undefined) requireAgentPrincipal(agent, command.principal);
  if (agent?.status === 'GONE') {
    throw new AgentGoneError(id, '; register without an ID to start anew');
  }
  const wasUnreachable = agent?.status === 'UNREACHABLE';
  // The agent reports what its machine has; dynamic reservations live in the registry.
  const total = agent === undefined ? info.resources : applyDynamicReservations(info.resources, agent.total);
  if (agent === undefined) {
    agent = newAgentRecord(id, info, command.principal, 'ACTIVE', undefined, now, now);
    registry.agents.set(id, agent);
  }
  agent.principal = command.principal;
  const previous = agent.connection;
  if (previous !== undefined && previous !== connection) fx.close(previous);
  fx.clearTimer(`unreachable:${id}`);
  rescindAll(ctx, agent.offerIds, true);
  agent.info = { ...info, resources: total };
  agent.total = total;
  agent.connection = connection;
  agentHeard(ctx, agent);
  if (agent.status !== 'DRAINING' && agent.status !== 'DRAINED') agent.status = 'ACTIVE';

  const reported = new Set<string>();
  const killTaskIds: string[] = [];
  const kills: TaskRecord[] = [];
  const changed: TaskRecord[] = [];
  for (const report of command.tasks) {
    const frameworkId = report.frameworkId;
    const taskId = report.task.taskId;
    if (taskId === '') continue;
    const key = taskKey(frameworkId, taskId);
    reported.add(key);
    if (registry.removedFrameworks.has(frameworkId)) {
      killTaskIds.push(taskId);
      continue;
    }
    const latest = report.latestStatus;
    const existing = registry.tasks.get(key);
    const framework = registry.frameworks.get(frameworkId);
    if (existing === undefined) {
      const task: TaskRecord = {
        key,
        frameworkId,
        agentId: id,
        info: report.task,
        resources: report.task.resources,
        role: framework?.info.roles[0] ?? '',
        status: latest ?? masterStatus(taskId, id, 'TASK_STAGING', '', now),
        acknowledgedUuid: '',
        acknowledgedState: undefined,
        preempting: false,
      };
      registry.tasks.set(key, task);
      fx.persist({ type: 'putTask', task: Registry.taskView(task) });
      agent.taskKeys.add(key);
      framework?.taskKeys.add(key);
      continue;
    }
    existing.agentId = id;
    agent.taskKeys.add(key);
    if (latest === undefined || latest.state === existing.status.state) continue;
    if (!acceptsTransition(existing.status.state, latest.state)) continue;
    const taskWasUnreachable = existing.status.state === 'TASK_UNREACHABLE';
    existing.status = latest;
    fx.persist({ type: 'putTask', task: Registry.taskView(existing) });
    changed.push(existing);
    // NOTE: an update the agent has not had acknowledged it sends again itself, once
    // re-registered; only what the master told the framework in its stead is corrected here.
    if (!taskWasUnreachable || framework === undefined) continue;
    if (hasCapability(framework, 'PARTITION_AWARE')) forwardUpdate(ctx, framework, { ...latest, uuid: '' });
    else if (!isTerminalTaskState(latest.state)) kills.push(existing);
  }
  // Tasks the master placed on this agent that the agent does not know: never arrived, or lost.
  const redeliveries: TaskRecord[] = [];
  for (const key of [...agent.taskKeys]) {
    const task = registry.tasks.get(key);
    if (task === undefined || reported.has(key) || !isLive(task)) continue;
    if (
      task.status.state === 'TASK_STAGING' &&
      agent.status === 'ACTIVE' &&
      registry.frameworks.has(task.frameworkId)
    ) {
      redeliveries.push(task);
      continue;
    }
    // As in Mesos: TASK_DROPPED (TASK_LOST to frameworks that are not partition-aware).
    task.status = masterStatus(
      task.info.taskId,
      id,
      'TASK_DROPPED',
      'the agent re-registered without this task',
      now,
      'REASON_AGENT_RESTARTED',
    );
    fx.persist({ type: 'putTask', task: Registry.taskView(task) });
    changed.push(task);
    const framework = registry.frameworks.get(task.frameworkId);
    if (framework !== undefined) forwardUpdate(ctx, framework, task.status);
  }
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  fx.toAgent(connection, {
    type: 'reregistered',
    agentId: id,
    pingIntervalSeconds: options.agentPingIntervalMs / 1000,
    killTaskIds,
  });
  // Launches persisted but never delivered (the master failed over, or the stream broke, in between).
  for (const task of redeliveries) {
    const framework = registry.frameworks.get(task.frameworkId);
    if (framework === undefined) continue;
    fx.toAgent(connection, { type: 'runTask', framework: framework.info, agentId: id, task: task.info });
  }
  startPings(ctx, agent);
  // The allocator sees the agent anew, with what its tasks hold.
  fx.toAllocator({ type: 'agentRemoved', agentId: id });
  fx.toAllocator({ type: 'agentAdded', agent: registry.allocatorAgent(agent) });
  // Kills requested while the agent was away, and of tasks a framework was told were lost.
  for (const key of agent.taskKeys) {
    const task = registry.tasks.get(key);
    if (task !== undefined && isLive(task) && (!registry.frameworks.has(task.frameworkId) || kills.includes(task))) {
      fx.toAgent(connection, {
        type: 'killTask',
        frameworkId: task.frameworkId,
        taskId: task.info.taskId,
        gracePeriodSeconds: task.info.killGracePeriodSeconds,
        reason: 'REASON_UNSPECIFIED',
      });
    }
  }
  for (const task of changed) {
    fx.fact({ type: 'task', frameworkId: task.frameworkId, taskName: task.info.name, status: task.status });
  }
  fx.fact({ type: 'agent', change: 'reregistered', agent: agent.info, timeSeconds: now });
  fx.log('info', 'agent re-registered', {
    agentId: id,
    tasks: command.tasks.length,
    changed: changed.length,
    killed: kills.length,
    launchesResent: redeliveries.length,
    wasUnreachable,
  });
  return agent;
}

/** A pong, or any message, from the agent's current stream. */
export function agentSeen(ctx: StepContext, agentId: string, connection: ConnectionId): void {
  const agent = ctx.registry.agents.get(agentId);
  if (agent !== undefined && isCurrent(agent.connection, connection)) agentHeard(ctx, agent);
}

/**
 * The agent's stream ended (or it missed its pings): it is disconnected, its
 * offers are rescinded, the allocator stops offering it, and it becomes
 * unreachable if it stays away. Ignored for a stream that is not its current one.
 */
export function agentDisconnected(ctx: StepContext, agentId: string, connection: ConnectionId): void {
  const { registry, fx } = ctx;
  const agent = registry.agents.get(agentId);
  if (agent === undefined || !isCurrent(agent.connection, connection)) return;
  agent.connection = undefined;
  fx.clearTimer(`ping:${agentId}`);
  if (agent.status === 'ACTIVE' || agent.status === 'DRAINING' || agent.status === 'DRAINED')
    agent.status = 'DISCONNECTED';
  rescindAll(ctx, agent.offerIds, true);
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  fx.toAllocator({ type: 'agentActive', agentId, active: false });
  fx.setTimer(`unreachable:${agentId}`, ctx.nowMs + ctx.options.agentUnreachableTimeoutMs);
  fx.fact({ type: 'agent', change: 'disconnected', agent: agent.info, timeSeconds: nowSeconds(ctx) });
  fx.log('warn', 'agent disconnected', { agentId });
}

/**
 * The agent's ping timer fired. An agent that answered none of the last
 * `agentMaxMissedPings` pings is disconnected (its stream closed, as if it had
 * broken); otherwise it is pinged again.
 */
export function pingDue(ctx: StepContext, agentId: string): void {
  const { registry, fx, options } = ctx;
  const agent = registry.agents.get(agentId);
  if (agent?.connection === undefined) return;
  if (agent.missedPings >= options.agentMaxMissedPings) {
    const connection = agent.connection;
    fx.log('warn', 'agent missed its pings; disconnecting it', { agentId, missedPings: agent.missedPings });
    agentDisconnected(ctx, agentId, connection);
    fx.close(connection);
    return;
  }
  agent.missedPings++;
  fx.toAgent(agent.connection, { type: 'ping', sequence: ++agent.pingSequence });
  fx.setTimer(`ping:${agentId}`, ctx.nowMs + options.agentPingIntervalMs);
}

/**
 * The agent stayed away past the unreachable timeout: it is UNREACHABLE, its
 * live tasks TASK_UNREACHABLE (TASK_LOST to frameworks that are not
 * partition-aware). Ignored if it came back meanwhile.
 */
export function unreachableDue(ctx: StepContext, agentId: string): void {
  const agent = ctx.registry.agents.get(agentId);
  if (agent === undefined || agent.connection !== undefined) return;
  if (agent.status === 'UNREACHABLE' || agent.status === 'GONE') return;
  agent.status = 'UNREACHABLE';
  const ended = endAgentTasks(ctx, agent, 'TASK_UNREACHABLE', 'the agent is unreachable', 'REASON_AGENT_DISCONNECTED');
  ctx.fx.fact({ type: 'agent', change: 'unreachable', agent: agent.info, timeSeconds: nowSeconds(ctx) });
  ctx.fx.log('warn', 'agent unreachable', { agentId, tasks: ended });
}

/**
 * The agent (already marked UNREACHABLE or GONE) takes its live tasks with it:
 * each gets `state` (persisted with the agent), the allocator forgets the
 * agent, and frameworks are told. Returns how many tasks changed.
 */
function endAgentTasks(
  ctx: StepContext,
  agent: AgentRecord,
  state: 'TASK_UNREACHABLE' | 'TASK_GONE',
  message: string,
  reason: 'REASON_AGENT_DISCONNECTED' | 'REASON_AGENT_RESTARTED',
): number {
  const { registry, fx } = ctx;
  const now = nowSeconds(ctx);
  const changed: TaskRecord[] = [];
  for (const key of agent.taskKeys) {
    const task = registry.tasks.get(key);
    if (task === undefined || !isLive(task)) continue;
    task.status = masterStatus(task.info.taskId, agent.id, state, message, now, reason);
    changed.push(task);
  }
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  for (const task of changed) fx.persist({ type: 'putTask', task: Registry.taskView(task) });
  fx.toAllocator({ type: 'agentRemoved', agentId: agent.id });
  for (const task of changed) {
    const framework = registry.frameworks.get(task.frameworkId);
    if (framework !== undefined) forwardUpdate(ctx, framework, task.status);
    fx.fact({ type: 'task', frameworkId: task.frameworkId, taskName: task.info.name, status: task.status });
  }
  return changed.length;
}

/**
 * The agent never comes back: its machine rebooted and registered as a new
 * agent. Its stream, if still open, is refused; its offers are rescinded; its
 * live tasks become TASK_GONE with reason AGENT_RESTARTED (frameworks without
 * PARTITION_AWARE are told TASK_LOST), as master-generated updates (no uuid,
 * no acknowledgement); the allocator forgets the agent. The agent stays in the
 * registry as GONE. Idempotent.
 */
export function markGone(ctx: StepContext, agent: AgentRecord): void {
  const { fx } = ctx;
  if (agent.status === 'GONE') return;
  const previousStatus = agent.status;
  const connection = agent.connection;
  agent.status = 'GONE';
  agent.connection = undefined;
  fx.clearTimer(`ping:${agent.id}`);
  fx.clearTimer(`unreachable:${agent.id}`);
  fx.toAgent(connection, {
    type: 'refused',
    message: `agent ${agent.id} is gone: its machine rebooted and registered anew`,
  });
  fx.close(connection);
  rescindAll(ctx, agent.offerIds, true);
  const ended = endAgentTasks(ctx, agent, 'TASK_GONE', "the agent's machine rebooted", 'REASON_AGENT_RESTARTED');
  fx.fact({ type: 'agent', change: 'removed', agent: agent.info, timeSeconds: nowSeconds(ctx) });
  fx.log('warn', 'agent gone: its machine rebooted', { agentId: agent.id, previousStatus, tasks: ended });
}

/** The named agent; throws UnknownAgentError, or AgentGoneError for a gone one. */
export function requireAgent(ctx: StepContext, agentId: string): AgentRecord {
  if (agentId.length > MAX_ID_LENGTH) throw new LimitExceededError('agent_id', `${MAX_ID_LENGTH} characters`);
  const agent = ctx.registry.agents.get(agentId);
  if (agent === undefined) throw new UnknownAgentError(agentId);
  if (agent.status === 'GONE') throw new AgentGoneError(agentId);
  return agent;
}

/**
 * Operator: stop offering the agent and have it kill its tasks with the given
 * grace period (undefined: each task's own). Refused for a grace period that is
 * not a finite number >= 0.
 */
export function drainAgent(ctx: StepContext, agentId: string, gracePeriodSeconds: number | undefined): void {
  if (gracePeriodSeconds !== undefined && (!Number.isFinite(gracePeriodSeconds) || gracePeriodSeconds < 0)) {
    throw new InvalidDrainError(
      `kill_policy.grace_period_seconds must be a finite number >= 0, got ${gracePeriodSeconds}`,
    );
  }
  const { registry, fx } = ctx;
  const agent = requireAgent(ctx, agentId);
  agent.status = 'DRAINING';
  rescindAll(ctx, agent.offerIds, true);
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  fx.toAllocator({ type: 'agentActive', agentId, active: false });
  fx.toAgent(agent.connection, { type: 'drain', gracePeriodSeconds });
}

/** The draining agent reports that its tasks have ended. */
export function agentDrained(ctx: StepContext, agentId: string, connection: ConnectionId): void {
  const agent = ctx.registry.agents.get(agentId);
  if (agent === undefined || !isCurrent(agent.connection, connection) || agent.status !== 'DRAINING') return;
  agent.status = 'DRAINED';
  ctx.fx.persist({ type: 'putAgent', agent: ctx.registry.agentView(agent) });
  ctx.fx.fact({ type: 'agent', change: 'drained', agent: agent.info, timeSeconds: nowSeconds(ctx) });
}

/** Operator: a draining or drained agent is offered again. */
export function reactivateAgent(ctx: StepContext, agentId: string): void {
  const agent = requireAgent(ctx, agentId);
  if (agent.status === 'DRAINING' || agent.status === 'DRAINED')
    agent.status = agent.connection === undefined ? 'DISCONNECTED' : 'ACTIVE';
  ctx.fx.persist({ type: 'putAgent', agent: ctx.registry.agentView(agent) });
  if (agent.status === 'ACTIVE') ctx.fx.toAllocator({ type: 'agentActive', agentId, active: true });
}
