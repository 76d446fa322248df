/**
 * Invariants of the allocator over random clusters and random event sequences,
 * checked against a shadow ledger kept by the test itself:
 * - an allocation is always within what the agent has free (never beyond
 *   capacity, never the same resource twice);
 * - reserved resources go only to the reservation role's subtree;
 * - suppressed, inactive and incapable frameworks get nothing, and a framework
 *   with refuse filters on an agent gets nothing there that a live filter's
 *   refused resources contain (Mesos's RefusedOfferFilter);
 * - a cycle is work-conserving: it leaves nothing an eligible framework could take
 *   (offers that a live filter withholds excepted), so that a filtered framework is
 *   offered again as soon as more than it refused is free
 *   (a targeted cycle, `allocate(nowMs, agentIds)`, on the agents it names, and
 *   it allocates nothing elsewhere);
 * - the core's own accounting equals the ledger after every step.
 */
import {
  addResources,
  allocatableToRole,
  containsResources,
  equalResources,
  isRoleInSubtree,
  scalarOf,
  subtractResources,
  type Resource,
} from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Allocator,
  mulberry32,
  type AgentSpec,
  type FrameworkCapability,
  type FrameworkSpec,
} from '../src/core/index.js';

const ROLES = ['a', 'a/x', 'b'] as const;
const AGENT_IDS = ['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4'] as const;
const FRAMEWORK_IDS = ['fw-0', 'fw-1', 'fw-2', 'fw-3'] as const;
const MIN_CPUS = 0.01;
const MIN_MEM_MB = 32;

const scalar = (name: string, amount: number, extra: Partial<Resource> = {}): Resource =>
  ({ name, type: 'scalar', scalar: amount, ...extra }) as Resource;

const agentResources: fc.Arbitrary<Resource[]> = fc
  .record({
    cpus: fc.integer({ min: 0, max: 8 }),
    memMb: fc.constantFrom(0, 16, 512, 4096),
    reserved: fc.option(fc.record({ role: fc.constantFrom(...ROLES), cpus: fc.integer({ min: 1, max: 4 }) })),
    gpus: fc.boolean(),
    revocableCpus: fc.integer({ min: 0, max: 2 }),
    ports: fc.boolean(),
  })
  .map(({ cpus, memMb, reserved, gpus, revocableCpus, ports }) => {
    const out: Resource[] = [scalar('cpus', cpus), scalar('mem', memMb)];
    if (reserved !== null) {
      out.push(scalar('cpus', reserved.cpus, { reservation: { type: 'static', role: reserved.role } }));
      out.push(scalar('mem', 256, { reservation: { type: 'static', role: reserved.role } }));
    }
    if (gpus) out.push(scalar('gpus', 1));
    if (revocableCpus > 0) out.push(scalar('cpus', revocableCpus, { revocable: true }));
    if (ports) out.push({ name: 'ports', type: 'ranges', ranges: [{ begin: 31000, end: 31009 }] });
    return addResources([], out);
  });

const frameworkFields = fc.record({
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  capabilities: fc.subarray<FrameworkCapability>(['GPU_RESOURCES', 'REVOCABLE_RESOURCES']),
  active: fc.boolean(),
  suppressedRoles: fc.subarray([...ROLES]),
});

type FrameworkFields = typeof frameworkFields extends fc.Arbitrary<infer T> ? T : never;

const agentId = fc.constantFrom(...AGENT_IDS);
const frameworkId = fc.constantFrom(...FRAMEWORK_IDS);

type Event =
  | { kind: 'addAgent'; id: string; total: Resource[]; active: boolean }
  | { kind: 'removeAgent'; id: string }
  | { kind: 'agentActive'; id: string; active: boolean }
  | { kind: 'addFramework'; id: string; fields: FrameworkFields }
  | { kind: 'removeFramework'; id: string }
  | { kind: 'frameworkActive'; id: string; active: boolean }
  | { kind: 'suppress'; id: string; roles: string[] }
  | { kind: 'revive'; id: string; roles: string[] }
  /** `agents`: a targeted cycle on those agents (unknown IDs included); null: a full cycle. */
  | { kind: 'allocate'; agents?: readonly string[] | null }
  | { kind: 'advance'; ms: number }
  | { kind: 'recover'; pick: number; part: 'all' | 'half' | 'more'; refuseSeconds: number | null }
  | { kind: 'weights'; role: string; weight: number };

/** A full cycle, or (one time in three) a cycle targeted at a random subset of the agent IDs. */
const allocateEvent: fc.Arbitrary<Event> = fc
  .option(fc.subarray<string>([...AGENT_IDS]), { freq: 2 })
  .map((agents): Event => ({ kind: 'allocate', agents }));

const event: fc.Arbitrary<Event> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('addAgent' as const),
      id: agentId,
      total: agentResources,
      active: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeAgent' as const), id: agentId }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('agentActive' as const), id: agentId, active: fc.boolean() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('addFramework' as const), id: frameworkId, fields: frameworkFields }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeFramework' as const), id: frameworkId }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('frameworkActive' as const), id: frameworkId, active: fc.boolean() }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('suppress' as const), id: frameworkId, roles: fc.subarray([...ROLES]) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('revive' as const), id: frameworkId, roles: fc.subarray([...ROLES]) }),
    weight: 1,
  },
  { arbitrary: allocateEvent, weight: 5 },
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20_000 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('recover' as const),
      pick: fc.nat(),
      part: fc.constantFrom('all' as const, 'half' as const, 'more' as const),
      refuseSeconds: fc.option(fc.integer({ min: 0, max: 15 })),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('weights' as const),
      role: fc.constantFrom(...ROLES),
      weight: fc.integer({ min: 1, max: 5 }),
    }),
    weight: 1,
  },
);

interface ShadowFilter {
  readonly refused: Resource[];
  readonly untilMs: number;
}

/** Whether a live filter (until > now) refused everything in `offered`. */
function withheld(filters: readonly ShadowFilter[] | undefined, offered: Resource[], nowMs: number): boolean {
  return (filters ?? []).some((f) => f.untilMs > nowMs && containsResources(f.refused, offered));
}

/** What the test believes, independently of the core. */
class Shadow {
  readonly agents = new Map<string, { total: Resource[]; active: boolean }>();
  readonly frameworks = new Map<
    string,
    { spec: FrameworkSpec; suppressed: Set<string>; filters: Map<string, ShadowFilter[]> }
  >();
  /** agentId → "frameworkId|role" → resources */
  readonly ledger = new Map<string, Map<string, Resource[]>>();

  allocatedOn(agentId: string): Resource[] {
    let sum: Resource[] = [];
    for (const resources of this.ledger.get(agentId)?.values() ?? []) sum = addResources(sum, resources);
    return sum;
  }

  entries(): { agentId: string; frameworkId: string; role: string; resources: Resource[] }[] {
    const out = [];
    for (const [agentId, byKey] of [...this.ledger].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [key, resources] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const [frameworkId = '', role = ''] = key.split('|');
        out.push({ agentId, frameworkId, role, resources });
      }
    }
    return out;
  }
}

function frameworkSpecOf(id: string, fields: FrameworkFields, sequence: number): FrameworkSpec {
  return { id, name: id, priority: 0, subscriptionSequence: sequence, ...fields };
}

function half(resources: Resource[]): Resource[] {
  return resources.flatMap((r): Resource[] =>
    r.type === 'scalar' ? [{ ...r, scalar: Math.floor(r.scalar * 500) / 1000 }] : [r],
  );
}

/**
 * After a cycle, no eligible framework is left out of anything it could take:
 * on every active agent, what is free for each (active, unsuppressed,
 * unfiltered, capable) framework's role is below the minimum fragment.
 */
function expectWorkConserving(shadow: Shadow, nowMs: number, targeted: ReadonlySet<string> | undefined): void {
  for (const [agentId, agent] of shadow.agents) {
    if (!agent.active || (targeted !== undefined && !targeted.has(agentId))) continue;
    const free = subtractResources(agent.total, shadow.allocatedOn(agentId));
    for (const f of shadow.frameworks.values()) {
      if (!f.spec.active) continue;
      if (scalarOf(agent.total, 'gpus') > 0 && !f.spec.capabilities.includes('GPU_RESOURCES')) continue;
      for (const role of f.spec.roles) {
        if (f.suppressed.has(role)) continue;
        const offerable = allocatableToRole(free, role).filter(
          (r) => r.revocable !== true || f.spec.capabilities.includes('REVOCABLE_RESOURCES'),
        );
        if (withheld(f.filters.get(agentId), offerable, nowMs)) continue;
        const allocatable = scalarOf(offerable, 'cpus') >= MIN_CPUS || scalarOf(offerable, 'mem') >= MIN_MEM_MB;
        expect(allocatable, `${f.spec.id} in ${role} left out of ${agentId}`).toBe(false);
      }
    }
  }
}

function run(events: Event[], seed: number): void {
  const allocator = new Allocator({ random: mulberry32(seed) });
  const shadow = new Shadow();
  let nowMs = 1_700_000_000_000;
  let sequence = 0;

  for (const e of events) {
    switch (e.kind) {
      case 'addAgent': {
        if (shadow.agents.has(e.id)) break;
        const spec: AgentSpec = {
          id: e.id,
          hostname: e.id,
          total: e.total,
          attributes: [],
          active: e.active,
          allocated: [],
        };
        allocator.addAgent(spec);
        shadow.agents.set(e.id, { total: e.total, active: e.active });
        break;
      }
      case 'removeAgent':
        expect(allocator.removeAgent(e.id)).toBe(shadow.agents.has(e.id));
        shadow.agents.delete(e.id);
        shadow.ledger.delete(e.id);
        for (const f of shadow.frameworks.values()) f.filters.delete(e.id);
        break;
      case 'agentActive': {
        const agent = shadow.agents.get(e.id);
        if (agent === undefined) break;
        allocator.setAgentActive(e.id, e.active);
        agent.active = e.active;
        break;
      }
      case 'addFramework': {
        if (shadow.frameworks.has(e.id)) break;
        const spec = frameworkSpecOf(e.id, e.fields, ++sequence);
        allocator.addFramework(spec);
        shadow.frameworks.set(e.id, { spec, suppressed: new Set(spec.suppressedRoles), filters: new Map() });
        break;
      }
      case 'removeFramework':
        allocator.removeFramework(e.id);
        shadow.frameworks.delete(e.id);
        for (const byKey of shadow.ledger.values()) {
          for (const key of [...byKey.keys()]) if (key.startsWith(`${e.id}|`)) byKey.delete(key);
        }
        break;
      case 'frameworkActive': {
        const f = shadow.frameworks.get(e.id);
        if (f === undefined) break;
        allocator.setFrameworkActive(e.id, e.active);
        if (f.spec.active && !e.active) f.filters.clear();
        f.spec = { ...f.spec, active: e.active };
        break;
      }
      case 'suppress': {
        const f = shadow.frameworks.get(e.id);
        if (f === undefined) break;
        allocator.suppress(e.id, e.roles);
        for (const role of e.roles.length === 0 ? f.spec.roles : e.roles) f.suppressed.add(role);
        break;
      }
      case 'revive': {
        const f = shadow.frameworks.get(e.id);
        if (f === undefined) break;
        allocator.revive(e.id, e.roles);
        if (e.roles.length === 0) f.suppressed.clear();
        for (const role of e.roles) f.suppressed.delete(role);
        f.filters.clear();
        break;
      }
      case 'advance':
        nowMs += e.ms;
        break;
      case 'weights':
        allocator.setWeights([{ role: e.role, weight: e.weight }]);
        break;
      case 'recover': {
        const entries = shadow.entries();
        const entry = entries[e.pick % Math.max(1, entries.length)];
        if (entry === undefined) break;
        const requested =
          e.part === 'all'
            ? entry.resources
            : e.part === 'half'
              ? half(entry.resources)
              : addResources(entry.resources, [scalar('cpus', 1)]);
        const filter = e.refuseSeconds === null ? undefined : { refuseSeconds: e.refuseSeconds };
        const result = allocator.recover(entry.frameworkId, entry.agentId, entry.role, requested, filter, nowMs);
        // Never frees more than was allocated, and accounts for every requested unit.
        const recovered = e.part === 'half' ? requested : entry.resources;
        expect(equalResources(result.recovered, recovered)).toBe(true);
        expect(containsResources(entry.resources, result.recovered)).toBe(true);
        expect(equalResources(addResources(result.recovered, result.notAllocated), requested)).toBe(true);
        const left = subtractResources(entry.resources, result.recovered);
        const byKey = shadow.ledger.get(entry.agentId);
        const key = `${entry.frameworkId}|${entry.role}`;
        if (left.length === 0) byKey?.delete(key);
        else byKey?.set(key, left);
        const f = shadow.frameworks.get(entry.frameworkId);
        if (f !== undefined && filter !== undefined && filter.refuseSeconds > 0 && recovered.length > 0) {
          const added = { refused: recovered, untilMs: nowMs + filter.refuseSeconds * 1000 };
          f.filters.set(entry.agentId, [...(f.filters.get(entry.agentId) ?? []), added]);
        }
        break;
      }
      case 'allocate': {
        const targeted = e.agents === undefined || e.agents === null ? undefined : new Set(e.agents);
        for (const a of allocator.allocate(nowMs, targeted)) {
          if (targeted !== undefined) expect(targeted.has(a.agentId), `${a.agentId} was not named`).toBe(true);
          const agent = shadow.agents.get(a.agentId);
          const f = shadow.frameworks.get(a.frameworkId);
          expect(agent?.active).toBe(true);
          expect(f?.spec.active).toBe(true);
          if (agent === undefined || f === undefined) return;
          expect(f.spec.roles).toContain(a.role);
          expect(f.suppressed.has(a.role)).toBe(false);
          expect(withheld(f.filters.get(a.agentId), a.resources, nowMs), 'offered what a live filter refused').toBe(
            false,
          );
          // Within what is free on the agent: never beyond capacity, never twice.
          const free = subtractResources(agent.total, shadow.allocatedOn(a.agentId));
          expect(containsResources(free, a.resources)).toBe(true);
          for (const r of a.resources) {
            if (r.reservation !== undefined) expect(isRoleInSubtree(a.role, r.reservation.role)).toBe(true);
            if (r.revocable === true) expect(f.spec.capabilities).toContain('REVOCABLE_RESOURCES');
          }
          if (scalarOf(agent.total, 'gpus') > 0) expect(f.spec.capabilities).toContain('GPU_RESOURCES');
          expect(scalarOf(a.resources, 'cpus') >= MIN_CPUS || scalarOf(a.resources, 'mem') >= MIN_MEM_MB).toBe(true);
          let byKey = shadow.ledger.get(a.agentId);
          if (byKey === undefined) {
            byKey = new Map();
            shadow.ledger.set(a.agentId, byKey);
          }
          const key = `${a.frameworkId}|${a.role}`;
          byKey.set(key, addResources(byKey.get(key) ?? [], a.resources));
        }
        expectWorkConserving(shadow, nowMs, targeted);
        break;
      }
    }
    // The core's accounting equals the ledger, and never exceeds any agent's total.
    for (const view of allocator.agents()) {
      const expected = shadow.ledger.get(view.id) ?? new Map<string, Resource[]>();
      const actual = new Map(view.allocated.map((x) => [`${x.frameworkId}|${x.role}`, x.resources]));
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, resources] of expected) expect(equalResources(actual.get(key) ?? [], resources)).toBe(true);
      const allocated = shadow.allocatedOn(view.id);
      expect(containsResources(view.total, allocated)).toBe(true);
      expect(equalResources(view.available, subtractResources(view.total, allocated))).toBe(true);
    }
  }
}

describe('allocator invariants (property)', () => {
  it('holds over random clusters and event sequences', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.integer(), (events, seed) => {
        run(events, seed);
      }),
      { numRuns: 300 },
    );
  });

  it('holds when frameworks decline everything with filters and some revive', () => {
    // Setup, one cycle, every allocation declined for 60 s, revives, another cycle:
    // revived frameworks must get the agents back at once (work conservation).
    const setup = fc.tuple(
      fc.array(fc.record({ id: agentId, total: agentResources }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.record({ id: frameworkId, fields: frameworkFields }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.record({ kind: fc.constant('revive' as const), id: frameworkId, roles: fc.subarray([...ROLES]) })),
    );
    fc.assert(
      fc.property(setup, fc.integer(), ([agents, frameworks, revives], seed) => {
        const declineAll: Event[] = Array.from({ length: 30 }, () => ({
          kind: 'recover',
          pick: 0,
          part: 'all',
          refuseSeconds: 60,
        }));
        const events: Event[] = [
          ...agents.map((a): Event => ({ kind: 'addAgent', id: a.id, total: a.total, active: true })),
          ...frameworks.map((f): Event => ({ kind: 'addFramework', id: f.id, fields: { ...f.fields, active: true } })),
          { kind: 'allocate' },
          ...declineAll,
          { kind: 'advance', ms: 1000 },
          ...revives,
          { kind: 'allocate' },
        ];
        run(events, seed);
      }),
      { numRuns: 200 },
    );
  });

  it('holds for a busy cluster where every framework keeps what it gets', () => {
    // Many agents and frameworks up front, then only allocation and recovery.
    const setup = fc.tuple(
      fc.array(fc.record({ id: agentId, total: agentResources }), { minLength: 3, maxLength: 5 }),
      fc.array(fc.record({ id: frameworkId, fields: frameworkFields }), { minLength: 2, maxLength: 4 }),
    );
    const churn = fc.array(
      fc.oneof(
        allocateEvent,
        fc.record({
          kind: fc.constant('recover' as const),
          pick: fc.nat(),
          part: fc.constantFrom('all' as const, 'half' as const),
          refuseSeconds: fc.option(fc.integer({ min: 1, max: 5 })),
        }),
        fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(setup, churn, fc.integer(), ([agents, frameworks], steps, seed) => {
        const events: Event[] = [
          ...agents.map((a): Event => ({ kind: 'addAgent', id: a.id, total: a.total, active: true })),
          ...frameworks.map((f): Event => ({ kind: 'addFramework', id: f.id, fields: { ...f.fields, active: true } })),
          ...steps,
        ];
        run(events, seed);
      }),
      { numRuns: 200 },
    );
  });
});
