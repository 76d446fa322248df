import { DEFAULT_FAILOVER_TIMEOUT_SECONDS, isTerminalTaskState, isValidRole } from '@tessera/domain';
import {
  forwardUpdate,
  isCurrent,
  nowSeconds,
  requireKnownFramework,
  rescindAll,
  requireSubscribed,
  type StepContext,
} from './context.js';
import { requireFrameworkPrincipal } from './identity.js';
import {
  FrameworkPrincipalMismatchError,
  FrameworkRemovedError,
  InvalidFrameworkInfoError,
  LimitExceededError,
  UnknownRoleError,
} from './errors.js';
import { MAX_CAPABILITIES, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_ROLES_PER_FRAMEWORK, quote } from './limits.js';
import type { ConnectionId, FrameworkInfo, FrameworkRecord } from './model.js';
import { masterStatus, Registry } from './registry.js';

/** A Subscribe call, converted. */
export interface SubscribeCommand {
  /** info.principal must be '' or the caller's principal; it is recorded as the caller's. */
  readonly info: FrameworkInfo;
  /** The caller's principal ('' anonymous): the framework's principal. */
  readonly principal: string;
  readonly suppressedRoles: readonly string[];
}

/** Problems with a FrameworkInfo; bounds are checked first, so the rest is linear in bounded input. */
function subscribeProblems(command: SubscribeCommand): string[] {
  const { info } = command;
  if (info.id.length > MAX_ID_LENGTH) throw new LimitExceededError('framework_info.id', `${MAX_ID_LENGTH} characters`);
  if (info.name.length > MAX_NAME_LENGTH)
    throw new LimitExceededError('framework_info.name', `${MAX_NAME_LENGTH} characters`);
  if (info.principal.length > MAX_NAME_LENGTH)
    throw new LimitExceededError('framework_info.principal', `${MAX_NAME_LENGTH} characters`);
  if (info.roles.length > MAX_ROLES_PER_FRAMEWORK)
    throw new LimitExceededError('framework_info.roles', `${MAX_ROLES_PER_FRAMEWORK} roles`);
  if (command.suppressedRoles.length > MAX_ROLES_PER_FRAMEWORK)
    throw new LimitExceededError('suppressed_roles', `${MAX_ROLES_PER_FRAMEWORK} roles`);
  if (info.capabilities.length > MAX_CAPABILITIES)
    throw new LimitExceededError('framework_info.capabilities', `${MAX_CAPABILITIES} capabilities`);
  const problems: string[] = [];
  if (info.name.trim() === '') problems.push('framework_info.name is required');
  if (info.roles.length === 0) problems.push('framework_info.roles needs at least one role');
  for (const role of info.roles)
    if (!isValidRole(role)) problems.push(`framework_info.roles: ${quote(role)} is not a valid role`);
  if (new Set(info.roles).size !== info.roles.length) problems.push('framework_info.roles has duplicates');
  if (!Number.isFinite(info.failoverTimeoutSeconds) || info.failoverTimeoutSeconds < 0) {
    problems.push('framework_info.failover_timeout_seconds must be >= 0');
  }
  for (const role of command.suppressedRoles) {
    if (!info.roles.includes(role))
      problems.push(`suppressed_roles: ${quote(role)} is not one of the framework's roles`);
  }
  return problems;
}

function failoverTimeoutMs(framework: FrameworkRecord): number {
  const seconds =
    framework.info.failoverTimeoutSeconds > 0
      ? framework.info.failoverTimeoutSeconds
      : DEFAULT_FAILOVER_TIMEOUT_SECONDS;
  return seconds * 1000;
}

/**
 * Subscribes a framework (new, or re-subscribing with its ID within its
 * failover timeout) on `connection`. An earlier stream of the same framework
 * gets an error event and is closed; offers made to it are void. Updates the
 * framework has not acknowledged are sent again. Returns its ID.
 *
 * The caller's principal becomes the framework's (FrameworkInfo.principal must
 * be empty or the same); re-subscribing with an existing ID is refused
 * (FrameworkPrincipalMismatchError) to any other principal.
 */
export function subscribe(ctx: StepContext, command: SubscribeCommand, connection: ConnectionId): string {
  const problems = subscribeProblems(command);
  if (problems.length > 0) throw new InvalidFrameworkInfoError(problems);
  const { registry, fx, options } = ctx;
  const requestedId = command.info.id;
  if (requestedId !== '' && registry.removedFrameworks.has(requestedId)) throw new FrameworkRemovedError(requestedId);
  if (command.info.principal !== '' && command.info.principal !== command.principal)
    throw new FrameworkPrincipalMismatchError('', command.info.principal, command.principal, 'subscribe');
  const existing = requestedId === '' ? undefined : registry.frameworks.get(requestedId);
  if (existing !== undefined) requireFrameworkPrincipal(existing, command.principal, 'subscribe as');

  const id = requestedId === '' ? options.ids.frameworkId() : requestedId;
  const info: FrameworkInfo = { ...command.info, id, principal: command.principal };
  const now = nowSeconds(ctx);
  let framework = registry.frameworks.get(id);
  const resubscribed = framework !== undefined;
  if (framework === undefined) {
    framework = {
      id,
      info,
      connection: undefined,
      suppressedRoles: new Set(command.suppressedRoles),
      registeredTime: now,
      unregisteredTime: 0,
      subscriptionSequence: ++registry.subscriptionCounter,
      taskKeys: new Set(),
      offerIds: new Set(),
    };
    registry.frameworks.set(id, framework);
  } else {
    framework.info = info;
    framework.suppressedRoles = new Set([
      ...command.suppressedRoles,
      ...[...framework.suppressedRoles].filter((r) => info.roles.includes(r)),
    ]);
  }
  const previous = framework.connection;
  framework.connection = connection;
  framework.unregisteredTime = 0;
  fx.persist({ type: 'putFramework', framework: registry.frameworkView(framework) });
  fx.clearTimer(`failover:${id}`);
  if (previous !== undefined && previous !== connection) {
    fx.toFramework(previous, { type: 'error', message: 'framework re-subscribed on another stream' });
    fx.close(previous);
  }
  // Offers made to an earlier stream are void.
  rescindAll(ctx, framework.offerIds, false);

  fx.toFramework(connection, {
    type: 'subscribed',
    frameworkId: id,
    heartbeatIntervalSeconds: options.heartbeatIntervalMs / 1000,
  });
  fx.setTimer(`heartbeat:${id}`, ctx.nowMs + options.heartbeatIntervalMs);
  const allocatorFramework = Registry.allocatorFramework(framework);
  if (resubscribed) {
    fx.toAllocator({ type: 'frameworkUpdated', framework: allocatorFramework });
    fx.toAllocator({ type: 'frameworkActive', frameworkId: id, active: true });
  } else {
    fx.toAllocator({ type: 'frameworkAdded', framework: allocatorFramework });
  }
  fx.fact({ type: 'framework', change: resubscribed ? 'resubscribed' : 'added', framework: info, timeSeconds: now });
  fx.log('info', 'framework subscribed', { frameworkId: id, name: info.name, roles: info.roles, resubscribed });

  // Updates the framework has not acknowledged are sent again now (the agents also retry them).
  for (const key of framework.taskKeys) {
    const task = registry.tasks.get(key);
    if (task !== undefined && task.status.uuid !== '' && task.status.uuid !== task.acknowledgedUuid) {
      forwardUpdate(ctx, framework, task.status);
    }
  }
  return id;
}

/** The framework's stream ended. Its tasks stay for its failover timeout. Ignored for a stream that is not its current one. */
export function frameworkDisconnected(ctx: StepContext, frameworkId: string, connection: ConnectionId): void {
  const { registry, fx } = ctx;
  const framework = registry.frameworks.get(frameworkId);
  if (framework === undefined || !isCurrent(framework.connection, connection)) return;
  framework.connection = undefined;
  framework.unregisteredTime = nowSeconds(ctx);
  fx.persist({ type: 'putFramework', framework: registry.frameworkView(framework) });
  fx.clearTimer(`heartbeat:${frameworkId}`);
  rescindAll(ctx, framework.offerIds, false);
  fx.toAllocator({ type: 'frameworkActive', frameworkId, active: false });
  fx.setTimer(`failover:${frameworkId}`, ctx.nowMs + failoverTimeoutMs(framework));
  fx.fact({
    type: 'framework',
    change: 'disconnected',
    framework: framework.info,
    timeSeconds: framework.unregisteredTime,
  });
  fx.log('info', 'framework disconnected', { frameworkId });
}

/** A framework loaded from the registry after a failover: disconnected, with its failover timer running. */
export function startFailoverTimer(ctx: StepContext, framework: FrameworkRecord): void {
  ctx.fx.setTimer(`failover:${framework.id}`, ctx.nowMs + failoverTimeoutMs(framework));
}

/** The framework tears itself down: see removeFramework; its stream is closed. */
export function teardown(ctx: StepContext, frameworkId: string, byOperator = false): void {
  const framework = byOperator ? requireKnownFramework(ctx, frameworkId) : requireSubscribed(ctx, frameworkId);
  const connection = framework.connection;
  removeFramework(ctx, framework, 'the framework was torn down');
  ctx.fx.close(connection);
}

/** The failover timeout of a disconnected framework passed: it is removed. */
export function failoverExpired(ctx: StepContext, frameworkId: string): void {
  const framework = ctx.registry.frameworks.get(frameworkId);
  if (framework === undefined || framework.connection !== undefined) return;
  ctx.fx.log('warn', 'framework failover timeout expired; removing it', { frameworkId });
  removeFramework(ctx, framework, 'the framework failed over too late');
}

/**
 * Removes a framework for good. Its offers are rescinded; every task of it
 * that has not ended ends TASK_KILLED (REASON_FRAMEWORK_REMOVED) in the
 * registry at once, and its agents are told to shut the framework down (they
 * kill the processes; their late updates are acknowledged on the framework's
 * behalf). The allocator frees everything the framework held, so the master
 * and the allocator agree that those resources are free. The framework's
 * records and its tasks' are deleted from the store; its ID is refused from
 * then on.
 */
export function removeFramework(ctx: StepContext, framework: FrameworkRecord, why: string): void {
  const { registry, fx } = ctx;
  const now = nowSeconds(ctx);
  fx.clearTimer(`failover:${framework.id}`);
  fx.clearTimer(`heartbeat:${framework.id}`);
  rescindAll(ctx, framework.offerIds, false);
  registry.removedFrameworks.add(framework.id);
  registry.frameworks.delete(framework.id);
  fx.persist({ type: 'deleteFramework', frameworkId: framework.id });
  const agentIds = new Set<string>();
  let killed = 0;
  for (const key of [...framework.taskKeys]) {
    const task = registry.tasks.get(key);
    if (task === undefined) continue;
    if (!isTerminalTaskState(task.status.state)) {
      agentIds.add(task.agentId);
      task.status = masterStatus(task.info.taskId, task.agentId, 'TASK_KILLED', why, now, 'REASON_FRAMEWORK_REMOVED');
      killed++;
      fx.fact({ type: 'task', frameworkId: framework.id, taskName: task.info.name, status: task.status });
    }
    fx.persist({ type: 'deleteTask', key });
    registry.complete(task);
  }
  for (const agentId of agentIds) {
    fx.toAgent(registry.agents.get(agentId)?.connection, { type: 'shutdownFramework', frameworkId: framework.id });
  }
  fx.toAllocator({ type: 'frameworkRemoved', frameworkId: framework.id });
  fx.fact({ type: 'framework', change: 'removed', framework: framework.info, timeSeconds: now });
  fx.log('info', 'framework removed', { frameworkId: framework.id, killedTasks: killed, why });
}

/** Sends a heartbeat to a subscribed framework and sets the next one. */
export function heartbeat(ctx: StepContext, frameworkId: string): void {
  const framework = ctx.registry.frameworks.get(frameworkId);
  if (framework?.connection === undefined) return;
  ctx.fx.toFramework(framework.connection, { type: 'heartbeat' });
  ctx.fx.setTimer(`heartbeat:${frameworkId}`, ctx.nowMs + ctx.options.heartbeatIntervalMs);
}

function checkRoles(framework: FrameworkRecord, roles: readonly string[]): string[] {
  if (roles.length > MAX_ROLES_PER_FRAMEWORK) throw new LimitExceededError('roles', `${MAX_ROLES_PER_FRAMEWORK} roles`);
  const unknown = roles.filter((r) => !framework.info.roles.includes(r));
  if (unknown.length > 0) throw new UnknownRoleError(unknown);
  return roles.length === 0 ? [...framework.info.roles] : [...roles];
}

/** Suppress: no offers for the roles (all of the framework's if none named) until Revive. */
export function suppress(ctx: StepContext, frameworkId: string, roles: readonly string[]): void {
  const framework = requireSubscribed(ctx, frameworkId);
  const named = checkRoles(framework, roles);
  for (const role of named) framework.suppressedRoles.add(role);
  ctx.fx.persist({ type: 'putFramework', framework: ctx.registry.frameworkView(framework) });
  ctx.fx.toAllocator({ type: 'suppress', frameworkId, roles: named });
}

/** Revive: clears the framework's filters and un-suppresses the roles (all if none named). */
export function revive(ctx: StepContext, frameworkId: string, roles: readonly string[]): void {
  const framework = requireSubscribed(ctx, frameworkId);
  const named = checkRoles(framework, roles);
  for (const role of named) framework.suppressedRoles.delete(role);
  ctx.fx.persist({ type: 'putFramework', framework: ctx.registry.frameworkView(framework) });
  ctx.fx.toAllocator({ type: 'revive', frameworkId, roles: named });
}
