import {
  addResources,
  containsResources,
  formatResources,
  isEmptyResources,
  isRoleInSubtree,
  isValidRole,
  stripReservations,
  subtractResources,
  type Resource,
} from '@tessera/domain';
import { forwardUpdate, nowSeconds, requireSubscribed, rescindOffer, type StepContext } from './context.js';
import { AcceptRefusedError, LimitExceededError, listProblems } from './errors.js';
import {
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_OFFERS_PER_CALL,
  MAX_OPERATIONS_PER_ACCEPT,
  MAX_TASKS_PER_ACCEPT,
  quote,
} from './limits.js';
import type { OfferRecord, TaskInfo, TaskRecord } from './model.js';
import { refuseSecondsOf } from './offers.js';
import { masterStatus, Registry, taskKey } from './registry.js';

/** An outstanding offer, as far as validation is concerned. */
export type OfferView = OfferRecord;

/** A task to launch, as far as validation is concerned; `payload` is carried through untouched. */
export interface TaskSpec<P> {
  readonly taskId: string;
  readonly name: string;
  readonly resources: readonly Resource[];
  readonly command: { readonly shell: boolean; readonly value: string; readonly arguments: readonly string[] };
  readonly killGracePeriodSeconds: number;
  readonly payload: P;
}

export type OperationSpec<P> =
  | { readonly type: 'launch'; readonly tasks: readonly TaskSpec<P>[] }
  | { readonly type: 'reserve'; readonly resources: readonly Resource[] }
  | { readonly type: 'unreserve'; readonly resources: readonly Resource[] };

export interface AcceptInput<P> {
  readonly frameworkId: string;
  readonly principal: string;
  readonly offerIds: readonly string[];
  readonly operations: readonly OperationSpec<P>[];
  /** Looks up an outstanding offer by ID. */
  readonly offer: (offerId: string) => OfferView | undefined;
  /** Whether the framework already has a task with this ID. */
  readonly isTaskIdTaken: (taskId: string) => boolean;
}

/** What an accepted call does, in order. */
export interface AcceptPlan<P> {
  readonly ok: true;
  readonly agentId: string;
  readonly role: string;
  readonly offers: readonly OfferView[];
  readonly launches: readonly TaskSpec<P>[];
  /** Reserve/unreserve conversions: `from` becomes `to` on the agent. */
  readonly conversions: readonly { readonly from: readonly Resource[]; readonly to: readonly Resource[] }[];
  /** What is left of the offers after all operations; goes back to the allocator. */
  readonly remaining: readonly Resource[];
}

/** Why a call was refused. Nothing was applied; `offers` are the valid ones named (their resources go back). */
export interface AcceptRejection<P> {
  readonly ok: false;
  readonly problems: readonly string[];
  readonly offers: readonly OfferView[];
  /** Tasks named in launch operations; each gets TASK_ERROR. */
  readonly tasks: readonly TaskSpec<P>[];
  /** The problems found with each task, by task ID (tasks without problems of their own are absent). */
  readonly taskProblems: ReadonlyMap<string, readonly string[]>;
}

/**
 * Validates an Accept call against the outstanding offers. Pure: it decides and
 * returns the plan; the caller applies it. All-or-nothing: any problem rejects
 * the whole call, naming every problem found (offers first, then operations in
 * order, each checked against what remains after the operations before it).
 */
export function planAccept<P>(input: AcceptInput<P>): AcceptPlan<P> | AcceptRejection<P> {
  const problems: string[] = [];
  const offers: OfferView[] = [];
  const seenOffers = new Set<string>();
  const tasks = input.operations.flatMap((op) => (op.type === 'launch' ? op.tasks : []));
  const taskProblems = new Map<string, string[]>();

  if (input.offerIds.length === 0) problems.push('no offer IDs given');
  for (const offerId of input.offerIds) {
    if (seenOffers.has(offerId)) {
      problems.push(`offer ${offerId} is named twice`);
      continue;
    }
    seenOffers.add(offerId);
    const offer = input.offer(offerId);
    if (offer === undefined) problems.push(`offer ${offerId} is unknown (expired, rescinded or already used)`);
    else if (offer.frameworkId !== input.frameworkId) problems.push(`offer ${offerId} belongs to another framework`);
    else offers.push(offer);
  }
  const agentIds = new Set(offers.map((o) => o.agentId));
  if (agentIds.size > 1)
    problems.push(`offers span several agents (${[...agentIds].join(', ')}); use one agent per Accept`);
  const roles = new Set(offers.map((o) => o.role));
  if (roles.size > 1) problems.push(`offers were allocated to several roles (${[...roles].join(', ')})`);
  if (problems.length > 0) return { ok: false, problems, offers, tasks, taskProblems };

  const first = offers[0];
  if (first === undefined) return { ok: false, problems: ['no valid offers'], offers, tasks, taskProblems };
  const role = first.role;
  let available: Resource[] = addResources(
    [],
    offers.flatMap((o) => o.resources),
  );
  const launches: TaskSpec<P>[] = [];
  const conversions: { from: Resource[]; to: Resource[] }[] = [];
  const newTaskIds = new Set<string>();

  for (const [index, op] of input.operations.entries()) {
    const where = `operations[${index}] (${op.type})`;
    if (op.type === 'launch') {
      if (op.tasks.length === 0) problems.push(`${where}: no tasks to launch`);
      for (const task of op.tasks) {
        const ownProblems = validateTask(task, input.isTaskIdTaken, newTaskIds);
        const label = `${where}: task ${quote(task.taskId)}`;
        if (ownProblems.length === 0 && !containsResources(available, task.resources)) {
          ownProblems.push(
            `needs ${formatResources(task.resources)} but the offers have only ${formatResources(available) || 'nothing'} left`,
          );
        }
        if (ownProblems.length > 0) {
          problems.push(...ownProblems.map((p) => `${label}: ${p}`));
          taskProblems.set(task.taskId, [...(taskProblems.get(task.taskId) ?? []), ...ownProblems]);
          continue;
        }
        newTaskIds.add(task.taskId);
        available = subtractResources(available, task.resources);
        launches.push(task);
      }
    } else if (op.type === 'reserve') {
      const bad = checkReservations(op.resources, role, input.principal);
      if (bad.length > 0) {
        problems.push(...bad.map((p) => `${where}: ${p}`));
        continue;
      }
      const from = stripReservations(op.resources);
      if (!containsResources(available, from)) {
        problems.push(`${where}: ${formatResources(from)} is not unreserved in the offers`);
        continue;
      }
      available = addResources(subtractResources(available, from), op.resources);
      conversions.push({ from, to: [...op.resources] });
    } else {
      if (isEmptyResources(op.resources)) {
        problems.push(`${where}: no resources to unreserve`);
        continue;
      }
      if (op.resources.some((r) => r.reservation?.type !== 'dynamic')) {
        problems.push(`${where}: only dynamically reserved resources can be unreserved`);
        continue;
      }
      if (!containsResources(available, op.resources)) {
        problems.push(`${where}: ${formatResources(op.resources)} is not in the offers`);
        continue;
      }
      const to = stripReservations(op.resources);
      available = addResources(subtractResources(available, op.resources), to);
      conversions.push({ from: [...op.resources], to });
    }
  }
  if (problems.length > 0) return { ok: false, problems, offers, tasks, taskProblems };
  return { ok: true, agentId: first.agentId, role, offers, launches, conversions, remaining: available };
}

function validateTask<P>(
  task: TaskSpec<P>,
  isTaken: (taskId: string) => boolean,
  inThisCall: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (task.taskId === '') problems.push('task_id is required');
  else if (task.taskId.length > MAX_ID_LENGTH) problems.push(`task_id is longer than ${MAX_ID_LENGTH} characters`);
  else if (!/^[A-Za-z0-9_.:-]+$/.test(task.taskId)) problems.push('task_id may hold only letters, digits and _ . : -');
  else if (isTaken(task.taskId) || inThisCall.has(task.taskId)) problems.push('task_id is already in use');
  if (task.name.length > MAX_NAME_LENGTH) problems.push(`name is longer than ${MAX_NAME_LENGTH} characters`);
  if (isEmptyResources(task.resources)) problems.push('at least one resource is required');
  const command = task.command;
  if (command.shell ? command.value.trim() === '' : command.value.trim() === '' && command.arguments.length === 0) {
    problems.push('command is empty');
  }
  if (!Number.isFinite(task.killGracePeriodSeconds) || task.killGracePeriodSeconds < 0) {
    problems.push('kill_policy.grace_period_seconds must be >= 0');
  }
  return problems;
}

function checkReservations(resources: readonly Resource[], role: string, principal: string): string[] {
  if (resources.length === 0) return ['no resources to reserve'];
  const problems: string[] = [];
  for (const r of resources) {
    const reservation = r.reservation;
    if (reservation === undefined) {
      problems.push(`${r.name} has no reservation to make`);
    } else if (reservation.type !== 'dynamic') {
      problems.push(`${r.name}: only dynamic reservations can be made with RESERVE`);
    } else if (!isValidRole(reservation.role) || !isRoleInSubtree(reservation.role, role)) {
      problems.push(`${r.name}: can reserve only for the offer's role ${role} or below it, not ${reservation.role}`);
    } else if ((reservation.principal ?? '') !== '' && reservation.principal !== principal) {
      problems.push(`${r.name}: reservation principal ${reservation.principal} is not the framework's ${principal}`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------ the Accept step

/** An Accept call, converted. */
export interface AcceptCommand {
  readonly frameworkId: string;
  readonly offerIds: readonly string[];
  readonly operations: readonly OperationSpec<TaskInfo>[];
  /** Problems found converting the call (a malformed resource, an empty operation); they refuse it like any other. */
  readonly conversionProblems: readonly string[];
  /** Every task ID the call named in launch operations, converted or not: each gets TASK_ERROR if it is refused. */
  readonly namedTaskIds: readonly string[];
  /** undefined: the call had no Filters. */
  readonly refuseSeconds: number | undefined;
}

/** The Accept's answer: the launched task IDs, or the refusal the caller gets once the effects are applied. */
export type AcceptOutcome =
  | { readonly ok: true; readonly launchedTaskIds: readonly string[] }
  | { readonly ok: false; readonly error: AcceptRefusedError };

/**
 * Uses offers, all or nothing. A call over the bounds, or from a framework that
 * is not subscribed, is refused with no effects (thrown). An invalid call
 * changes nothing but consuming the named valid offers (their resources return
 * to the allocator, without a filter) and sends TASK_ERROR for each task it
 * named (with that task's own problems, or the call's first ones), and answers
 * `ok: false`. Refusal costs time linear in the call's size.
 *
 * A valid call launches its tasks (persisted, then sent to the agent), applies
 * its reservations, and returns what is left of the offers to the allocator
 * with the call's filter. When the agent went away between the offer and the
 * call, nothing runs: the tasks are TASK_DROPPED (TASK_LOST to frameworks that
 * are not partition-aware) and the offers' resources go back.
 */
export function accept(ctx: StepContext, command: AcceptCommand): AcceptOutcome {
  const { registry, fx } = ctx;
  const framework = requireSubscribed(ctx, command.frameworkId);
  if (command.offerIds.length > MAX_OFFERS_PER_CALL)
    throw new LimitExceededError('offer_ids', `${MAX_OFFERS_PER_CALL} offers`);
  if (command.offerIds.some((id) => id.length > MAX_ID_LENGTH))
    throw new LimitExceededError('offer_ids', `${MAX_ID_LENGTH} characters an ID`);
  if (command.operations.length > MAX_OPERATIONS_PER_ACCEPT)
    throw new LimitExceededError('operations', `${MAX_OPERATIONS_PER_ACCEPT} operations`);
  if (command.namedTaskIds.length > MAX_TASKS_PER_ACCEPT)
    throw new LimitExceededError('operations[].launch.task_infos', `${MAX_TASKS_PER_ACCEPT} tasks a call`);
  const refuseSeconds = refuseSecondsOf(command.refuseSeconds);

  const plan = planAccept({
    frameworkId: framework.id,
    principal: framework.info.principal,
    offerIds: command.offerIds,
    operations: command.operations,
    offer: (offerId) => registry.offers.get(offerId),
    // NOTE: IDs of ended tasks the master still remembers are refused too, so
    // that reconciliation and acknowledgements never confuse two tasks.
    isTaskIdTaken: (taskId) =>
      framework.taskKeys.has(taskKey(framework.id, taskId)) || registry.completed.has(taskKey(framework.id, taskId)),
  });
  const now = nowSeconds(ctx);
  if (!plan.ok || command.conversionProblems.length > 0) {
    const problems = [...command.conversionProblems, ...(plan.ok ? [] : plan.problems)];
    const taskProblems = plan.ok ? new Map<string, readonly string[]>() : plan.taskProblems;
    for (const offer of plan.offers) rescindOffer(ctx, offer.id, false);
    const summary = `the Accept was refused: ${listProblems(problems)}`;
    const reason = plan.offers.length === 0 ? 'REASON_INVALID_OFFERS' : 'REASON_TASK_INVALID';
    const agentId = plan.offers[0]?.agentId ?? '';
    for (const taskId of command.namedTaskIds) {
      const own = taskProblems.get(taskId);
      const message = own === undefined ? summary : listProblems(own);
      forwardUpdate(ctx, framework, masterStatus(taskId, agentId, 'TASK_ERROR', message, now, reason));
    }
    fx.count('invalidCalls:accept');
    return { ok: false, error: new AcceptRefusedError(problems) };
  }

  const agent = registry.agents.get(plan.agentId);
  for (const offer of plan.offers) {
    registry.offers.delete(offer.id);
    if (ctx.options.offerTimeoutMs > 0) fx.clearTimer(`offer:${offer.id}`);
    agent?.offerIds.delete(offer.id);
    framework.offerIds.delete(offer.id);
  }
  if (agent === undefined || agent.connection === undefined || agent.status !== 'ACTIVE') {
    // The agent went away between the offer and the accept: the tasks are lost, nothing ran.
    fx.toAllocator({
      type: 'recover',
      frameworkId: framework.id,
      agentId: plan.agentId,
      role: plan.role,
      resources: addResources(
        [],
        plan.offers.flatMap((o) => o.resources),
      ),
      refuseSeconds: undefined,
    });
    for (const task of plan.launches) {
      forwardUpdate(
        ctx,
        framework,
        masterStatus(
          task.taskId,
          plan.agentId,
          'TASK_DROPPED',
          `agent ${plan.agentId} is not connected`,
          now,
          'REASON_AGENT_DISCONNECTED',
        ),
      );
    }
    return { ok: true, launchedTaskIds: [] };
  }

  for (const conversion of plan.conversions) {
    agent.total = addResources(subtractResources(agent.total, conversion.from), conversion.to);
    fx.toAllocator({
      type: 'updateAllocation',
      frameworkId: framework.id,
      agentId: agent.id,
      role: plan.role,
      from: conversion.from,
      to: conversion.to,
    });
  }
  if (plan.conversions.length > 0) {
    agent.info = { ...agent.info, resources: agent.total };
  }
  const launched: string[] = [];
  for (const spec of plan.launches) {
    const task: TaskRecord = {
      key: taskKey(framework.id, spec.taskId),
      frameworkId: framework.id,
      agentId: agent.id,
      info: spec.payload,
      resources: [...spec.resources],
      role: plan.role,
      status: masterStatus(spec.taskId, agent.id, 'TASK_STAGING', '', now),
      acknowledgedUuid: '',
      acknowledgedState: undefined,
      preempting: false,
    };
    registry.tasks.set(task.key, task);
    agent.taskKeys.add(task.key);
    framework.taskKeys.add(task.key);
    fx.persist({ type: 'putTask', task: Registry.taskView(task) });
    fx.toAgent(agent.connection, { type: 'runTask', framework: framework.info, agentId: agent.id, task: task.info });
    fx.fact({ type: 'task', frameworkId: framework.id, taskName: task.info.name, status: task.status });
    launched.push(spec.taskId);
  }
  if (plan.conversions.length > 0) fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  if (plan.remaining.length > 0) {
    fx.toAllocator({
      type: 'recover',
      frameworkId: framework.id,
      agentId: agent.id,
      role: plan.role,
      resources: plan.remaining,
      refuseSeconds: refuseSeconds === 0 ? undefined : refuseSeconds,
    });
  }
  fx.count('tasksLaunched', launched.length);
  return { ok: true, launchedTaskIds: launched };
}
