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

/** An outstanding offer as the master's core sees it. */
export interface OfferView {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  /** The role the offer was allocated to. */
  readonly role: string;
  readonly resources: readonly Resource[];
}

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
  if (problems.length > 0) return { ok: false, problems, offers, tasks };

  const first = offers[0];
  if (first === undefined) return { ok: false, problems: ['no valid offers'], offers, tasks };
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
        const taskProblems = validateTask(task, input.isTaskIdTaken, newTaskIds);
        const label = `${where}: task ${JSON.stringify(task.taskId)}`;
        if (taskProblems.length === 0 && !containsResources(available, task.resources)) {
          taskProblems.push(
            `needs ${formatResources(task.resources)} but the offers have only ${formatResources(available) || 'nothing'} left`,
          );
        }
        if (taskProblems.length > 0) {
          problems.push(...taskProblems.map((p) => `${label}: ${p}`));
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
  if (problems.length > 0) return { ok: false, problems, offers, tasks };
  return { ok: true, agentId: first.agentId, role, offers, launches, conversions, remaining: available };
}

function validateTask<P>(
  task: TaskSpec<P>,
  isTaken: (taskId: string) => boolean,
  inThisCall: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (task.taskId === '') problems.push('task_id is required');
  else if (!/^[A-Za-z0-9_.:-]+$/.test(task.taskId)) problems.push('task_id may hold only letters, digits and _ . : -');
  else if (isTaken(task.taskId) || inThisCall.has(task.taskId)) problems.push('task_id is already in use');
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
