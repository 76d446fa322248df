/**
 * Invariants of placement constraints, placing N instances greedily over random
 * agents: at each step the first agent (in a fixed random order) where every
 * constraint holds gets the instance; agents have room for any number of them.
 * - UNIQUE never places two on one host, and fills every host before stopping;
 * - GROUP_BY keeps the counts of the values within one of each other (told the
 *   agents it knows, or the number of values);
 * - MAX_PER never exceeds its value, and places as many as it allows;
 * - CLUSTER without a value places everything on one value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraintHolds, fieldValue, type AgentFields, type Constraint } from '../src/index.js';
import { agent } from './fixtures.js';

const RACKS = ['r0', 'r1', 'r2', 'r3', 'r4'] as const;

/** 1 to 12 agents with unique hostnames; each in a rack, or (sometimes) without the attribute. */
const agents: fc.Arbitrary<AgentFields[]> = fc
  .array(fc.option(fc.constantFrom(...RACKS), { freq: 6 }), { minLength: 1, maxLength: 12 })
  .map((racks) => racks.map((rack, index) => agent(`host-${index}`, rack === null ? '' : `rack:${rack}`)));

/** Places up to `count` instances greedily; returns where they went, in order. */
function placeGreedily(
  constraints: readonly Constraint[],
  candidates: readonly AgentFields[],
  count: number,
  knownAgents: readonly AgentFields[] = [],
): AgentFields[] {
  const placed: AgentFields[] = [];
  for (let i = 0; i < count; i++) {
    const chosen = candidates.find((candidate) =>
      constraints.every((c) => constraintHolds(c, candidate, { placed, knownAgents })),
    );
    if (chosen === undefined) break;
    placed.push(chosen);
  }
  return placed;
}

/** Instances per rack, for every rack some agent is in (0 where none was placed). */
function countsPerRack(candidates: readonly AgentFields[], placed: readonly AgentFields[]): number[] {
  const racks = new Set(candidates.map((a) => fieldValue(a, 'rack')).filter((r) => r !== undefined));
  return [...racks].map((rack) => placed.filter((a) => fieldValue(a, 'rack') === rack).length);
}

const spread = (counts: number[]) => (counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts));

describe('placement constraints (property)', () => {
  it('UNIQUE hostname never places two instances on one host, and uses every host', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 20 }), (candidates, count) => {
        const placed = placeGreedily([{ field: 'hostname', operator: 'UNIQUE' }], candidates, count);
        const hosts = placed.map((a) => a.hostname);
        expect(new Set(hosts).size).toBe(hosts.length);
        expect(placed.length).toBe(Math.min(count, candidates.length));
      }),
    );
  });

  it('GROUP_BY, told the agents it knows, keeps the counts of all values within one', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 30 }), (candidates, count) => {
        const placed = placeGreedily([{ field: 'rack', operator: 'GROUP_BY' }], candidates, count, candidates);
        const counts = countsPerRack(candidates, placed);
        expect(spread(counts)).toBeLessThanOrEqual(1);
        // It never stops while an agent with the attribute exists.
        expect(placed.length).toBe(counts.length === 0 ? 0 : count);
      }),
    );
  });

  it('GROUP_BY, told the number of values, keeps the counts of all values within one', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 30 }), (candidates, count) => {
        const values = new Set(candidates.map((a) => fieldValue(a, 'rack')).filter((r) => r !== undefined));
        fc.pre(values.size > 0);
        const groupBy: Constraint = { field: 'rack', operator: 'GROUP_BY', value: String(values.size) };
        const placed = placeGreedily([groupBy], candidates, count);
        expect(spread(countsPerRack(candidates, placed))).toBeLessThanOrEqual(1);
        expect(placed.length).toBe(count);
      }),
    );
  });

  it('MAX_PER never places more than its value per field value, and places all it allows', () => {
    fc.assert(
      fc.property(
        agents,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 30 }),
        (candidates, most, count) => {
          const maxPer: Constraint = { field: 'rack', operator: 'MAX_PER', value: String(most) };
          const placed = placeGreedily([maxPer], candidates, count);
          const counts = countsPerRack(candidates, placed);
          for (const n of counts) expect(n).toBeLessThanOrEqual(most);
          expect(placed.length).toBe(Math.min(count, most * counts.length));
        },
      ),
    );
  });

  it('CLUSTER without a value places every instance on the value of the first', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 20 }), (candidates, count) => {
        const placed = placeGreedily([{ field: 'rack', operator: 'CLUSTER' }], candidates, count);
        expect(new Set(placed.map((a) => fieldValue(a, 'rack'))).size).toBeLessThanOrEqual(1);
        expect(placed.every((a) => fieldValue(a, 'rack') !== undefined)).toBe(true);
      }),
    );
  });

  it('UNIQUE and GROUP_BY together: one per host, and the racks stay within one', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 20 }), (candidates, count) => {
        const both: Constraint[] = [
          { field: 'hostname', operator: 'UNIQUE' },
          { field: 'rack', operator: 'GROUP_BY' },
        ];
        const placed = placeGreedily(both, candidates, count, candidates);
        const hosts = placed.map((a) => a.hostname);
        expect(new Set(hosts).size).toBe(hosts.length);
        // Within one over all racks, even when that means stopping early: a rack whose
        // hosts are all taken holds the fewest, and the others wait for it (as in Marathon).
        expect(spread(countsPerRack(candidates, placed))).toBeLessThanOrEqual(1);
      }),
    );
  });
});
