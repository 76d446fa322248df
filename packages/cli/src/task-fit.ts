import { containsResources, formatResources, type Resource } from '@tessera/domain';

/** An agent as `tessera run` weighs it: its name and everything it has (reserved or not). */
export interface AgentCapacity {
  hostname: string;
  total: readonly Resource[];
}

/** How many of the task's resources (entry by entry) the agent has enough of. */
const entriesCovered = (agent: AgentCapacity, needs: readonly Resource[]): number =>
  needs.filter((need) => containsResources(agent.total, [need])).length;

/** The agent's amount of the first resource it lacks (how near it comes), for ties. */
const nearness = (agent: AgentCapacity, needs: readonly Resource[]): number => {
  const lacking = needs.find((need) => !containsResources(agent.total, [need]));
  const have = agent.total.find((r) => r.name === lacking?.name && r.reservation?.role === lacking?.reservation?.role);
  return have?.type === 'scalar' ? have.scalar : 0;
};

/**
 * Why no agent could ever run a task that needs `needs` (compared with each
 * agent's totals, not what is free now), in plain words, naming the agent that
 * comes nearest: "no agent has cpus:64 (largest: cpus:2;mem:2048 on host-a)".
 * Undefined when some agent has room, or when there is no agent at all (one
 * may yet register). Pure.
 */
export function whyNoAgentFits(needs: readonly Resource[], agents: readonly AgentCapacity[]): string | undefined {
  if (agents.length === 0 || agents.some((agent) => containsResources(agent.total, needs))) return undefined;
  const nearest = [...agents].sort(
    (a, b) => entriesCovered(b, needs) - entriesCovered(a, needs) || nearness(b, needs) - nearness(a, needs),
  )[0] as AgentCapacity;
  const lacking = needs.filter((need) => !agents.some((agent) => containsResources(agent.total, [need])));
  const what = formatResources(lacking.length > 0 ? lacking : needs);
  const agentCount = agents.length === 1 ? 'the one agent' : `any of the ${agents.length} agents`;
  return (
    `no agent has ${what}${lacking.length > 0 ? '' : ' together'} ` +
    `(largest: ${formatResources(nearest.total) || 'nothing'} on ${nearest.hostname}); ` +
    `the task can never fit on ${agentCount}`
  );
}
