/**
 * The master's edge: tessera.v1 messages to the core's commands and records,
 * and the core's events, commands, deltas, facts and views back to messages.
 * The only place that opens a `Carried` value. Inputs are bounded here where
 * only the wire knows the size (a task's labels, environment, URIs, text).
 */
import { Buffer } from 'node:buffer';
import { isTaskState, type TaskState } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';
import {
  LimitExceededError,
  MAX_ENVIRONMENT_VARIABLES,
  MAX_ID_LENGTH,
  MAX_LABELS,
  MAX_RESOURCES_PER_ITEM,
  MAX_STATUS_MESSAGE_LENGTH,
  MAX_TASK_TEXT_BYTES,
  MAX_URIS,
  truncate,
  type AcceptCommand,
  type Acknowledgement,
  type AgentCommand,
  type AgentInfo,
  type AgentView,
  type AllocatorAgent,
  type AllocatorDelta,
  type AllocatorFramework,
  type AllocatorSnapshot,
  type Allocation,
  type Carried,
  type DeclineCommand,
  type Fact,
  type FrameworkEvent,
  type FrameworkInfo,
  type FrameworkView,
  type KillCommand,
  type LoadedRegistry,
  type OfferRecord,
  type OperationSpec,
  type QueuePolicy,
  type Quota,
  type ReconcileTask,
  type RegisterCommand,
  type RegistryWrite,
  type ReregisterCommand,
  type Revocation,
  type RoleView,
  type StatusReason,
  type StatusSource,
  type SubscribeCommand,
  type TaskInfo,
  type TaskStatus,
  type TaskView,
} from './core/index.js';
import type { LoadedRegistryProto, RegistryStore } from './persistence.js';
import type { StoreWrite } from '@tessera/store';

const carry = <T extends string>(message: object): Carried<T> => message as unknown as Carried<T>;
const open = <P>(carried: Carried<string>): P => carried as unknown as P;

// ------------------------------------------------------------------ infos

export function frameworkInfoFromProto(info: v1.FrameworkInfo__Output): FrameworkInfo {
  return {
    id: info.id?.value ?? '',
    // NOTE: defaults, though decoding fills them, for messages built in code.
    name: info.name ?? '',
    principal: info.principal ?? '',
    roles: info.roles ?? [],
    capabilities: (info.capabilities ?? []).map(String),
    failoverTimeoutSeconds: info.failoverTimeoutSeconds ?? 0,
    wire: carry(info),
  };
}

const frameworkInfoProtos = new WeakMap<FrameworkInfo, v1.FrameworkInfo>();

/**
 * The FrameworkInfo's wire form, made once per FrameworkInfo (sent with every RunTask, stored in the registry). Shared:
 * not to be changed. `principal` is the framework's recorded (authenticated) principal, not what its Subscribe sent
 * (which may be ''): agents authorise sandbox and task reads on it, and a failover restores the framework's binding.
 */
export function frameworkInfoToProto(info: FrameworkInfo): v1.FrameworkInfo {
  let proto = frameworkInfoProtos.get(info);
  if (proto === undefined) {
    proto = {
      ...open<v1.FrameworkInfo__Output>(info.wire),
      id: info.id === '' ? null : { value: info.id },
      principal: info.principal,
    };
    frameworkInfoProtos.set(info, proto);
  }
  return proto;
}

export function agentInfoFromProto(info: v1.AgentInfo__Output): AgentInfo {
  if (info.resources.length > MAX_RESOURCES_PER_ITEM)
    throw new LimitExceededError('agent_info.resources', `${MAX_RESOURCES_PER_ITEM} resources`);
  return {
    id: info.id?.value ?? '',
    hostname: info.hostname,
    resources: resourcesFromProto(info.resources),
    wire: carry(info),
  };
}

export function agentInfoToProto(info: AgentInfo): v1.AgentInfo {
  return {
    ...open<v1.AgentInfo__Output>(info.wire),
    id: info.id === '' ? null : { value: info.id },
    resources: resourcesToProto(info.resources),
  };
}

function checkTaskSize(task: v1.TaskInfo__Output): void {
  const command = task.command;
  const variables = command?.environment?.variables ?? [];
  const labels = task.labels ?? [];
  if ((task.resources ?? []).length > MAX_RESOURCES_PER_ITEM)
    throw new LimitExceededError('task.resources', `${MAX_RESOURCES_PER_ITEM} resources`);
  if (labels.length > MAX_LABELS) throw new LimitExceededError('task.labels', `${MAX_LABELS} labels`);
  if (variables.length > MAX_ENVIRONMENT_VARIABLES)
    throw new LimitExceededError('task.command.environment', `${MAX_ENVIRONMENT_VARIABLES} variables`);
  if ((command?.uris?.length ?? 0) > MAX_URIS) throw new LimitExceededError('task.command.uris', `${MAX_URIS} URIs`);
  const texts: string[] = [command?.value ?? '', ...(command?.arguments ?? [])];
  for (const variable of variables) texts.push(variable.name, variable.value);
  for (const label of labels) texts.push(label.key, label.value);
  for (const uri of command?.uris ?? []) texts.push(uri.value);
  let units = 0;
  for (const text of texts) units += text.length;
  // NOTE: a UTF-16 code unit is at most 3 bytes of UTF-8, so most tasks need no byte count.
  if (units * 3 > MAX_TASK_TEXT_BYTES && texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) > MAX_TASK_TEXT_BYTES)
    throw new LimitExceededError(
      'task (command, arguments, environment, labels and URIs together)',
      `${MAX_TASK_TEXT_BYTES} bytes`,
    );
}

/** A TaskInfo from a framework's Accept or an agent's report. Throws for malformed resources or a task over the bounds. */
export function taskInfoFromProto(task: v1.TaskInfo__Output): TaskInfo {
  checkTaskSize(task);
  const command = task.command;
  const args = command?.arguments ?? [];
  const shell = command === null || command === undefined ? true : command.shell || args.length === 0;
  const payload: v1.TaskInfo__Output = {
    ...task,
    command: command === null || command === undefined ? null : { ...command, shell },
  };
  return {
    taskId: task.taskId?.value ?? '',
    name: task.name ?? '',
    resources: resourcesFromProto(task.resources ?? []),
    killGracePeriodSeconds:
      task.killPolicy === null || task.killPolicy === undefined ? undefined : task.killPolicy.gracePeriodSeconds,
    command: { shell, value: command?.value ?? '', arguments: args },
    wire: carry(payload),
  };
}

/**
 * The wire form of each TaskInfo and TaskStatus, made once: a task's status is
 * persisted, forwarded and published, and its info persisted with every update.
 * NOTE: the messages returned are shared and must not be changed.
 */
const taskInfoProtos = new WeakMap<TaskInfo, { agentId: string; proto: v1.TaskInfo }>();
const statusProtos = new WeakMap<TaskStatus, v1.TaskStatus>();

export function taskInfoToProto(info: TaskInfo, agentId: string): v1.TaskInfo {
  const cached = taskInfoProtos.get(info);
  if (cached !== undefined && cached.agentId === agentId) return cached.proto;
  const proto = buildTaskInfoProto(info, agentId);
  taskInfoProtos.set(info, { agentId, proto });
  return proto;
}

// NOTE: both builders write every field of the message in one fixed order, so that
// each message has one shape whatever the agent or framework sent (a spread of the
// carried message gave objects of several shapes, and slowed encoding).
function buildTaskInfoProto(info: TaskInfo, agentId: string): v1.TaskInfo {
  const agent = agentId === '' ? null : { value: agentId };
  if (info.wire === undefined)
    return {
      name: info.name,
      taskId: { value: info.taskId },
      agentId: agent,
      resources: resourcesToProto(info.resources),
      command: null,
      healthCheck: null,
      killPolicy: null,
      labels: [],
      executorId: null,
    };
  const wire = open<v1.TaskInfo__Output>(info.wire);
  return {
    name: wire.name,
    taskId: wire.taskId,
    agentId: agent,
    resources: wire.resources,
    command: wire.command,
    healthCheck: wire.healthCheck,
    killPolicy: wire.killPolicy,
    labels: wire.labels,
    executorId: wire.executorId,
  };
}

// ------------------------------------------------------------------ statuses

const stateOf = (state: v1.TaskStatus__Output['state']): TaskState => taskStateFromProto(state);

/** An agent's TaskStatus; an over-long message is cut. */
export function statusFromProto(status: v1.TaskStatus__Output): TaskStatus {
  return {
    taskId: status.taskId?.value ?? '',
    state: stateOf(status.state),
    reason: String(status.reason) as StatusReason,
    source: String(status.source) as StatusSource,
    message: truncate(status.message, MAX_STATUS_MESSAGE_LENGTH),
    agentId: status.agentId?.value ?? '',
    timestampSeconds: status.timestamp,
    uuid: status.uuid,
    wire: carry(status),
  };
}

export function statusToProto(status: TaskStatus): v1.TaskStatus {
  let proto = statusProtos.get(status);
  if (proto === undefined) {
    proto = buildStatusProto(status);
    statusProtos.set(status, proto);
  }
  return proto;
}

function buildStatusProto(status: TaskStatus): v1.TaskStatus {
  const wire = status.wire === undefined ? undefined : open<v1.TaskStatus__Output>(status.wire);
  return {
    taskId: { value: status.taskId },
    state: status.state,
    message: status.message,
    source: status.source,
    reason: status.reason as v1.TaskStatus['reason'],
    agentId: status.agentId === '' ? null : { value: status.agentId },
    executorId: wire?.executorId ?? null,
    timestamp: status.timestampSeconds,
    uuid: status.uuid,
    hasHealthy: wire?.hasHealthy ?? false,
    healthy: wire?.healthy ?? false,
    hasExitCode: wire?.hasExitCode ?? false,
    exitCode: wire?.exitCode ?? 0,
    labels: wire?.labels ?? [],
  };
}

// ------------------------------------------------------------------ commands from the wire

/** `principal`: the caller's authenticated principal ('' anonymous). */
/** The OS user a framework's tasks run as by default (FrameworkInfo.user); '' when it names none. */
export function frameworkUserOf(info: FrameworkInfo): string {
  return open<v1.FrameworkInfo__Output>(info.wire).user ?? '';
}

/**
 * The OS users the tasks launched by an Accept run as, each once, in order: a task's CommandInfo.user, else
 * `frameworkUser` (the objects of the `run_tasks` ACL).
 */
export function acceptTaskUsers(request: v1.AcceptRequest__Output, frameworkUser: string): string[] {
  const users = new Set<string>();
  for (const op of request.operations)
    for (const task of op.launch?.taskInfos ?? []) users.add(task.command?.user || frameworkUser);
  return [...users];
}

/** The roles of the dynamic reservations an Accept's RESERVE operations make (the objects of `reserve_resources`). */
export function acceptReservedRoles(request: v1.AcceptRequest__Output): string[] {
  const roles = new Set<string>();
  for (const op of request.operations)
    for (const resource of op.reserve?.resources ?? []) roles.add(resource.reservation?.role ?? '');
  return [...roles];
}

/**
 * The principals that made the reservations an Accept's UNRESERVE operations undo ('' when none was recorded): the
 * objects of `unreserve_resources`.
 */
export function acceptUnreservedPrincipals(request: v1.AcceptRequest__Output): string[] {
  const principals = new Set<string>();
  for (const op of request.operations)
    for (const resource of op.unreserve?.resources ?? []) principals.add(resource.reservation?.principal ?? '');
  return [...principals];
}

export function subscribeFromProto(
  request: v1.SubscribeRequest__Output,
  principal: string,
): SubscribeCommand | undefined {
  const info = request.frameworkInfo;
  if (info === null || info === undefined) return undefined;
  return { info: frameworkInfoFromProto(info), principal, suppressedRoles: request.suppressedRoles };
}

const refuseSecondsOfFilters = (filters: v1.Filters__Output | null | undefined): number | undefined =>
  filters === null || filters === undefined ? undefined : filters.refuseSeconds;

export function acceptFromProto(request: v1.AcceptRequest__Output): AcceptCommand {
  const operations: OperationSpec<TaskInfo>[] = [];
  const conversionProblems: string[] = [];
  const namedTaskIds: string[] = [];
  for (const [index, op] of request.operations.entries()) {
    for (const task of op.launch?.taskInfos ?? [])
      namedTaskIds.push((task.taskId?.value ?? '').slice(0, MAX_ID_LENGTH));
    try {
      if (op.launch) {
        const tasks = op.launch.taskInfos.map((t) => {
          const info = taskInfoFromProto(t);
          return {
            taskId: info.taskId,
            name: info.name,
            resources: info.resources,
            command: info.command,
            killGracePeriodSeconds: info.killGracePeriodSeconds ?? 0,
            payload: info,
          };
        });
        operations.push({ type: 'launch', tasks });
      } else if (op.reserve) operations.push({ type: 'reserve', resources: resourcesFromProto(op.reserve.resources) });
      else if (op.unreserve)
        operations.push({ type: 'unreserve', resources: resourcesFromProto(op.unreserve.resources) });
      else conversionProblems.push(`operations[${index}]: no operation set (launch, reserve or unreserve)`);
    } catch (error) {
      if (error instanceof LimitExceededError) throw error;
      conversionProblems.push(`operations[${index}]: ${(error as Error).message}`);
    }
  }
  return {
    frameworkId: request.frameworkId?.value ?? '',
    offerIds: request.offerIds.map((o) => o.value),
    operations,
    conversionProblems,
    namedTaskIds,
    refuseSeconds: refuseSecondsOfFilters(request.filters),
  };
}

export function declineFromProto(request: v1.DeclineRequest__Output): DeclineCommand {
  return {
    frameworkId: request.frameworkId?.value ?? '',
    offerIds: request.offerIds.map((o) => o.value),
    refuseSeconds: refuseSecondsOfFilters(request.filters),
  };
}

export function killFromProto(request: v1.KillRequest__Output): KillCommand {
  return {
    frameworkId: request.frameworkId?.value ?? '',
    taskId: request.taskId?.value ?? '',
    agentId: request.agentId?.value ?? '',
    gracePeriodSeconds:
      request.killPolicy === null || request.killPolicy === undefined
        ? undefined
        : request.killPolicy.gracePeriodSeconds,
  };
}

export function acknowledgementsFromProto(request: v1.AcknowledgeBatchRequest__Output): Acknowledgement[] {
  return request.acknowledgements.map((ack) => ({ taskId: ack.taskId?.value ?? '', uuid: ack.uuid }));
}

export function reconcileTasksFromProto(request: v1.ReconcileRequest__Output): ReconcileTask[] {
  return request.tasks.map((t) => ({ taskId: t.taskId?.value ?? '', agentId: t.agentId?.value ?? '' }));
}

/** `principal`: the caller's authenticated principal ('' anonymous). */
export function registerFromProto(
  message: v1._tessera_v1_AgentMessage_Register__Output,
  principal: string,
): RegisterCommand | undefined {
  if (message.agentInfo === null || message.agentInfo === undefined) return undefined;
  return {
    info: agentInfoFromProto(message.agentInfo),
    principal,
    previousAgentId: message.previousAgentId?.value ?? '',
  };
}

/** `principal`: the caller's authenticated principal ('' anonymous). */
export function reregisterFromProto(
  message: v1._tessera_v1_AgentMessage_Reregister__Output,
  principal: string,
): ReregisterCommand | undefined {
  if (message.agentInfo === null || message.agentInfo === undefined) return undefined;
  return {
    info: agentInfoFromProto(message.agentInfo),
    principal,
    tasks: message.tasks.flatMap((report) =>
      report.task === null || report.task === undefined
        ? []
        : [
            {
              frameworkId: report.frameworkId?.value ?? '',
              task: taskInfoFromProto(report.task),
              latestStatus:
                report.latestStatus === null || report.latestStatus === undefined
                  ? undefined
                  : statusFromProto(report.latestStatus),
            },
          ],
    ),
  };
}

export function allocationsFromProto(allocations: readonly v1.Allocation__Output[]): Allocation[] {
  return allocations.map((a) => ({
    frameworkId: a.frameworkId?.value ?? '',
    agentId: a.agentId?.value ?? '',
    role: a.role,
    resources: resourcesFromProto(a.resources),
  }));
}

export function revocationsFromProto(revocations: readonly v1.Revocation__Output[]): Revocation[] {
  return revocations.map((r) => ({
    frameworkId: r.frameworkId?.value ?? '',
    agentId: r.agentId?.value ?? '',
    role: r.role,
    resources: resourcesFromProto(r.resources),
    reason: r.reason,
  }));
}

/** Zero amounts stay: a limit of cpus:0 allows no cpus. */
export function quotaFromProto(quota: v1.Quota__Output): Quota {
  return {
    role: quota.role,
    guarantee: resourcesFromProto(quota.guarantee, { keepZeroScalars: true }),
    limit: resourcesFromProto(quota.limit, { keepZeroScalars: true }),
  };
}

export function quotaToProto(quota: Quota): v1.Quota {
  return { role: quota.role, guarantee: resourcesToProto(quota.guarantee), limit: resourcesToProto(quota.limit) };
}

// ------------------------------------------------------------------ to the wire

export function offerToProto(offer: OfferRecord, agent: AgentInfo | undefined): v1.Offer {
  const agentWire = agent === undefined ? undefined : open<v1.AgentInfo__Output>(agent.wire);
  return {
    id: { value: offer.id },
    frameworkId: { value: offer.frameworkId },
    agentId: { value: offer.agentId },
    hostname: agent?.hostname ?? '',
    allocationRole: offer.role,
    resources: resourcesToProto(offer.resources),
    attributes: agentWire?.attributes ?? [],
    agentEndpoint: agentWire?.endpoint ?? '',
  };
}

export function frameworkEventToProto(event: FrameworkEvent, masterInfo: v1.MasterInfo): v1.Event {
  switch (event.type) {
    case 'subscribed':
      return {
        subscribed: {
          frameworkId: { value: event.frameworkId },
          heartbeatIntervalSeconds: event.heartbeatIntervalSeconds,
          masterInfo,
        },
      };
    case 'offers':
      return { offers: { offers: event.offers.map((o) => offerToProto(o.offer, o.agent)) } };
    case 'rescind':
      return { rescind: { offerId: { value: event.offerId } } };
    case 'update':
      return { update: { status: statusToProto(event.status) } };
    case 'error':
      return { error: { message: event.message } };
    case 'heartbeat':
      return { heartbeat: {} };
  }
}

const killPolicyOf = (gracePeriodSeconds: number | undefined): v1.KillPolicy | null =>
  gracePeriodSeconds === undefined ? null : { gracePeriodSeconds };

export function agentCommandToProto(command: AgentCommand, masterInfo: v1.MasterInfo): v1.MasterMessage {
  switch (command.type) {
    case 'registered':
      return {
        registered: {
          agentId: { value: command.agentId },
          masterInfo,
          pingIntervalSeconds: command.pingIntervalSeconds,
        },
      };
    case 'reregistered':
      return {
        reregistered: {
          agentId: { value: command.agentId },
          masterInfo,
          pingIntervalSeconds: command.pingIntervalSeconds,
          killTaskIds: command.killTaskIds.map((value) => ({ value })),
        },
      };
    case 'runTask':
      return {
        runTask: {
          frameworkInfo: frameworkInfoToProto(command.framework),
          task: taskInfoToProto(command.task, command.agentId),
        },
      };
    case 'killTask':
      return {
        killTask: {
          frameworkId: { value: command.frameworkId },
          taskId: { value: command.taskId },
          killPolicy: killPolicyOf(command.gracePeriodSeconds),
          ...(command.reason === 'REASON_UNSPECIFIED' ? {} : { reason: command.reason }),
        },
      };
    case 'shutdownFramework':
      return { shutdownFramework: { frameworkId: { value: command.frameworkId } } };
    case 'acknowledge':
      return {
        acknowledge: {
          frameworkId: { value: command.frameworkId },
          taskId: { value: command.taskId },
          uuid: command.uuid,
        },
      };
    case 'ping':
      return { ping: { sequence: command.sequence } };
    case 'drain':
      return { drain: { killPolicy: killPolicyOf(command.gracePeriodSeconds) } };
    case 'refused':
      return { refused: { message: command.message } };
  }
}

export function allocatorAgentToProto(agent: AllocatorAgent): v1.AllocatorAgent {
  const wire = open<v1.AgentInfo__Output>(agent.info.wire);
  return {
    id: { value: agent.info.id },
    hostname: agent.info.hostname,
    total: resourcesToProto(agent.total),
    attributes: wire.attributes,
    allocated: agent.allocated.map((e) => ({
      frameworkId: { value: e.frameworkId },
      role: e.role,
      resources: resourcesToProto(e.resources),
    })),
    active: agent.active,
  };
}

export function allocatorFrameworkToProto(framework: AllocatorFramework): v1.AllocatorFramework {
  return {
    info: frameworkInfoToProto(framework.info),
    suppressedRoles: [...framework.suppressedRoles],
    active: framework.active,
    subscriptionSequence: framework.subscriptionSequence,
  };
}

export function allocatorSnapshotToProto(snapshot: AllocatorSnapshot, nowSeconds: number): v1.AllocatorSnapshot {
  return {
    agents: snapshot.agents.map(allocatorAgentToProto),
    frameworks: snapshot.frameworks.map(allocatorFrameworkToProto),
    quotas: snapshot.quotas.map(quotaToProto),
    weights: snapshot.weights.map((w) => ({ role: w.role, weight: w.weight })),
    policies: snapshot.policies.map((p) => ({ role: p.role, policy: p.policy })),
    now: nowSeconds,
  };
}

export function allocatorDeltaToProto(delta: AllocatorDelta): v1.AllocatorRequest {
  switch (delta.type) {
    case 'agentAdded':
      return { agentAdded: allocatorAgentToProto(delta.agent) };
    case 'agentRemoved':
      return { agentRemoved: { agentId: { value: delta.agentId } } };
    case 'agentUpdated':
      return { agentUpdated: { agentId: { value: delta.agentId }, total: resourcesToProto(delta.total) } };
    case 'agentActive':
      return { agentActive: { agentId: { value: delta.agentId }, active: delta.active } };
    case 'frameworkAdded':
      return { frameworkAdded: allocatorFrameworkToProto(delta.framework) };
    case 'frameworkUpdated':
      return { frameworkUpdated: allocatorFrameworkToProto(delta.framework) };
    case 'frameworkRemoved':
      return { frameworkRemoved: { frameworkId: { value: delta.frameworkId } } };
    case 'frameworkActive':
      return { frameworkActive: { frameworkId: { value: delta.frameworkId }, active: delta.active } };
    case 'suppress':
      return { suppress: { frameworkId: { value: delta.frameworkId }, roles: [...delta.roles] } };
    case 'revive':
      return { revive: { frameworkId: { value: delta.frameworkId }, roles: [...delta.roles] } };
    case 'recover':
      return {
        recover: {
          frameworkId: { value: delta.frameworkId },
          agentId: { value: delta.agentId },
          role: delta.role,
          resources: resourcesToProto(delta.resources),
          ...(delta.refuseSeconds === undefined
            ? {}
            : { filters: { refuseSeconds: delta.refuseSeconds }, hasFilters: true }),
        },
      };
    case 'updateAllocation':
      return {
        updateAllocation: {
          frameworkId: { value: delta.frameworkId },
          agentId: { value: delta.agentId },
          role: delta.role,
          from: resourcesToProto(delta.from),
          to: resourcesToProto(delta.to),
        },
      };
    case 'quotaSet':
      return { quotaSet: quotaToProto(delta.quota) };
    case 'quotaRemoved':
      return { quotaRemoved: { role: delta.role } };
    case 'weightsSet':
      return { weightsSet: { weights: delta.weights.map((w) => ({ role: w.role, weight: w.weight })) } };
    case 'policySet':
      return { policySet: { role: delta.role, policy: delta.policy } };
  }
}

/** A fact as the bus carries it: subject, message type and message. */
export function factToProto(fact: Fact): { subject: string; typeName: string; message: object } {
  switch (fact.type) {
    case 'framework':
      return {
        subject: `tessera.framework.${fact.change}`,
        typeName: 'tessera.v1.FrameworkEvent',
        message: { framework: frameworkInfoToProto(fact.framework), change: fact.change, time: fact.timeSeconds },
      };
    case 'agent':
      return {
        subject: `tessera.agent.${fact.change}`,
        typeName: 'tessera.v1.AgentEvent',
        message: { agent: agentInfoToProto(fact.agent), change: fact.change, time: fact.timeSeconds },
      };
    case 'task':
      return {
        subject: 'tessera.task.updated',
        typeName: 'tessera.v1.TaskUpdated',
        message: {
          frameworkId: { value: fact.frameworkId },
          status: statusToProto(fact.status),
          taskName: fact.taskName,
        },
      };
  }
}

// ------------------------------------------------------------------ views and records

export function agentViewToProto(view: AgentView): v1.AgentState {
  return {
    info: agentInfoToProto(view.info),
    principal: view.principal,
    status: view.status,
    allocated: resourcesToProto(view.allocated),
    used: resourcesToProto(view.used),
    registeredTime: view.registeredTime,
    lastSeenTime: view.lastSeenTime,
  };
}

export function frameworkViewToProto(view: FrameworkView): v1.FrameworkState {
  return {
    info: frameworkInfoToProto(view.info),
    connected: view.connected,
    active: true,
    suppressedRoles: [...view.suppressedRoles],
    allocated: resourcesToProto(view.allocated),
    offered: resourcesToProto(view.offered),
    taskCount: view.taskCount,
    registeredTime: view.registeredTime,
    unregisteredTime: view.unregisteredTime,
  };
}

export function taskViewToProto(view: TaskView): v1.TaskRecord {
  return {
    task: taskInfoToProto(view.info, view.agentId),
    frameworkId: { value: view.frameworkId },
    agentId: { value: view.agentId },
    status: statusToProto(view.status),
    role: view.role,
    acknowledgedState: view.acknowledgedState ?? 'TASK_STATE_UNSPECIFIED',
  };
}

export function roleViewToProto(view: RoleView): v1.RoleState {
  return {
    role: view.role,
    weight: view.weight,
    quota: view.quota === undefined ? null : quotaToProto(view.quota),
    allocated: resourcesToProto(view.allocated),
    dominantShare: view.dominantShare,
    frameworkIds: view.frameworkIds.map((value) => ({ value })),
    policy: view.policy,
  };
}

export function storeWrite(registry: RegistryStore, write: RegistryWrite): StoreWrite {
  switch (write.type) {
    case 'putAgent':
      return registry.putAgent(write.agent.info.id, agentViewToProto(write.agent));
    case 'putFramework':
      return registry.putFramework(write.framework.info.id, frameworkViewToProto(write.framework));
    case 'deleteFramework':
      return registry.deleteFramework(write.frameworkId);
    case 'putTask':
      return registry.putTask(write.task.key, taskViewToProto(write.task));
    case 'deleteTask':
      return registry.deleteTask(write.key);
    case 'putQuota':
      return registry.putQuota(quotaToProto(write.quota));
    case 'deleteQuota':
      return registry.deleteQuota(write.role);
    case 'putWeight':
      return registry.putWeight({ role: write.role, weight: write.weight });
    case 'putPolicy':
      return registry.putPolicy({ role: write.role, policy: write.policy });
  }
}

const AGENT_STATUSES = ['ACTIVE', 'DISCONNECTED', 'UNREACHABLE', 'DRAINING', 'DRAINED', 'GONE'] as const;

/** The registry as loaded from the store. Records that cannot be read (no ID) are skipped. */
export function loadedFromProto(loaded: LoadedRegistryProto): LoadedRegistry {
  const agents: AgentView[] = [];
  for (const state of loaded.agents) {
    if (state.info === null || state.info === undefined || (state.info.id?.value ?? '') === '') continue;
    const info = agentInfoFromProto(state.info);
    const status = AGENT_STATUSES.find((s) => s === String(state.status)) ?? 'DISCONNECTED';
    agents.push({
      info,
      principal: state.principal,
      total: info.resources,
      status,
      allocated: [],
      used: [],
      registeredTime: state.registeredTime,
      lastSeenTime: state.lastSeenTime,
    });
  }
  const frameworks: FrameworkView[] = [];
  for (const state of loaded.frameworks) {
    if (state.info === null || state.info === undefined || (state.info.id?.value ?? '') === '') continue;
    frameworks.push({
      info: frameworkInfoFromProto(state.info),
      connected: false,
      suppressedRoles: state.suppressedRoles,
      allocated: [],
      offered: [],
      taskCount: 0,
      registeredTime: state.registeredTime,
      unregisteredTime: state.unregisteredTime,
    });
  }
  const tasks: TaskView[] = [];
  for (const record of loaded.tasks) {
    if (record.task === null || record.task === undefined || record.status === null || record.status === undefined)
      continue;
    const frameworkId = record.frameworkId?.value ?? '';
    const info = taskInfoFromProto(record.task);
    if (info.taskId === '') continue;
    const acknowledged = String(record.acknowledgedState);
    tasks.push({
      key: `${frameworkId}/${info.taskId}`,
      frameworkId,
      agentId: record.agentId?.value ?? '',
      info,
      status: statusFromProto(record.status),
      role: record.role,
      acknowledgedState: isTaskState(acknowledged) ? acknowledged : undefined,
    });
  }
  return {
    agents,
    frameworks,
    tasks,
    quotas: loaded.quotas.map(quotaFromProto),
    weights: loaded.weights.map((w) => ({ role: w.role, weight: w.weight })),
    policies: loaded.policies.map((p) => ({ role: p.role, policy: String(p.policy) as QueuePolicy })),
  };
}
