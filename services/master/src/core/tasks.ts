import { DEFAULT_KILL_GRACE_PERIOD_SECONDS, isTerminalTaskState, type TaskState } from '@tessera/domain';
import {
  forwardUpdate,
  isCurrent,
  nowSeconds,
  requireKnownFramework,
  requireSubscribed,
  type StepContext,
} from './context.js';
import { InvalidAcknowledgementError, InvalidKillError, LimitExceededError } from './errors.js';
import { MAX_BATCH_ITEMS, MAX_ID_LENGTH } from './limits.js';
import type { AgentRecord, ConnectionId, TaskRecord, TaskStatus } from './model.js';
import { hasCapability, isLive, masterStatus, Registry, taskKey } from './registry.js';
import { acceptsTransition, stateForFramework } from './status.js';

/** A status update from an agent, converted. */
export interface StatusUpdateCommand {
  readonly frameworkId: string;
  readonly status: TaskStatus;
}

/** What became of a status update. */
export type StatusUpdateOutcome =
  /** Stored and forwarded (or acknowledged on a removed framework's behalf). */
  | 'applied'
  /** A resend of an update already stored: forwarded again. */
  | 'duplicate'
  /** After a terminal state, or from a stream that is not the agent's current one: dropped. */
  | 'ignored'
  /**
   * From an agent the task does not run on: dropped, not acknowledged, nothing changed. Only the agent a task was
   * launched on (or that reported it first) speaks for it.
   */
  | 'refused';

/** The agent was heard from: it is alive, whatever it said. */
export function agentHeard(ctx: StepContext, agent: AgentRecord): void {
  agent.lastSeenTime = nowSeconds(ctx);
  agent.missedPings = 0;
}

/**
 * A status update from an agent's current stream: persisted, then forwarded
 * to the framework; the resources of a task that ended go back to the
 * allocator. Updates of a framework that is gone are acknowledged on its
 * behalf, so the agent stops retrying. A resend of the update the master
 * already stored is forwarded again (at least once). A task the master did
 * not know is adopted.
 */
export function statusUpdate(
  ctx: StepContext,
  agentId: string,
  connection: ConnectionId,
  command: StatusUpdateCommand,
): StatusUpdateOutcome {
  const { registry, fx } = ctx;
  const agent = registry.agents.get(agentId);
  if (agent === undefined || !isCurrent(agent.connection, connection)) return 'ignored';
  agentHeard(ctx, agent);
  const { frameworkId, status } = command;
  const taskId = status.taskId;
  if (taskId === '') return 'ignored';
  const key = taskKey(frameworkId, taskId);
  const acknowledge = (): void => {
    if (status.uuid !== '') fx.toAgent(connection, { type: 'acknowledge', frameworkId, taskId, uuid: status.uuid });
  };
  const framework = registry.frameworks.get(frameworkId);
  let task = registry.tasks.get(key);
  if (framework === undefined) {
    // No framework to tell: acknowledge on its behalf so the agent stops retrying.
    acknowledge();
    if (task !== undefined && isTerminalTaskState(status.state)) {
      fx.persist({ type: 'deleteTask', key });
      registry.complete(task);
    }
    return 'applied';
  }
  if (task === undefined) {
    if (registry.completed.has(key)) {
      // The task ended and its end was acknowledged: this is a retry of that
      // update or of an older one, which the framework needs no more.
      acknowledge();
      return 'duplicate';
    }
    fx.log('warn', 'status update for a task the master did not know; adopting it', { taskId, frameworkId });
    // NOTE: adopted with a placeholder status, so that the update is applied (stored) below.
    task = {
      key,
      frameworkId,
      agentId,
      info: {
        taskId,
        name: taskId,
        resources: [],
        killGracePeriodSeconds: undefined,
        command: { shell: true, value: '', arguments: [] },
        wire: undefined,
      },
      resources: [],
      role: framework.info.roles[0] ?? '',
      status: masterStatus(taskId, agentId, 'TASK_STAGING', '', nowSeconds(ctx)),
      acknowledgedUuid: '',
      acknowledgedState: undefined,
      preempting: false,
    };
  }
  if (task.agentId !== agentId) {
    fx.log('warn', 'refusing a status update from an agent the task does not run on', {
      taskId,
      frameworkId,
      from: agentId,
      runsOn: task.agentId,
      state: status.state,
    });
    fx.count('invalidCalls:statusUpdateFromAnotherAgent');
    return 'refused';
  }
  const previous = task.status.state;
  const next = status.state;
  if (task.status.uuid !== '' && task.status.uuid === status.uuid) {
    if (task.acknowledgedUuid === status.uuid) {
      // Already acknowledged by the framework: only the agent has not heard yet.
      acknowledge();
      return 'duplicate';
    }
    // A resend: stored again (it may not have been durable) and forwarded again.
    fx.persist({ type: 'putTask', task: Registry.taskView(task) });
    forwardUpdate(ctx, framework, task.status);
    return 'duplicate';
  }
  if (!acceptsTransition(previous, next)) {
    fx.log('warn', 'ignoring a status update after a terminal state', { taskId, previous, next });
    acknowledge();
    return 'ignored';
  }
  const updated: TaskStatus = { ...status, agentId };
  task.status = updated;
  registry.tasks.set(key, task);
  agent.taskKeys.add(key);
  framework.taskKeys.add(key);
  fx.persist({ type: 'putTask', task: Registry.taskView(task) });
  fx.count(`statusUpdates:${next}`);
  if (isTerminalTaskState(next) && !isTerminalTaskState(previous) && task.resources.length > 0) {
    fx.toAllocator({
      type: 'recover',
      frameworkId,
      agentId,
      role: task.role,
      resources: task.resources,
      refuseSeconds: undefined,
    });
  }
  fx.fact({ type: 'task', frameworkId, taskName: task.info.name, status: updated });
  forwardUpdate(ctx, framework, updated);
  return 'applied';
}

/** One acknowledgement, converted. */
export interface Acknowledgement {
  readonly taskId: string;
  readonly uuid: string;
}

/**
 * The framework acknowledged updates: the agents may forget them; a task whose
 * terminal update is acknowledged is forgotten (remembered for reconciliation
 * among the completed tasks). All or nothing: an acknowledgement without task
 * ID or uuid, or of a task the master does not know, refuses the whole call.
 */
export function acknowledge(ctx: StepContext, frameworkId: string, acknowledgements: readonly Acknowledgement[]): void {
  const { registry, fx } = ctx;
  const framework = requireSubscribed(ctx, frameworkId);
  if (acknowledgements.length > MAX_BATCH_ITEMS)
    throw new LimitExceededError('acknowledgements', `${MAX_BATCH_ITEMS} acknowledgements`);
  if (acknowledgements.length === 0) throw new InvalidAcknowledgementError(['no acknowledgements given']);
  const problems: string[] = [];
  for (const [index, ack] of acknowledgements.entries()) {
    const key = taskKey(framework.id, ack.taskId);
    if (ack.taskId === '' || ack.uuid === '')
      problems.push(`acknowledgements[${index}]: task_id and uuid are required`);
    else if (ack.taskId.length > MAX_ID_LENGTH || ack.uuid.length > MAX_ID_LENGTH)
      problems.push(`acknowledgements[${index}]: task_id and uuid must be at most ${MAX_ID_LENGTH} characters`);
    else if (!registry.tasks.has(key) && !registry.completed.has(key))
      problems.push(`acknowledgements[${index}]: task ${ack.taskId} is unknown`);
  }
  if (problems.length > 0) throw new InvalidAcknowledgementError(problems);
  for (const ack of acknowledgements) {
    const task = registry.tasks.get(taskKey(framework.id, ack.taskId));
    if (task === undefined) {
      // An ended task already forgotten: its end was acknowledged before; the agent may
      // still hold this (older) update, so it is told to forget it.
      const done = registry.completed.get(taskKey(framework.id, ack.taskId));
      fx.toAgent(registry.agents.get(done?.agentId ?? '')?.connection, {
        type: 'acknowledge',
        frameworkId: framework.id,
        taskId: ack.taskId,
        uuid: ack.uuid,
      });
      continue;
    }
    fx.toAgent(registry.agents.get(task.agentId)?.connection, {
      type: 'acknowledge',
      frameworkId: framework.id,
      taskId: ack.taskId,
      uuid: ack.uuid,
    });
    if (task.status.uuid !== ack.uuid) continue; // an older update: the agent forgets it; the master knows a newer one
    task.acknowledgedUuid = ack.uuid;
    task.acknowledgedState = task.status.state;
    if (isTerminalTaskState(task.acknowledgedState)) {
      fx.persist({ type: 'deleteTask', key: task.key });
      registry.complete(task);
    }
  }
}

/** A Kill call, converted. */
export interface KillCommand {
  readonly frameworkId: string;
  readonly taskId: string;
  /** The agent the framework believes the task is on; '' when not named. */
  readonly agentId: string;
  /** undefined: the task's own kill policy, else the default. */
  readonly gracePeriodSeconds: number | undefined;
}

/**
 * Kills a task: the agent is asked to kill it with the call's grace period
 * (else the task's own, else the default). An ended or unknown task is
 * answered with its last known state on the stream (no acknowledgement
 * needed). A kill for a task on a disconnected agent is carried out when the
 * agent re-registers (Mesos's rule: the framework retries). Idempotent.
 */
export function kill(ctx: StepContext, command: KillCommand, byOperator = false): void {
  const { registry, fx } = ctx;
  const framework = byOperator
    ? requireKnownFramework(ctx, command.frameworkId)
    : requireSubscribed(ctx, command.frameworkId);
  if (command.taskId === '') throw new InvalidKillError('task_id is required');
  if (command.taskId.length > MAX_ID_LENGTH) throw new LimitExceededError('task_id', `${MAX_ID_LENGTH} characters`);
  const grace = command.gracePeriodSeconds;
  if (grace !== undefined && (!Number.isFinite(grace) || grace < 0)) {
    throw new InvalidKillError('kill_policy.grace_period_seconds must be a finite number >= 0');
  }
  const key = taskKey(framework.id, command.taskId);
  const task = registry.tasks.get(key);
  if (task === undefined || !isLive(task)) {
    const known = task ?? registry.completed.get(key);
    const status =
      known?.status ??
      masterStatus(
        command.taskId,
        command.agentId.length > MAX_ID_LENGTH ? '' : command.agentId,
        'TASK_UNKNOWN',
        'task is unknown',
        nowSeconds(ctx),
      );
    forwardUpdate(ctx, framework, { ...status, uuid: '' });
    return;
  }
  const agent = registry.agents.get(task.agentId);
  fx.toAgent(agent?.connection, {
    type: 'killTask',
    frameworkId: framework.id,
    taskId: command.taskId,
    gracePeriodSeconds: grace ?? task.info.killGracePeriodSeconds ?? DEFAULT_KILL_GRACE_PERIOD_SECONDS,
    reason: 'REASON_UNSPECIFIED',
  });
  if (agent?.connection === undefined) {
    fx.log('warn', 'kill for a task on a disconnected agent; it is killed when the agent re-registers', {
      taskId: command.taskId,
      agentId: task.agentId,
    });
  }
}

/** A task named in a Reconcile call. */
export interface ReconcileTask {
  readonly taskId: string;
  /** '' when not named. */
  readonly agentId: string;
}

/**
 * The latest known state of the named tasks (all of the framework's if none),
 * as the framework is to see it, with reason RECONCILIATION and no uuid (no
 * acknowledgement needed). A task the master does not know is TASK_UNKNOWN, or
 * TASK_GONE when the agent named is gone. No effects.
 */
export function reconcile(ctx: StepContext, frameworkId: string, tasks: readonly ReconcileTask[]): TaskStatus[] {
  const { registry } = ctx;
  const framework = requireSubscribed(ctx, frameworkId);
  if (tasks.length > MAX_BATCH_ITEMS) throw new LimitExceededError('tasks', `${MAX_BATCH_ITEMS} tasks`);
  const partitionAware = hasCapability(framework, 'PARTITION_AWARE');
  const answer = (status: TaskStatus): TaskStatus => ({
    ...status,
    state: stateForFramework(status.state, partitionAware),
    reason: 'REASON_RECONCILIATION',
    uuid: '',
  });
  if (tasks.length === 0) {
    return [...framework.taskKeys].flatMap((key) => {
      const task = registry.tasks.get(key);
      return task === undefined ? [] : [answer(task.status)];
    });
  }
  return tasks.map((named) => {
    const key = taskKey(framework.id, named.taskId);
    const task: TaskRecord | undefined = registry.tasks.get(key) ?? registry.completed.get(key);
    if (task !== undefined) return answer(task.status);
    const agentId = named.agentId.length > MAX_ID_LENGTH ? '' : named.agentId;
    const agent = agentId === '' ? undefined : registry.agents.get(agentId);
    const state: TaskState = agent?.status === 'GONE' ? 'TASK_GONE' : 'TASK_UNKNOWN';
    return answer(
      masterStatus(
        named.taskId.slice(0, MAX_ID_LENGTH),
        agentId,
        state,
        'the master does not know this task',
        nowSeconds(ctx),
      ),
    );
  });
}
