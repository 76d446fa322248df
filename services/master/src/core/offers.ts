import {
  containsResources,
  isEmptyResources,
  stripRevocable,
  subtractClamped,
  DEFAULT_REFUSE_SECONDS,
} from '@tessera/domain';
import { rescindOffer, requireSubscribed, type StepContext } from './context.js';
import type { OfferEvent } from './effects.js';
import { InvalidFiltersError, LimitExceededError, UnknownOfferError } from './errors.js';
import { MAX_OFFERS_PER_CALL } from './limits.js';
import type { AgentRecord, Allocation, ConnectionId, OfferRecord, Revocation } from './model.js';
import { isLive } from './registry.js';

/**
 * Mesos's filter rule: no Filters → the default 5 s; Filters with
 * refuse_seconds 0 → no filter at all. Throws InvalidFiltersError.
 * @param refuseSeconds undefined when the call had no Filters.
 */
export function refuseSecondsOf(refuseSeconds: number | undefined): number {
  if (refuseSeconds === undefined) return DEFAULT_REFUSE_SECONDS;
  if (!Number.isFinite(refuseSeconds) || refuseSeconds < 0) throw new InvalidFiltersError(refuseSeconds);
  return refuseSeconds;
}

/**
 * Allocations from the allocator become offers, sent to each framework in one
 * event. An allocation is handed back (recovered without a filter) when the
 * framework or the agent went away meanwhile — an ordinary race. One that
 * asks for more than the master has free on a live agent means the two
 * disagree about that agent: it is handed back and the allocator is resynced
 * about the agent (see resyncAgent), never offered.
 */
export function offer(ctx: StepContext, allocations: readonly Allocation[]): void {
  const { registry, fx, options } = ctx;
  const byConnection = new Map<ConnectionId, OfferEvent[]>();
  let stale = 0;
  for (const allocation of allocations) {
    const framework = registry.frameworks.get(allocation.frameworkId);
    const agent = registry.agents.get(allocation.agentId);
    const connection = framework?.connection;
    const gone =
      framework === undefined ||
      connection === undefined ||
      !framework.info.roles.includes(allocation.role) ||
      agent === undefined ||
      agent.status !== 'ACTIVE' ||
      agent.connection === undefined;
    if (gone || !containsResources(registry.availableOn(agent), stripRevocable(allocation.resources))) {
      stale++;
      fx.toAllocator({
        type: 'recover',
        frameworkId: allocation.frameworkId,
        agentId: allocation.agentId,
        role: allocation.role,
        resources: allocation.resources,
        refuseSeconds: undefined,
      });
      if (!gone) {
        fx.log('error', 'the allocator offered more than the master has free on an agent; resyncing the agent', {
          agentId: allocation.agentId,
          frameworkId: allocation.frameworkId,
        });
        resyncAgent(ctx, agent);
      }
      continue;
    }
    const id = options.ids.offerId();
    const record: OfferRecord = {
      id,
      frameworkId: allocation.frameworkId,
      agentId: allocation.agentId,
      role: allocation.role,
      resources: allocation.resources,
    };
    registry.offers.set(id, record);
    agent.offerIds.add(id);
    framework.offerIds.add(id);
    if (options.offerTimeoutMs > 0) fx.setTimer(`offer:${id}`, ctx.nowMs + options.offerTimeoutMs);
    let list = byConnection.get(connection);
    if (list === undefined) {
      list = [];
      byConnection.set(connection, list);
    }
    list.push({ offer: record, agent: agent.info });
  }
  fx.count('staleAllocations', stale);
  for (const [connection, offers] of byConnection) {
    fx.toFramework(connection, { type: 'offers', offers });
    fx.count('offersSent', offers.length);
  }
}

/**
 * Tells the allocator the master's whole view of the agent (removed, then
 * added with what its tasks and offers hold), so that a disagreement is
 * corrected rather than repeated. At most one resync per agent per
 * `agentResyncIntervalMs`: a disagreement within that time sets a timer for
 * one more resync when it ends, so the allocator always ends up with the
 * master's view and a persistent disagreement cannot become a hot loop.
 */
export function resyncAgent(ctx: StepContext, agent: AgentRecord): void {
  const { fx } = ctx;
  if (ctx.nowMs < agent.resyncNotBeforeMs) {
    if (!agent.resyncPending) {
      agent.resyncPending = true;
      fx.setTimer(`resync:${agent.id}`, agent.resyncNotBeforeMs);
    }
    return;
  }
  agent.resyncPending = false;
  agent.resyncNotBeforeMs = ctx.nowMs + ctx.options.agentResyncIntervalMs;
  fx.count('agentResyncs');
  fx.toAllocator({ type: 'agentRemoved', agentId: agent.id });
  if (agent.connection !== undefined && agent.status !== 'GONE' && agent.status !== 'UNREACHABLE') {
    fx.toAllocator({ type: 'agentAdded', agent: ctx.registry.allocatorAgent(agent) });
  }
}

/** The held-back resync of an agent is due. */
export function resyncDue(ctx: StepContext, agentId: string): void {
  const agent = ctx.registry.agents.get(agentId);
  if (agent === undefined || !agent.resyncPending) return;
  resyncAgent(ctx, agent);
}

/** A Decline call, converted. */
export interface DeclineCommand {
  readonly frameworkId: string;
  readonly offerIds: readonly string[];
  /** undefined: the call had no Filters. */
  readonly refuseSeconds: number | undefined;
}

/** Declines offers: their resources go back with a refuse filter (default 5 s). All or nothing. */
export function decline(ctx: StepContext, command: DeclineCommand): void {
  const framework = requireSubscribed(ctx, command.frameworkId);
  if (command.offerIds.length > MAX_OFFERS_PER_CALL)
    throw new LimitExceededError('offer_ids', `${MAX_OFFERS_PER_CALL} offers`);
  const refuseSeconds = refuseSecondsOf(command.refuseSeconds);
  const unknown = command.offerIds.filter((id) => ctx.registry.offers.get(id)?.frameworkId !== framework.id);
  if (unknown.length > 0) throw new UnknownOfferError(unknown);
  for (const offerId of command.offerIds) rescindOffer(ctx, offerId, false, refuseSeconds);
}

/** An offer's timeout passed: it is rescinded (the framework is told). */
export function offerExpired(ctx: StepContext, offerId: string): void {
  rescindOffer(ctx, offerId, true);
}

/**
 * The allocator takes lent (revocable) resources back: offers holding revocable
 * resources of that framework on that agent are rescinded, and its tasks on
 * revocable resources there are killed with reason PREEMPTED (each after its
 * grace period) until the revoked amount is covered. Their resources return to
 * the allocator when the tasks have ended. Idempotent for tasks already being preempted.
 */
export function revoke(ctx: StepContext, revocations: readonly Revocation[]): void {
  const { registry, fx } = ctx;
  for (const revocation of revocations) {
    const frameworkId = revocation.frameworkId;
    const agent = registry.agents.get(revocation.agentId);
    if (agent === undefined) continue;
    let owed = stripRevocable(revocation.resources);
    for (const offerId of [...agent.offerIds]) {
      const held = registry.offers.get(offerId);
      if (held === undefined || held.frameworkId !== frameworkId || !held.resources.some((r) => r.revocable === true))
        continue;
      owed = subtractClamped(owed, stripRevocable(held.resources.filter((r) => r.revocable === true)));
      rescindOffer(ctx, offerId, true);
    }
    for (const key of agent.taskKeys) {
      if (isEmptyResources(owed)) break;
      const task = registry.tasks.get(key);
      if (task === undefined || task.frameworkId !== frameworkId || task.preempting || !isLive(task)) continue;
      const lent = task.resources.filter((r) => r.revocable === true);
      if (lent.length === 0) continue;
      task.preempting = true;
      owed = subtractClamped(owed, stripRevocable(lent));
      fx.toAgent(agent.connection, {
        type: 'killTask',
        frameworkId,
        taskId: task.info.taskId,
        gracePeriodSeconds: task.info.killGracePeriodSeconds,
        reason: 'REASON_PREEMPTED',
      });
      fx.log('info', 'preempting a task on revoked resources', {
        taskId: task.info.taskId,
        frameworkId,
        reason: revocation.reason,
      });
    }
  }
}
