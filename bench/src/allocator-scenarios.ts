// The scenarios of bench/allocator, modelled on Mesos's own allocator
// benchmarks, and the clusters they describe in the allocator's domain types.
// Both the core runner and the service runner build from these, so the two
// measure the same workload.
//
// Mesos references (src/tests/hierarchical_allocator_tests.cpp and
// src/tests/hierarchical_allocator_benchmarks.cpp):
//
// - HierarchicalAllocator_BENCHMARK_Test.DeclineOffers/N, parameterized by
//   agents ∈ {1000, 5000, 10000, 20000, 30000, 50000} × frameworks ∈ {1, 50,
//   100, 200, 500, 1000, 3000, 6000}; N = agentIndex * 8 + frameworkIndex
//   (10,000 × 1,000 is /21). Every framework subscribes with the same role
//   ("*" there; "*" is not a subscription role here, so "role1"). Agents are
//   cpus:24;mem:4096;disk:4096;ports:[31000-32000], each with
//   cpus:16;mem:2014;disk:1024 and 16 fragments of the port range already in
//   use by framework (i mod frameworks). Each round declines every offer of the
//   previous round with refuse_seconds = INT_MAX (a permanent filter), advances
//   the clock by the allocation interval and times one batch allocation. A
//   filter withholds only offers contained in what was refused (Mesos's
//   RefusedOfferFilter, and Tessera's); the declined resources stay free and
//   unchanged, so each round every agent goes to a framework that has not
//   declined it yet, after the cycle has checked the filters of those that have
//   (the runner verifies this every round).
// - BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota/N, with
//   N = 0, 1, 2 for 30, 300, 3,000 agents (drf sorter): S roles with a small
//   guarantee (cpus:1;mem:1024;disk:1024, half an agent) and L roles with a
//   large one (cpus:4;mem:4096;disk:4096, two agents), S = 5 L, one framework
//   per role, S / 5 + 5 L agents of cpus:2;mem:2048;disk:2048. It times the
//   first batch allocation (which satisfies every guarantee) and a second one
//   that finds nothing to allocate.
import type { AgentSpec, FrameworkSpec, QuotaSpec } from '@tessera/allocator';
import { parseResources, type Resource, type ValueRange } from '@tessera/domain';

export type Profile = 'default' | 'small';
export const PROFILES: readonly Profile[] = ['default', 'small'];

/** What each round of a scenario does after the first allocation cycle. */
export type Workload =
  /** Decline every allocation of the previous cycle with a filter, advance the clock, run one cycle. */
  | { readonly kind: 'decline'; readonly refuseSeconds: number }
  /** Set a guarantee per role, then time the first cycle on a fresh cluster (rebuilt for each sample). */
  | { readonly kind: 'quota' };

export interface MesosReference {
  /** The gtest instance with the same counts, or null when Mesos's grid has none. */
  readonly benchmark: string | null;
  /** Mesos's published figure for that instance (issue 3's table); null when none. */
  readonly publishedCycleMs: number | null;
  readonly publishedAddAgentsMs: number | null;
}

export interface Target {
  readonly cycleMs: number;
  readonly addAgentsMs: number | null;
}

export interface Scenario {
  /** Stable key, the same in every profile (`--scenario`). */
  readonly name: string;
  readonly profile: Profile;
  readonly agents: number;
  readonly frameworks: number;
  readonly roles: number;
  readonly agentResources: string;
  readonly workload: Workload;
  readonly mesos: MesosReference;
  /** Issue 3's target; only for the default profile (the counts it was set for), else null. */
  readonly target: Target | null;
  /** Measured cycles (decline) or rebuilt clusters (quota) when `--cycles` is not given. */
  readonly defaultSamples: number;
}

/** Mesos's Filters.refuse_seconds in DeclineOffers: INT_MAX, i.e. never offered again. */
export const PERMANENT_REFUSE_SECONDS = 2_147_483_647;
/** Mesos's default allocation interval; the bench clock advances by it between cycles. */
export const ALLOCATION_INTERVAL_MS = 1000;
/** The bench's virtual clock starts here (2024-01-01T00:00:00Z); the core never reads a real clock. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2024, 0, 1);

const DECLINE_AGENT_RESOURCES = 'cpus:24;mem:4096;disk:4096;ports:[31000-32000]';
const QUOTA_AGENT_RESOURCES = 'cpus:2;mem:2048;disk:2048';
const SMALL_GUARANTEE = 'cpus:1;mem:1024;disk:1024';
const LARGE_GUARANTEE = 'cpus:4;mem:4096;disk:4096';
const DECLINE_ROLE = 'role1';

const MESOS_AGENT_COUNTS = [1000, 5000, 10000, 20000, 30000, 50000];
const MESOS_FRAMEWORK_COUNTS = [1, 50, 100, 200, 500, 1000, 3000, 6000];

function declineOffersBenchmark(agents: number, frameworks: number): string | null {
  const agentIndex = MESOS_AGENT_COUNTS.indexOf(agents);
  const frameworkIndex = MESOS_FRAMEWORK_COUNTS.indexOf(frameworks);
  if (agentIndex < 0 || frameworkIndex < 0) return null;
  return `HierarchicalAllocator_BENCHMARK_Test.DeclineOffers/${agentIndex * MESOS_FRAMEWORK_COUNTS.length + frameworkIndex}`;
}

function largeAndSmallQuotaBenchmark(smallRoles: number, largeRoles: number): string | null {
  const index = [25, 250, 2500].indexOf(smallRoles);
  if (index < 0 || largeRoles * 5 !== smallRoles) return null;
  return `BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota/${index}`;
}

/** Counts of the default profile; the small profile divides them by 10. */
const DEFINITIONS = [
  {
    name: 'decline-offers-10k-1k',
    agents: 10_000,
    frameworks: 1_000,
    published: { cycleMs: 1060, addAgentsMs: 1610 },
    target: { cycleMs: 100, addAgentsMs: 150 },
  },
  {
    name: 'decline-offers-10k-3k',
    agents: 10_000,
    frameworks: 3_000,
    published: { cycleMs: 2470, addAgentsMs: null },
    target: { cycleMs: 250, addAgentsMs: null },
  },
  {
    name: 'large-and-small-quota',
    // 2,500 small-quota roles and 500 large-quota roles, as LargeAndSmallQuota/2.
    agents: 3_000,
    frameworks: 3_000,
    published: { cycleMs: 15_000, addAgentsMs: null },
    target: { cycleMs: 1500, addAgentsMs: null },
  },
  {
    name: 'decline-offers-50k-1k',
    agents: 50_000,
    frameworks: 1_000,
    published: { cycleMs: null, addAgentsMs: null },
    target: { cycleMs: 500, addAgentsMs: null },
  },
] as const;

export const SCENARIO_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name);

/** The scenarios of `profile`, in the order of issue 3's table. */
export function scenarios(profile: Profile): Scenario[] {
  const divisor = profile === 'default' ? 1 : 10;
  return DEFINITIONS.map((d): Scenario => {
    const agents = d.agents / divisor;
    const frameworks = d.frameworks / divisor;
    const comparable = profile === 'default';
    if (d.name === 'large-and-small-quota') {
      const { small, large } = quotaRoleCounts(frameworks);
      return {
        name: d.name,
        profile,
        agents: small / 5 + large * 5,
        frameworks,
        roles: frameworks,
        agentResources: QUOTA_AGENT_RESOURCES,
        workload: { kind: 'quota' },
        mesos: {
          benchmark: largeAndSmallQuotaBenchmark(small, large),
          publishedCycleMs: comparable ? d.published.cycleMs : null,
          publishedAddAgentsMs: null,
        },
        target: comparable ? d.target : null,
        defaultSamples: 5,
      };
    }
    return {
      name: d.name,
      profile,
      agents,
      frameworks,
      roles: 1,
      agentResources: DECLINE_AGENT_RESOURCES,
      workload: { kind: 'decline', refuseSeconds: PERMANENT_REFUSE_SECONDS },
      mesos: {
        benchmark: declineOffersBenchmark(agents, frameworks),
        publishedCycleMs: comparable ? d.published.cycleMs : null,
        publishedAddAgentsMs: comparable ? d.published.addAgentsMs : null,
      },
      target: comparable ? d.target : null,
      defaultSamples: 10,
    };
  });
}

/** LargeAndSmallQuota's split: five small-quota roles for every large-quota role. */
function quotaRoleCounts(roles: number): { small: number; large: number } {
  const large = Math.round(roles / 6);
  return { small: roles - large, large };
}

/** The model a scenario starts from, in the allocator's domain types. */
export interface Cluster {
  readonly agents: AgentSpec[];
  readonly frameworks: FrameworkSpec[];
  readonly quotas: QuotaSpec[];
}

/**
 * Mesos's `fragment([31000-32000], 16)`: 15 single ports two apart, then the
 * rest of the range ([31000, 31002, …, 31028, 31030-32000]).
 */
function fragmentedPorts(begin: number, end: number, count: number): ValueRange[] {
  const ranges: ValueRange[] = [];
  for (let i = 0; i < count - 1; i++) ranges.push({ begin: begin + 2 * i, end: begin + 2 * i });
  ranges.push({ begin: begin + 2 * (count - 1), end });
  return ranges;
}

/** What DeclineOffers puts in use on every agent: 16 tasks of 1 cpu and a port each, plus mem and disk. */
function declineOffersUsed(): Resource[] {
  return [
    ...parseResources('cpus:16;mem:2014;disk:1024'),
    { name: 'ports', type: 'ranges', ranges: fragmentedPorts(31000, 32000, 16) },
  ];
}

/** Builds the scenario's agents, frameworks and quotas (IDs and names as Mesos's benchmarks make them). */
export function buildCluster(scenario: Scenario): Cluster {
  const frameworks: FrameworkSpec[] = [];
  const quotas: QuotaSpec[] = [];
  if (scenario.workload.kind === 'decline') {
    for (let i = 0; i < scenario.frameworks; i++) frameworks.push(frameworkSpec(`framework${i + 1}`, DECLINE_ROLE, i));
  } else {
    const { small } = quotaRoleCounts(scenario.roles);
    const smallGuarantee = parseResources(SMALL_GUARANTEE);
    const largeGuarantee = parseResources(LARGE_GUARANTEE);
    for (let i = 0; i < scenario.roles; i++) {
      const isSmall = i < small;
      const role = isSmall ? `smallQuotaRole${i}` : `largeQuotaRole${i - small}`;
      frameworks.push(frameworkSpec(isSmall ? `framework_small_${i}` : `framework_large_${i - small}`, role, i));
      quotas.push({ role, guarantee: isSmall ? smallGuarantee : largeGuarantee, limit: [] });
    }
  }
  // NOTE: every agent gets its own resource objects, as agents decoded from the
  // master's stream do; shared objects would flatter the core's caches.
  const agents: AgentSpec[] = [];
  for (let i = 0; i < scenario.agents; i++) {
    const holder = frameworks[i % frameworks.length];
    agents.push({
      id: `agent${i + 1}`,
      hostname: `agent${i + 1}`,
      total: parseResources(scenario.agentResources),
      attributes: [],
      active: true,
      allocated:
        scenario.workload.kind !== 'decline' || holder === undefined
          ? []
          : [{ frameworkId: holder.id, role: holder.roles[0] ?? DECLINE_ROLE, resources: declineOffersUsed() }],
    });
  }
  return { agents, frameworks, quotas };
}

function frameworkSpec(id: string, role: string, sequence: number): FrameworkSpec {
  return {
    id,
    name: id,
    roles: [role],
    capabilities: ['MULTI_ROLE'],
    active: true,
    suppressedRoles: [],
    subscriptionSequence: sequence,
    priority: 0,
  };
}

/** Median, extremes and every sample (ms, rounded to 0.01). */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number[];
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? (sorted[middle] ?? Number.NaN)
        : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  return {
    median: round2(median),
    min: round2(sorted[0] ?? Number.NaN),
    max: round2(sorted[sorted.length - 1] ?? Number.NaN),
    samples: values.map(round2),
  };
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
