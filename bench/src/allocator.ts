// bench/allocator: the allocator on the scenarios of Mesos's own allocator
// benchmarks (see allocator-scenarios.ts), either the pure core in this
// process (`--mode core`, the default) or the real allocator process through
// the master's Connect stream (`--mode service`), or both (`--mode all`).
// Writes bench/results/allocator.json: `scenarios` holds the core entries and
// `service` the service entries; a run replaces only the entries it measured
// (same scenario and profile) and keeps the rest of the file.
//
//   node bench/dist/allocator.js [--profile default|small] [--scenario NAME[,NAME]]
//                                [--mode core|service|all] [--cycles N] [--out path]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Allocator, type Allocation } from '@tessera/allocator';
import { parseResources, scalarOf } from '@tessera/domain';
import { runServiceScenario, type ServiceEntry } from './allocator-service.js';
import {
  ALLOCATION_INTERVAL_MS,
  buildCluster,
  PROFILES,
  round2,
  SCENARIO_NAMES,
  scenarios,
  summarize,
  VIRTUAL_EPOCH_MS,
  type Cluster,
  type MesosReference,
  type Profile,
  type Scenario,
  type Summary,
  type Target,
} from './allocator-scenarios.js';
import { machine } from './machine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODES = ['core', 'service', 'all'] as const;
type Mode = (typeof MODES)[number];

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    scenario: { type: 'string' },
    mode: { type: 'string', default: 'core' },
    /** Measured cycles per decline scenario, clusters built per quota scenario. Default: the scenario's own. */
    cycles: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/allocator.json') },
  },
});
if (!PROFILES.includes(values.profile as Profile)) {
  throw new Error(`unknown profile ${values.profile}; known: ${PROFILES.join(', ')}`);
}
const profile = values.profile as Profile;
if (!MODES.includes(values.mode as Mode)) throw new Error(`unknown mode ${values.mode}; known: ${MODES.join(', ')}`);
const mode = values.mode as Mode;
const wanted = values.scenario?.split(',').map((s) => s.trim()) ?? SCENARIO_NAMES;
for (const name of wanted) {
  if (!SCENARIO_NAMES.includes(name)) throw new Error(`unknown scenario ${name}; known: ${SCENARIO_NAMES.join(', ')}`);
}
const cyclesOverride = values.cycles === undefined ? undefined : Number(values.cycles);
if (cyclesOverride !== undefined && !(Number.isInteger(cyclesOverride) && cyclesOverride > 0)) {
  throw new Error(`--cycles must be a positive integer, got ${values.cycles}`);
}

/** What the measured allocator was built from. */
interface Source {
  /** HEAD of the checkout the bench ran in; null outside a git checkout. */
  readonly commit: string | null;
  /** Uncommitted changes under services/allocator/src (`git status --porcelain` lines). */
  readonly allocatorUncommitted: string[] | null;
}

function gitSource(): Source {
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      allocatorUncommitted: git('status', '--porcelain', '--', 'services/allocator/src')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    };
  } catch {
    return { commit: null, allocatorUncommitted: null };
  }
}
const SOURCE = gitSource();

/** One scenario run on the core, in-process. Times in ms. */
interface CoreEntry {
  readonly name: string;
  readonly profile: Profile;
  readonly date: string;
  readonly source: Source;
  readonly mesos: MesosReference;
  readonly target: Target | null;
  readonly agents: number;
  readonly frameworks: number;
  readonly roles: number;
  readonly agentResources: string;
  readonly workload: string;
  readonly addFrameworksMs: number;
  readonly addAgentsMs: number;
  /** Quota scenario: time to set every role's guarantee. */
  readonly setQuotaMs?: number;
  /** Decline scenarios: the cycle that offers the fresh cluster (Mesos runs it while adding the agents). */
  readonly firstCycleMs?: number;
  readonly firstCycleAllocations?: number;
  /** Decline: one batch cycle after every earlier offer was declined. Quota: the first cycle of a fresh cluster. */
  readonly cycleMs: Summary;
  /** Median over the measured cycles. */
  readonly allocationsPerCycle: number;
  /** Decline scenarios: recovering (declining) everything the previous cycle allocated. */
  readonly recoverMs?: Summary;
  /** Quota scenario: the cycle after the first one (Mesos expects it to allocate nothing). */
  readonly secondCycleMs?: Summary;
  readonly secondCycleAllocations?: number;
  /** Quota scenario: roles whose guarantee the first cycle met in full, of `roles` (median over samples). */
  readonly quotaRolesSatisfied?: number;
  /** Null when the scenario has no target (small profile) or no target for that figure. */
  readonly meetsTarget: { readonly cycle: boolean; readonly addAgents: boolean | null } | null;
  readonly heapUsedMiB: number;
}

function elapsedMs(started: number): number {
  return performance.now() - started;
}

function addFrameworks(allocator: Allocator, cluster: Cluster): number {
  const started = performance.now();
  for (const framework of cluster.frameworks) allocator.addFramework(framework);
  return elapsedMs(started);
}

function addAgents(allocator: Allocator, cluster: Cluster): number {
  const started = performance.now();
  for (const agent of cluster.agents) allocator.addAgent(agent);
  return elapsedMs(started);
}

function timedCycle(allocator: Allocator, nowMs: number): { ms: number; allocations: Allocation[] } {
  const started = performance.now();
  const allocations = allocator.allocate(nowMs);
  return { ms: elapsedMs(started), allocations };
}

function baseEntry(scenario: Scenario) {
  return {
    name: scenario.name,
    profile: scenario.profile,
    date: new Date().toISOString(),
    source: SOURCE,
    mesos: scenario.mesos,
    target: scenario.target,
    agents: scenario.agents,
    frameworks: scenario.frameworks,
    roles: scenario.roles,
    agentResources: scenario.agentResources,
  };
}

function meetsTarget(target: Target | null, cycleMs: number, addAgentsMs: number): CoreEntry['meetsTarget'] {
  if (target === null) return null;
  return {
    cycle: cycleMs <= target.cycleMs,
    addAgents: target.addAgentsMs === null ? null : addAgentsMs <= target.addAgentsMs,
  };
}

function heapUsedMiB(): number {
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}

/**
 * What keeps DeclineOffers meaningful under the refuse-filter rule (a filter
 * withholds only offers contained in what was refused): the declined resources
 * stay free and unchanged, so every filter contains its agent's next offer.
 * Each round must then offer every declined agent again, to a framework that
 * has not declined it yet, until all have, as in Mesos. Throws otherwise (untimed).
 *
 * @param declines agentId → frameworks that have declined it so far (this round's included)
 */
function checkDeclineRound(
  scenario: Scenario,
  declinedRound: readonly Allocation[],
  offered: readonly Allocation[],
  declines: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  for (const offer of offered) {
    if (declines.get(offer.agentId)?.has(offer.frameworkId) === true) {
      throw new Error(`${scenario.name}: ${offer.agentId} offered again to ${offer.frameworkId}, which refused it`);
    }
  }
  const again = new Set(offered.map((offer) => offer.agentId));
  for (const { agentId } of declinedRound) {
    if (!again.has(agentId) && (declines.get(agentId)?.size ?? 0) < scenario.frameworks) {
      throw new Error(`${scenario.name}: declined agent ${agentId} was not offered to the frameworks left`);
    }
  }
}

/**
 * DeclineOffers: frameworks, then agents (timed), one cycle that offers the
 * fresh cluster, then `samples` rounds of "decline everything with the
 * scenario's filter, advance the clock one interval, run one cycle (timed)".
 */
function runDecline(scenario: Scenario, refuseSeconds: number, samples: number): CoreEntry {
  const cluster = buildCluster(scenario);
  const allocator = new Allocator();
  const addFrameworksMs = addFrameworks(allocator, cluster);
  const addAgentsMs = addAgents(allocator, cluster);
  let nowMs = VIRTUAL_EPOCH_MS;
  const first = timedCycle(allocator, nowMs);
  let offered = first.allocations;
  const cycleMs: number[] = [];
  const recoverMs: number[] = [];
  const counts: number[] = [];
  /** agentId → frameworks that declined it so far (with a filter that outlives the run). */
  const declines = new Map<string, Set<string>>();
  for (let round = 0; round < samples; round++) {
    const recoverStarted = performance.now();
    for (const offer of offered) {
      allocator.recover(offer.frameworkId, offer.agentId, offer.role, offer.resources, { refuseSeconds }, nowMs);
    }
    recoverMs.push(elapsedMs(recoverStarted));
    for (const offer of offered) {
      const by = declines.get(offer.agentId) ?? new Set<string>();
      by.add(offer.frameworkId);
      declines.set(offer.agentId, by);
    }
    nowMs += ALLOCATION_INTERVAL_MS;
    const cycle = timedCycle(allocator, nowMs);
    cycleMs.push(cycle.ms);
    counts.push(cycle.allocations.length);
    checkDeclineRound(scenario, offered, cycle.allocations, declines);
    offered = cycle.allocations;
    console.error(
      `${scenario.name}: round ${round} took ${cycle.ms.toFixed(1)} ms to make ${cycle.allocations.length} allocations`,
    );
  }
  const cycles = summarize(cycleMs);
  return {
    ...baseEntry(scenario),
    workload: `decline every allocation with refuse_seconds ${refuseSeconds}, clock +${ALLOCATION_INTERVAL_MS} ms per cycle`,
    addFrameworksMs: round2(addFrameworksMs),
    addAgentsMs: round2(addAgentsMs),
    firstCycleMs: round2(first.ms),
    firstCycleAllocations: first.allocations.length,
    cycleMs: cycles,
    allocationsPerCycle: summarize(counts).median,
    recoverMs: summarize(recoverMs),
    meetsTarget: meetsTarget(scenario.target, cycles.median, addAgentsMs),
    heapUsedMiB: heapUsedMiB(),
  };
}

/** Roles whose guarantee the allocations cover in full (scalars only, as guarantees are). */
function rolesSatisfied(cluster: Cluster, allocations: readonly Allocation[]): number {
  const byRole = new Map<string, Allocation['resources']>();
  for (const allocation of allocations) {
    const held = byRole.get(allocation.role) ?? [];
    held.push(...allocation.resources);
    byRole.set(allocation.role, held);
  }
  return cluster.quotas.filter((quota) => {
    const held = byRole.get(quota.role) ?? [];
    return quota.guarantee.every((g) => g.type !== 'scalar' || scalarOf(held, g.name) + 1e-9 >= g.scalar);
  }).length;
}

/**
 * LargeAndSmallQuota: agents, frameworks, quotas, then the first cycle (timed)
 * and a second one (timed); the whole cluster is rebuilt for each sample, since
 * only a fresh cluster has the work to do.
 */
function runQuota(scenario: Scenario, samples: number): CoreEntry {
  const addFrameworksMs: number[] = [];
  const addAgentsMs: number[] = [];
  const setQuotaMs: number[] = [];
  const cycleMs: number[] = [];
  const secondCycleMs: number[] = [];
  const counts: number[] = [];
  const secondCounts: number[] = [];
  const satisfied: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const cluster = buildCluster(scenario);
    const allocator = new Allocator();
    addAgentsMs.push(addAgents(allocator, cluster));
    addFrameworksMs.push(addFrameworks(allocator, cluster));
    const quotaStarted = performance.now();
    for (const quota of cluster.quotas) allocator.setQuota(quota);
    setQuotaMs.push(elapsedMs(quotaStarted));
    const first = timedCycle(allocator, VIRTUAL_EPOCH_MS + ALLOCATION_INTERVAL_MS);
    const second = timedCycle(allocator, VIRTUAL_EPOCH_MS + 2 * ALLOCATION_INTERVAL_MS);
    cycleMs.push(first.ms);
    secondCycleMs.push(second.ms);
    counts.push(first.allocations.length);
    secondCounts.push(second.allocations.length);
    satisfied.push(rolesSatisfied(cluster, first.allocations));
    console.error(
      `${scenario.name}: sample ${sample}: first cycle ${first.ms.toFixed(1)} ms, ${first.allocations.length} allocations, ` +
        `${satisfied[satisfied.length - 1]}/${cluster.quotas.length} guarantees met; second cycle ${second.ms.toFixed(1)} ms, ` +
        `${second.allocations.length} allocations`,
    );
  }
  const cycles = summarize(cycleMs);
  const addAgentsMedian = summarize(addAgentsMs).median;
  return {
    ...baseEntry(scenario),
    workload: 'guarantee per role; first cycle of a fresh cluster (rebuilt per sample)',
    addFrameworksMs: summarize(addFrameworksMs).median,
    addAgentsMs: addAgentsMedian,
    setQuotaMs: summarize(setQuotaMs).median,
    cycleMs: cycles,
    allocationsPerCycle: summarize(counts).median,
    secondCycleMs: summarize(secondCycleMs),
    secondCycleAllocations: summarize(secondCounts).median,
    quotaRolesSatisfied: summarize(satisfied).median,
    meetsTarget: meetsTarget(scenario.target, cycles.median, addAgentsMedian),
    heapUsedMiB: heapUsedMiB(),
  };
}

function runCoreScenario(scenario: Scenario): CoreEntry {
  const samples = cyclesOverride ?? scenario.defaultSamples;
  return scenario.workload.kind === 'decline'
    ? runDecline(scenario, scenario.workload.refuseSeconds, samples)
    : runQuota(scenario, samples);
}

interface ResultsFile {
  benchmark: 'allocator';
  date: string;
  machine: Record<string, string | number>;
  notes: string[];
  scenarios: CoreEntry[];
  service: (ServiceEntry & { source: Source })[];
}

const NOTES = [
  'Times in ms. cycleMs is one allocation cycle: median, min, max and every sample.',
  'Decline scenarios follow Mesos DeclineOffers: one role for all frameworks ("role1"; Mesos uses "*"), 16 tasks in use per agent, every offer declined with refuse_seconds INT_MAX, clock +1 s per cycle.',
  'Quota scenario follows Mesos LargeAndSmallQuota (drf): 5/6 of the roles guarantee cpus:1;mem:1024;disk:1024, 1/6 cpus:4;mem:4096;disk:4096, agents cpus:2;mem:2048;disk:2048.',
  'mesos.publishedCycleMs / publishedAddAgentsMs and target are issue 3 figures, given for the default profile only.',
  'service entries: the real allocator process over the Connect stream (gRPC on loopback), one process per scenario.',
];

/** Replaces entries with the same name and profile; keeps the others in their order. */
function merge<T extends { name: string; profile: Profile }>(existing: readonly T[], fresh: readonly T[]): T[] {
  const key = (e: T) => `${e.profile}/${e.name}`;
  const freshKeys = new Set(fresh.map(key));
  return [...existing.filter((e) => !freshKeys.has(key(e))), ...fresh];
}

function readExisting(path: string): ResultsFile | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ResultsFile>;
  if (parsed.benchmark !== 'allocator') return undefined;
  return {
    benchmark: 'allocator',
    date: parsed.date ?? '',
    machine: parsed.machine ?? {},
    notes: NOTES,
    scenarios: parsed.scenarios ?? [],
    service: parsed.service ?? [],
  };
}

function write(core: readonly CoreEntry[], service: ResultsFile['service']): void {
  const existing = readExisting(values.out);
  const result: ResultsFile = {
    benchmark: 'allocator',
    date: new Date().toISOString(),
    machine: machine(),
    notes: NOTES,
    scenarios: merge(existing?.scenarios ?? [], core),
    service: merge(existing?.service ?? [], service),
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
}

async function main(): Promise<void> {
  // Parse once up front so that a broken resource string fails before any run.
  const selected = scenarios(profile).filter((s) => wanted.includes(s.name));
  for (const scenario of selected) parseResources(scenario.agentResources);
  const core: CoreEntry[] = [];
  const service: (ServiceEntry & { source: Source })[] = [];
  if (mode === 'core' || mode === 'all') {
    for (const scenario of selected) {
      console.error(`core: ${scenario.name} (${scenario.agents} agents, ${scenario.frameworks} frameworks)`);
      const entry = runCoreScenario(scenario);
      core.push(entry);
      console.log(
        JSON.stringify({
          mode: 'core',
          name: entry.name,
          addAgentsMs: entry.addAgentsMs,
          cycleMs: entry.cycleMs.median,
          allocationsPerCycle: entry.allocationsPerCycle,
        }),
      );
      write(core, service);
    }
  }
  if (mode === 'service' || mode === 'all') {
    for (const scenario of selected) {
      console.error(`service: ${scenario.name} (${scenario.agents} agents, ${scenario.frameworks} frameworks)`);
      const entry = {
        ...(await runServiceScenario(ROOT, scenario, cyclesOverride ?? scenario.defaultSamples)),
        source: SOURCE,
      };
      service.push(entry);
      console.log(
        JSON.stringify({
          mode: 'service',
          name: entry.name,
          snapshotAppliedMs: entry.snapshotAppliedMs,
          firstAllocationsMs: entry.firstAllocationsMs,
          roundMs: entry.roundMs?.median,
        }),
      );
      write(core, service);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
