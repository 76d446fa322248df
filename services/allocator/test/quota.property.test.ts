/**
 * Invariants of the allocator with quota, hierarchical roles, queue policies
 * and lending, over random clusters and event sequences, checked against a
 * shadow ledger kept by the test (the master's view):
 * - never beyond capacity, nothing allocated twice (lent resources included);
 * - reserved resources only to the reservation role's subtree;
 * - no limit ever exceeded by a cycle (a role over its limit, e.g. after the
 *   limit was lowered, never grows);
 * - whenever free unreserved cpus could satisfy a guarantee of a role with an
 *   eligible framework, it is met after one cycle (after a targeted cycle,
 *   `allocate(nowMs, agentIds)`, on the agents it named; it allocates nothing
 *   elsewhere);
 * - suppressed, filtered and inactive frameworks get nothing; revocable
 *   resources only go to REVOCABLE_RESOURCES frameworks;
 * - revocations name only lent resources the framework holds, never the same
 *   resources twice while outstanding, and only when a guarantee with demand is unmet.
 */
import {
  addResources,
  containsResources,
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
  type FrameworkCapability,
  type FrameworkSpec,
  type QueuePolicy,
} from '../src/core/index.js';

const ROLES = ['a', 'a/x', 'a/y', 'b'] as const;
const AGENT_IDS = ['agent-0', 'agent-1', 'agent-2', 'agent-3'] as const;
const FRAMEWORK_IDS = ['fw-0', 'fw-1', 'fw-2', 'fw-3'] as const;
const EPS = 1e-6;

const scalar = (name: string, amount: number, extra: Partial<Resource> = {}): Resource =>
  ({ name, type: 'scalar', scalar: amount, ...extra }) as Resource;

const agentResources = fc
  .record({
    cpus: fc.integer({ min: 0, max: 8 }),
    memMb: fc.constantFrom(0, 512, 4096),
    reserved: fc.option(fc.record({ role: fc.constantFrom(...ROLES), cpus: fc.integer({ min: 1, max: 3 }) })),
    gpus: fc.boolean(),
    revocableCpus: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ cpus, memMb, reserved, gpus, revocableCpus }) => {
    const out: Resource[] = [scalar('cpus', cpus), scalar('mem', memMb)];
    if (reserved !== null)
      out.push(scalar('cpus', reserved.cpus, { reservation: { type: 'static', role: reserved.role } }));
    if (gpus) out.push(scalar('gpus', 1));
    if (revocableCpus > 0) out.push(scalar('cpus', revocableCpus, { revocable: true }));
    return addResources([], out);
  });

const frameworkFields = fc.record({
  roles: fc.subarray([...ROLES], { minLength: 1, maxLength: 2 }),
  capabilities: fc.subarray<FrameworkCapability>(['GPU_RESOURCES', 'REVOCABLE_RESOURCES']),
  suppressedRoles: fc.subarray([...ROLES], { maxLength: 1 }),
  priority: fc.integer({ min: 0, max: 2 }),
});
type FrameworkFields = typeof frameworkFields extends fc.Arbitrary<infer T> ? T : never;

type Event =
  | { kind: 'addAgent'; id: string; total: Resource[] }
  | { kind: 'removeAgent'; id: string }
  | { kind: 'addFramework'; id: string; fields: FrameworkFields }
  | { kind: 'removeFramework'; id: string }
  | { kind: 'suppress'; id: string }
  | { kind: 'revive'; id: string }
  | { kind: 'quota'; role: string; guaranteeCpus: number; guaranteeMem: number; limitCpus: number | null }
  | { kind: 'removeQuota'; role: string }
  | { kind: 'policy'; role: string; policy: QueuePolicy }
  /** `agents`: a targeted cycle on those agents (unknown IDs included); null: a full cycle. */
  | { kind: 'allocate'; agents?: readonly string[] | null }
  | { kind: 'honourRevocations' }
  | { kind: 'recover'; pick: number; refuseSeconds: number | null }
  | { kind: 'advance'; ms: number };

const role = fc.constantFrom(...ROLES);
const event: fc.Arbitrary<Event> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('addAgent' as const),
      id: fc.constantFrom(...AGENT_IDS),
      total: agentResources,
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeAgent' as const), id: fc.constantFrom(...AGENT_IDS) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('addFramework' as const),
      id: fc.constantFrom(...FRAMEWORK_IDS),
      fields: frameworkFields,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('removeFramework' as const), id: fc.constantFrom(...FRAMEWORK_IDS) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('suppress' as const), id: fc.constantFrom(...FRAMEWORK_IDS) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('revive' as const), id: fc.constantFrom(...FRAMEWORK_IDS) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('quota' as const),
      role,
      guaranteeCpus: fc.integer({ min: 0, max: 6 }),
      guaranteeMem: fc.constantFrom(0, 256, 2048),
      limitCpus: fc.option(fc.integer({ min: 0, max: 10 })),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeQuota' as const), role }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('policy' as const),
      role,
      policy: fc.constantFrom<QueuePolicy>('drf', 'fifo', 'priority'),
    }),
    weight: 1,
  },
  {
    // A full cycle, or (one time in three) a cycle targeted at a random subset of the agent IDs.
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      agents: fc.option(fc.subarray([...AGENT_IDS]), { freq: 2 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.constant<Event>({ kind: 'honourRevocations' }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('recover' as const),
      pick: fc.nat(),
      refuseSeconds: fc.option(fc.integer({ min: 1, max: 10 })),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 12_000 }) }),
    weight: 1,
  },
);

interface ShadowFramework {
  spec: FrameworkSpec;
  suppressed: Set<string>;
  /** agentId → refuse filters (what was refused, until when). */
  filters: Map<string, { refused: Resource[]; untilMs: number }[]>;
}

/** Whether a live filter on the agent refused everything in `offered` (Mesos's RefusedOfferFilter). */
function withheld(f: ShadowFramework, agentId: string, offered: Resource[], nowMs: number): boolean {
  return (f.filters.get(agentId) ?? []).some((x) => x.untilMs > nowMs && containsResources(x.refused, offered));
}

function hasLiveFilter(f: ShadowFramework, agentId: string, nowMs: number): boolean {
  return (f.filters.get(agentId) ?? []).some((x) => x.untilMs > nowMs);
}

/** The master's view: what each framework holds, and which of its revocable cpus/mem are lent. */
class Shadow {
  readonly agents = new Map<string, Resource[]>();
  readonly frameworks = new Map<string, ShadowFramework>();
  /** agentId → "fw|role" → resources held (framework view). */
  readonly held = new Map<string, Map<string, Resource[]>>();
  /** agentId → "fw|role" → kind → lent amount. */
  readonly lent = new Map<string, Map<string, Map<string, number>>>();
  /** "agent|fw|role" → kind → amount named in revocations not yet honoured. */
  readonly revoking = new Map<string, Map<string, number>>();
  readonly quotas = new Map<string, { guarantee: Map<string, number>; limit: Map<string, number> }>();

  /** What the agent holds for frameworks, lent resources in their unreserved shape. */
  usedOn(agentId: string): Resource[] {
    let sum: Resource[] = [];
    for (const [key, resources] of this.held.get(agentId) ?? []) {
      const lent = this.lent.get(agentId)?.get(key);
      for (const r of resources) {
        const lentAmount = r.type === 'scalar' && r.revocable === true ? (lent?.get(r.name) ?? 0) : 0;
        if (lentAmount > 0 && r.type === 'scalar') {
          sum = addResources(sum, [scalar(r.name, lentAmount)]);
          if (r.scalar - lentAmount > EPS)
            sum = addResources(sum, [{ ...r, scalar: Math.round((r.scalar - lentAmount) * 1000) / 1000 }]);
        } else {
          sum = addResources(sum, [r]);
        }
      }
    }
    return sum;
  }

  free(agentId: string): Resource[] {
    return subtractResources(this.agents.get(agentId) ?? [], this.usedOn(agentId));
  }

  /** Consumption of a role's subtree toward its limit: unreserved (incl. revocable) allocated + reserved. */
  consumedForLimit(roleName: string, kind: string): number {
    let sum = 0;
    for (const [agentId, byKey] of this.held) {
      for (const [key, resources] of byKey) {
        const held = key.split('|')[1] ?? '';
        if (!isRoleInSubtree(held, roleName)) continue;
        for (const r of resources)
          if (r.type === 'scalar' && r.name === kind && r.reservation === undefined) sum += r.scalar;
      }
      void agentId;
    }
    for (const total of this.agents.values()) {
      for (const r of total) {
        if (
          r.type === 'scalar' &&
          r.name === kind &&
          r.reservation !== undefined &&
          isRoleInSubtree(r.reservation.role, roleName)
        ) {
          sum += r.scalar;
        }
      }
    }
    return sum;
  }

  consumedForGuarantee(roleName: string, kind: string): number {
    let sum = this.consumedForLimit(roleName, kind);
    for (const byKey of this.held.values()) {
      for (const [key, resources] of byKey) {
        if (!isRoleInSubtree(key.split('|')[1] ?? '', roleName)) continue;
        for (const r of resources) if (r.type === 'scalar' && r.name === kind && r.revocable === true) sum -= r.scalar;
      }
    }
    return sum;
  }

  entries(): { agentId: string; key: string; resources: Resource[] }[] {
    const out = [];
    for (const [agentId, byKey] of [...this.held].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [key, resources] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)))
        out.push({ agentId, key, resources });
    }
    return out;
  }

  /** Frees `resources` held by key on the agent, lent first (as the allocator does). */
  release(agentId: string, key: string, resources: Resource[]): void {
    const byKey = this.held.get(agentId);
    const held = byKey?.get(key);
    if (byKey === undefined || held === undefined) return;
    const left = subtractResources(held, resources);
    if (left.length === 0) byKey.delete(key);
    else byKey.set(key, left);
    const lent = this.lent.get(agentId)?.get(key);
    const revoking = this.revoking.get(`${agentId}|${key}`);
    for (const r of resources) {
      if (r.type !== 'scalar' || r.revocable !== true || lent === undefined) continue;
      const back = Math.min(r.scalar, lent.get(r.name) ?? 0);
      lent.set(r.name, Math.round(((lent.get(r.name) ?? 0) - back) * 1000) / 1000);
      if (revoking !== undefined) revoking.set(r.name, Math.min(revoking.get(r.name) ?? 0, lent.get(r.name) ?? 0));
    }
  }
}

function run(events: Event[], seed: number, placement: 'shuffle' | 'binpack'): void {
  const allocator = new Allocator({ random: mulberry32(seed), placement });
  const shadow = new Shadow();
  let nowMs = 1_700_000_000_000;
  let sequence = 0;
  let pendingRevocations: ReturnType<Allocator['takeRevocations']> = [];

  for (const e of events) {
    switch (e.kind) {
      case 'addAgent':
        if (shadow.agents.has(e.id)) break;
        allocator.addAgent({ id: e.id, hostname: e.id, total: e.total, attributes: [], active: true, allocated: [] });
        shadow.agents.set(e.id, e.total);
        break;
      case 'removeAgent':
        allocator.removeAgent(e.id);
        shadow.agents.delete(e.id);
        shadow.held.delete(e.id);
        shadow.lent.delete(e.id);
        for (const key of [...shadow.revoking.keys()]) if (key.startsWith(`${e.id}|`)) shadow.revoking.delete(key);
        pendingRevocations = pendingRevocations.filter((r) => r.agentId !== e.id);
        for (const f of shadow.frameworks.values()) f.filters.delete(e.id);
        break;
      case 'addFramework': {
        if (shadow.frameworks.has(e.id)) break;
        const spec: FrameworkSpec = {
          id: e.id,
          name: e.id,
          active: true,
          subscriptionSequence: ++sequence,
          ...e.fields,
        };
        allocator.addFramework(spec);
        shadow.frameworks.set(e.id, { spec, suppressed: new Set(spec.suppressedRoles), filters: new Map() });
        break;
      }
      case 'removeFramework':
        allocator.removeFramework(e.id);
        shadow.frameworks.delete(e.id);
        for (const [agentId, byKey] of shadow.held) {
          for (const key of [...byKey.keys()]) {
            if (!key.startsWith(`${e.id}|`)) continue;
            byKey.delete(key);
            shadow.lent.get(agentId)?.delete(key);
            shadow.revoking.delete(`${agentId}|${key}`);
          }
        }
        pendingRevocations = pendingRevocations.filter((r) => r.frameworkId !== e.id);
        break;
      case 'suppress': {
        const f = shadow.frameworks.get(e.id);
        if (f === undefined) break;
        allocator.suppress(e.id, []);
        for (const r of f.spec.roles) f.suppressed.add(r);
        break;
      }
      case 'revive': {
        const f = shadow.frameworks.get(e.id);
        if (f === undefined) break;
        allocator.revive(e.id, []);
        f.suppressed.clear();
        f.filters.clear();
        break;
      }
      case 'quota': {
        const guarantee: Resource[] = [];
        if (e.guaranteeCpus > 0) guarantee.push(scalar('cpus', e.guaranteeCpus));
        if (e.guaranteeMem > 0) guarantee.push(scalar('mem', e.guaranteeMem));
        const limit = e.limitCpus === null ? [] : [scalar('cpus', e.limitCpus)];
        try {
          allocator.setQuota({ role: e.role, guarantee, limit });
        } catch {
          break; // refused (e.g. a limit below a guarantee in the hierarchy): nothing changed
        }
        if (guarantee.length === 0 && limit.length === 0) shadow.quotas.delete(e.role);
        else
          shadow.quotas.set(e.role, {
            guarantee: new Map(guarantee.map((r) => [r.name, r.type === 'scalar' ? r.scalar : 0])),
            limit: new Map(limit.map((r) => [r.name, r.type === 'scalar' ? r.scalar : 0])),
          });
        break;
      }
      case 'removeQuota':
        allocator.removeQuota(e.role);
        shadow.quotas.delete(e.role);
        break;
      case 'policy':
        allocator.setPolicy(e.role, e.policy);
        break;
      case 'advance':
        nowMs += e.ms;
        break;
      case 'recover': {
        const entries = shadow.entries();
        const entry = entries[e.pick % Math.max(1, entries.length)];
        if (entry === undefined) break;
        const [frameworkId = '', roleName = ''] = entry.key.split('|');
        const filter = e.refuseSeconds === null ? undefined : { refuseSeconds: e.refuseSeconds };
        allocator.recover(frameworkId, entry.agentId, roleName, entry.resources, filter, nowMs);
        shadow.release(entry.agentId, entry.key, entry.resources);
        pendingRevocations = pendingRevocations.filter(
          (r) => !(r.agentId === entry.agentId && r.frameworkId === frameworkId && r.role === roleName),
        );
        const f = shadow.frameworks.get(frameworkId);
        if (f !== undefined && filter !== undefined && filter.refuseSeconds > 0 && entry.resources.length > 0) {
          const added = { refused: entry.resources, untilMs: nowMs + filter.refuseSeconds * 1000 };
          f.filters.set(entry.agentId, [...(f.filters.get(entry.agentId) ?? []), added]);
        }
        break;
      }
      case 'honourRevocations':
        // The master kills the borrowers' tasks and recovers exactly the revoked resources.
        for (const r of pendingRevocations) {
          const key = `${r.frameworkId}|${r.role}`;
          const held = shadow.held.get(r.agentId)?.get(key) ?? [];
          const toRecover = r.resources.filter((x) => containsResources(held, [x]));
          allocator.recover(r.frameworkId, r.agentId, r.role, toRecover, undefined, nowMs);
          shadow.release(r.agentId, key, toRecover);
        }
        pendingRevocations = [];
        break;
      case 'allocate': {
        const limitBefore = new Map<string, number>();
        for (const [roleName, q] of shadow.quotas) {
          if (q.limit.has('cpus')) limitBefore.set(roleName, shadow.consumedForLimit(roleName, 'cpus'));
        }
        const targeted = e.agents === undefined || e.agents === null ? undefined : new Set(e.agents);
        const allocations = allocator.allocate(nowMs, targeted);
        for (const a of allocations) {
          if (targeted !== undefined) expect(targeted.has(a.agentId), `${a.agentId} was not named`).toBe(true);
          const f = shadow.frameworks.get(a.frameworkId);
          expect(f, 'known framework').toBeDefined();
          expect(shadow.agents.has(a.agentId)).toBe(true);
          if (f === undefined) return;
          expect(f.spec.roles).toContain(a.role);
          expect(f.suppressed.has(a.role)).toBe(false);
          expect(withheld(f, a.agentId, a.resources, nowMs), 'offered what a live filter refused').toBe(false);
          const total = shadow.agents.get(a.agentId) ?? [];
          if (scalarOf(total, 'gpus') > 0) expect(f.spec.capabilities).toContain('GPU_RESOURCES');
          // Capacity: non-revocable parts within what is free; revocable ones within free native
          // revocable plus free unreserved (lent), per kind.
          const free = shadow.free(a.agentId);
          const plain = a.resources.filter((r) => r.revocable !== true);
          expect(containsResources(free, plain), `${a.frameworkId}@${a.agentId} beyond capacity`).toBe(true);
          const key = `${a.frameworkId}|${a.role}`;
          let lentMap = shadow.lent.get(a.agentId);
          if (lentMap === undefined) {
            lentMap = new Map();
            shadow.lent.set(a.agentId, lentMap);
          }
          for (const r of a.resources) {
            if (r.reservation !== undefined) expect(isRoleInSubtree(a.role, r.reservation.role)).toBe(true);
            if (r.revocable !== true || r.type !== 'scalar') continue;
            expect(f.spec.capabilities).toContain('REVOCABLE_RESOURCES');
            const native = free.filter((x) => x.revocable === true && x.name === r.name);
            const nativeFree = scalarOf(native, r.name);
            const unreservedFree = scalarOf(
              free.filter((x) => x.revocable !== true && x.reservation === undefined),
              r.name,
            );
            const plainTaken = scalarOf(
              plain.filter((x) => x.reservation === undefined),
              r.name,
            );
            const lentPart = Math.max(0, Math.round((r.scalar - nativeFree) * 1000) / 1000);
            expect(lentPart <= unreservedFree - plainTaken + EPS, 'lent beyond free unreserved').toBe(true);
            if (lentPart > 0) {
              let byKind = lentMap.get(key);
              if (byKind === undefined) {
                byKind = new Map();
                lentMap.set(key, byKind);
              }
              byKind.set(r.name, Math.round(((byKind.get(r.name) ?? 0) + lentPart) * 1000) / 1000);
            }
          }
          let byKey = shadow.held.get(a.agentId);
          if (byKey === undefined) {
            byKey = new Map();
            shadow.held.set(a.agentId, byKey);
          }
          byKey.set(key, addResources(byKey.get(key) ?? [], a.resources));
        }
        // Never beyond any agent's capacity.
        for (const [agentId, total] of shadow.agents)
          expect(containsResources(total, shadow.usedOn(agentId))).toBe(true);
        // No limit exceeded by this cycle (including every ancestor's).
        for (const [roleName, before] of limitBefore) {
          const limit = shadow.quotas.get(roleName)?.limit.get('cpus') ?? Infinity;
          const after = shadow.consumedForLimit(roleName, 'cpus');
          if (after > limit + EPS)
            expect(after, `role ${roleName} grew past its limit`).toBeLessThanOrEqual(before + EPS);
        }
        // Guarantees: whenever free unreserved cpus could have met one, it is met.
        for (const [roleName, q] of shadow.quotas) {
          const guaranteed = q.guarantee.get('cpus') ?? 0;
          const unmet = guaranteed - shadow.consumedForGuarantee(roleName, 'cpus');
          if (unmet < 0.01) continue;
          // A role at a limit (its own, or an ancestor's) cannot take more.
          const atLimit = (r: string) =>
            [...shadow.quotas].some(
              ([other, oq]) =>
                isRoleInSubtree(r, other) &&
                (oq.limit.get('cpus') ?? Infinity) - shadow.consumedForLimit(other, 'cpus') < 0.01,
            );
          for (const f of shadow.frameworks.values()) {
            const eligibleRoles = f.spec.roles.filter(
              (r) => isRoleInSubtree(r, roleName) && !f.suppressed.has(r) && !atLimit(r),
            );
            if (eligibleRoles.length === 0) continue;
            for (const [agentId, total] of shadow.agents) {
              if (targeted !== undefined && !targeted.has(agentId)) continue;
              // NOTE: what the cycle would offer under quota is the role's cut, which this ledger does not
              // compute; a framework with any live filter on the agent is left out of this check.
              if (hasLiveFilter(f, agentId, nowMs)) continue;
              if (scalarOf(total, 'gpus') > 0 && !f.spec.capabilities.includes('GPU_RESOURCES')) continue;
              const freeCpus = scalarOf(
                shadow.free(agentId).filter((r) => r.reservation === undefined && r.revocable !== true),
                'cpus',
              );
              expect(
                freeCpus < 0.01,
                `guarantee of ${roleName} unmet by ${unmet} with ${freeCpus} cpus free on ${agentId} for ${f.spec.id}`,
              ).toBe(true);
            }
          }
        }
        // Revocations: only lent resources held, never twice while outstanding.
        const revocations = allocator.takeRevocations();
        for (const r of revocations) {
          const key = `${r.frameworkId}|${r.role}`;
          const lent = shadow.lent.get(r.agentId)?.get(key);
          const outstanding = shadow.revoking.get(`${r.agentId}|${key}`) ?? new Map<string, number>();
          for (const x of r.resources) {
            expect(x.revocable).toBe(true);
            if (x.type !== 'scalar') continue;
            const available = (lent?.get(x.name) ?? 0) - (outstanding.get(x.name) ?? 0);
            expect(
              x.scalar <= available + EPS,
              `revoked ${x.name}:${x.scalar} of ${available} lent and not yet revoked`,
            ).toBe(true);
            outstanding.set(x.name, (outstanding.get(x.name) ?? 0) + x.scalar);
          }
          shadow.revoking.set(`${r.agentId}|${key}`, outstanding);
        }
        pendingRevocations.push(...revocations);
        break;
      }
    }
  }
}

describe('allocator invariants with quota, hierarchy, policies and lending (property)', () => {
  it.each(['shuffle', 'binpack'] as const)('holds over random clusters and event sequences (%s)', (placement) => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 10, maxLength: 60, size: 'max' }), fc.integer(), (events, seed) => {
        run(events, seed, placement);
      }),
      { numRuns: 150 },
    );
  });

  it('holds when idle guarantees are lent, then their owners revive and the master honours revocations', () => {
    // Guarantees on idle roles (every framework suppressed at first), a cycle that lends, all revive,
    // cycles with revocations, the master recovering what was revoked, and more cycles.
    const setup = fc.tuple(
      fc.array(fc.record({ id: fc.constantFrom(...AGENT_IDS), total: agentResources }), { minLength: 2, maxLength: 4 }),
      fc.array(
        fc.record({
          role,
          guaranteeCpus: fc.integer({ min: 1, max: 8 }),
          guaranteeMem: fc.constantFrom(0, 256),
          limitCpus: fc.constant(null),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fc.array(
        fc.record({
          id: fc.constantFrom(...FRAMEWORK_IDS),
          fields: frameworkFields.map((f) => ({ ...f, suppressedRoles: f.roles.slice(0, 1) })),
        }),
        { minLength: 2, maxLength: 4 },
      ),
    );
    fc.assert(
      fc.property(setup, fc.integer(), ([agents, quotas, frameworks], seed) => {
        const events: Event[] = [
          ...agents.map((a): Event => ({ kind: 'addAgent', id: a.id, total: a.total })),
          ...quotas.map((q): Event => ({ kind: 'quota', ...q })),
          ...frameworks.map((f): Event => ({ kind: 'addFramework', id: f.id, fields: f.fields })),
          { kind: 'allocate' },
          ...FRAMEWORK_IDS.map((id): Event => ({ kind: 'revive', id })),
          { kind: 'allocate' },
          { kind: 'allocate' },
          { kind: 'honourRevocations' },
          { kind: 'allocate' },
          { kind: 'honourRevocations' },
          { kind: 'allocate' },
        ];
        run(events, seed, 'binpack');
      }),
      { numRuns: 300 },
    );
  });

  it('holds when guarantees are set first and frameworks come and go', () => {
    const setup = fc.tuple(
      fc.array(fc.record({ id: fc.constantFrom(...AGENT_IDS), total: agentResources }), { minLength: 2, maxLength: 4 }),
      fc.array(
        fc.record({
          role,
          guaranteeCpus: fc.integer({ min: 1, max: 6 }),
          guaranteeMem: fc.constant(0),
          limitCpus: fc.constant(null),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fc.array(event, { maxLength: 40, size: 'max' }),
    );
    fc.assert(
      fc.property(setup, fc.integer(), ([agents, quotas, rest], seed) => {
        const events: Event[] = [
          ...agents.map((a): Event => ({ kind: 'addAgent', id: a.id, total: a.total })),
          ...quotas.map((q): Event => ({ kind: 'quota', ...q })),
          ...rest,
        ];
        run(events, seed, 'shuffle');
      }),
      { numRuns: 200 },
    );
  });
});
