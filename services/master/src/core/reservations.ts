import {
  addResources,
  containsResources,
  formatResources,
  isValidRole,
  stripReservations,
  stripRevocable,
  subtractResources,
  type Resource,
} from '@tessera/domain';
import { rescindAll, type StepContext } from './context.js';
import { requireAgent } from './agents.js';
import { InvalidReservationError, LimitExceededError, listProblems } from './errors.js';
import { MAX_RESOURCES_PER_ITEM, quote } from './limits.js';
import type { AgentRecord } from './model.js';

function checkCount(resources: readonly Resource[]): void {
  if (resources.length > MAX_RESOURCES_PER_ITEM)
    throw new LimitExceededError('resources', `${MAX_RESOURCES_PER_ITEM} resources`);
}

/**
 * Operator: dynamically reserves unreserved resources of an agent. Outstanding
 * offers on the agent are rescinded first; refused (nothing changed) unless the
 * agent then has the resources unreserved and unused.
 */
export function reserveResources(ctx: StepContext, agentId: string, resources: readonly Resource[]): void {
  checkCount(resources);
  const agent = requireAgent(ctx, agentId);
  if (resources.length === 0) throw new InvalidReservationError('no resources to reserve');
  const problems = resources.flatMap((r) =>
    r.reservation?.type !== 'dynamic'
      ? [`${r.name} needs a DYNAMIC reservation for a role, e.g. ${r.name}(eng)`]
      : !isValidRole(r.reservation.role)
        ? [`${r.name}: ${quote(r.reservation.role)} is not a valid role`]
        : r.revocable === true
          ? [`${r.name} must not be revocable`]
          : [],
  );
  if (problems.length > 0) throw new InvalidReservationError(listProblems(problems));
  convertOnAgent(ctx, agent, stripReservations(resources), resources, 'unreserved and unused');
}

/** Operator: makes dynamically reserved, unused resources of an agent unreserved again. */
export function unreserveResources(ctx: StepContext, agentId: string, resources: readonly Resource[]): void {
  checkCount(resources);
  const agent = requireAgent(ctx, agentId);
  if (resources.length === 0) throw new InvalidReservationError('no resources to unreserve');
  if (resources.some((r) => r.reservation?.type !== 'dynamic')) {
    throw new InvalidReservationError('only dynamically reserved resources can be unreserved');
  }
  convertOnAgent(ctx, agent, resources, stripReservations(resources), 'dynamically reserved and unused');
}

/**
 * Converts `from` into `to` on the agent. Validated before anything changes:
 * NOTE the agent's offers are rescinded only once the conversion is known to
 * fit without them, so a refusal changes nothing.
 */
function convertOnAgent(
  ctx: StepContext,
  agent: AgentRecord,
  from: readonly Resource[],
  to: readonly Resource[],
  what: string,
): void {
  const { registry, fx } = ctx;
  const { used } = registry.holdings(agent.taskKeys, []);
  // Lent (revocable) resources are the same physical resources: capacity is counted without the flag.
  const held = stripRevocable(used);
  const freeWithoutOffers = containsResources(agent.total, held) ? subtractResources(agent.total, held) : [];
  if (!containsResources(freeWithoutOffers, from)) {
    throw new InvalidReservationError(
      `agent ${agent.id} does not have ${formatResources(from)} ${what} (it has ${formatResources(freeWithoutOffers) || 'nothing'} free)`,
    );
  }
  rescindAll(ctx, agent.offerIds, true);
  agent.total = addResources(subtractResources(agent.total, from), to);
  agent.info = { ...agent.info, resources: agent.total };
  fx.persist({ type: 'putAgent', agent: registry.agentView(agent) });
  fx.toAllocator({ type: 'agentUpdated', agentId: agent.id, total: agent.total });
}
