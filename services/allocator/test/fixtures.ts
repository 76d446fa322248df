import { formatResources, parseResources, type Resources } from '@tessera/domain';
import {
  Allocator,
  mulberry32,
  type AgentSpec,
  type AllocatedResources,
  type Allocation,
  type AllocatorCoreOptions,
  type FrameworkCapability,
  type FrameworkSpec,
} from '../src/core/index.js';

/** Parses Mesos resource text, e.g. "cpus:4;mem:1024;cpus(eng):2". */
export const res = parseResources;

export function agentSpec(
  id: string,
  resources: string,
  options: { active?: boolean; allocated?: AllocatedResources[]; total?: Resources } = {},
): AgentSpec {
  return {
    id,
    hostname: `${id}.example`,
    total: options.total ?? res(resources),
    attributes: [],
    active: options.active ?? true,
    allocated: options.allocated ?? [],
  };
}

let sequence = 0;

export function frameworkSpec(
  id: string,
  roles: string[],
  options: Partial<Omit<FrameworkSpec, 'id' | 'roles'>> & { capabilities?: FrameworkCapability[] } = {},
): FrameworkSpec {
  return {
    id,
    name: id,
    roles,
    capabilities: options.capabilities ?? [],
    active: options.active ?? true,
    suppressedRoles: options.suppressedRoles ?? [],
    subscriptionSequence: options.subscriptionSequence ?? ++sequence,
    priority: options.priority ?? 0,
  };
}

export function newAllocator(options: AllocatorCoreOptions = {}): Allocator {
  return new Allocator({ random: mulberry32(42), ...options });
}

/** "fw@agent/role=cpus:1;mem:2" lines, sorted, for compact assertions. */
export function describeAllocations(allocations: readonly Allocation[]): string[] {
  return allocations.map((a) => `${a.frameworkId}@${a.agentId}/${a.role}=${formatResources(a.resources)}`).sort();
}

/** Scalar sum of `name` over allocations to one framework. */
export function sumOf(allocations: readonly Allocation[], frameworkId: string, name: string): number {
  let sum = 0;
  for (const a of allocations) {
    if (a.frameworkId !== frameworkId) continue;
    for (const r of a.resources) if (r.name === name && r.type === 'scalar') sum += r.scalar;
  }
  return Math.round(sum * 1000) / 1000;
}
