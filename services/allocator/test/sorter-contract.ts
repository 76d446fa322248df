/**
 * The contract every `Sorter` implementation must pass: the queue policies
 * (DRF, FIFO, priority) and the hierarchical DRF sorter over roles. It checks
 * bookkeeping and ordering properties that hold whatever the policy;
 * policy-specific orders are tested in sorters.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResourcePool, type Sorter, type SorterFactory } from '../src/core/index.js';

const q = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

/**
 * @param create an empty sorter with a pool of its own.
 * @param createOnPool an empty sorter measuring shares against a shared pool.
 */
export function describeSorterContract(
  name: string,
  create: SorterFactory,
  createOnPool: (pool: ResourcePool) => Sorter,
): void {
  describe(`Sorter contract: ${name}`, () => {
    it('starts empty', () => {
      const sorter = create();
      expect(sorter.size).toBe(0);
      expect(sorter.sort()).toEqual([]);
    });

    it('adds idempotently, keeping the allocation', () => {
      const sorter = create();
      sorter.addTotal(q({ cpus: 10 }));
      sorter.add('a');
      sorter.allocated('a', q({ cpus: 2 }));
      sorter.add('a');
      expect(sorter.size).toBe(1);
      expect(sorter.contains('a')).toBe(true);
      expect(Object.fromEntries(sorter.allocation('a'))).toEqual({ cpus: 2 });
    });

    it('removes idempotently and forgets the allocation', () => {
      const sorter = create();
      sorter.add('a');
      sorter.allocated('a', q({ cpus: 2 }));
      sorter.remove('a');
      sorter.remove('a');
      sorter.remove('never-added');
      expect(sorter.contains('a')).toBe(false);
      expect(sorter.size).toBe(0);
      sorter.add('a');
      expect(sorter.allocation('a').size).toBe(0);
    });

    it('sorts every client exactly once', () => {
      const sorter = create();
      sorter.addTotal(q({ cpus: 10, mem: 100 }));
      for (const id of ['c', 'a', 'b', 'd']) sorter.add(id);
      sorter.allocated('b', q({ cpus: 3 }));
      sorter.allocated('d', q({ mem: 50 }));
      expect([...sorter.sort()].sort()).toEqual(['a', 'b', 'c', 'd']);
    });

    it('orders otherwise-equal clients by tie-break, then by id', () => {
      const sorter = create();
      sorter.add('b', { tieBreak: 1 });
      sorter.add('a', { tieBreak: 2 });
      sorter.add('d', { tieBreak: 0 });
      sorter.add('c', { tieBreak: 0 });
      expect(sorter.sort()).toEqual(['c', 'd', 'b', 'a']);
      sorter.add('a', { tieBreak: -1 }); // re-adding updates options
      expect(sorter.sort()).toEqual(['a', 'c', 'd', 'b']);
    });

    it('ranks equal clients by priority only if the policy says so, and re-adding updates it', () => {
      // Whatever the policy, re-adding with other options keeps one entry per client.
      const sorter = create();
      sorter.add('a', { tieBreak: 1, priority: 0 });
      sorter.add('b', { tieBreak: 2, priority: 0 });
      sorter.add('b', { tieBreak: 2, priority: 5 });
      expect([...sorter.sort()].sort()).toEqual(['a', 'b']);
      expect(sorter.size).toBe(2);
    });

    it('re-ranks when a shared pool changes elsewhere', () => {
      // a holds 4 cpus, b 30 mem. Pool cpus:10;mem:100 → a 0.4, b 0.3: b first under DRF.
      // Pool grows by cpus:30 → a 0.1, b 0.3: a first. Whatever the policy, order() equals sort().
      const pool = new ResourcePool();
      const sorter = createOnPool(pool);
      pool.change(q({ cpus: 10, mem: 100 }), 1);
      sorter.add('a');
      sorter.add('b');
      sorter.allocated('a', q({ cpus: 4 }));
      sorter.allocated('b', q({ mem: 30 }));
      const before = [...sorter.sort()];
      expect(sorter.share('a')).toBeCloseTo(0.4, 9);
      pool.change(q({ cpus: 30 }), 1);
      expect(sorter.share('a')).toBeCloseTo(0.1, 9);
      expect([...sorter.order()]).toEqual([...sorter.sort()]);
      expect(before).toHaveLength(2);
    });

    it('returns an order that later changes do not mutate', () => {
      const sorter = create();
      sorter.addTotal(q({ cpus: 10 }));
      sorter.add('a');
      sorter.add('b');
      const before = sorter.sort();
      const copy = [...before];
      sorter.allocated('a', q({ cpus: 9 }));
      sorter.add('c');
      sorter.remove('b');
      expect(before).toEqual(copy);
    });

    it('refuses allocations to unknown clients and ignores their recoveries', () => {
      const sorter = create();
      expect(() => sorter.allocated('ghost', q({ cpus: 1 }))).toThrow();
      expect(() => sorter.unallocated('ghost', q({ cpus: 1 }))).not.toThrow();
      expect(sorter.allocation('ghost').size).toBe(0);
      expect(sorter.share('ghost')).toBe(0);
    });

    it('never lets an allocation or the pool go below zero', () => {
      const sorter = create();
      sorter.addTotal(q({ cpus: 4 }));
      sorter.add('a');
      sorter.allocated('a', q({ cpus: 1, mem: 10 }));
      sorter.unallocated('a', q({ cpus: 5, mem: 5 }));
      // 1 - 5 clamps to 0 (dropped); 10 - 5 = 5.
      expect(Object.fromEntries(sorter.allocation('a'))).toEqual({ mem: 5 });
      sorter.removeTotal(q({ cpus: 100 }));
      expect(Number.isFinite(sorter.share('a'))).toBe(true);
    });

    it('keeps weights (default 1) across remove and add, and refuses bad ones', () => {
      const sorter = create();
      expect(sorter.weight('a')).toBe(1);
      sorter.setWeight('a', 3);
      sorter.add('a');
      sorter.remove('a');
      sorter.add('a');
      expect(sorter.weight('a')).toBe(3);
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => sorter.setWeight('a', bad)).toThrow();
      }
      expect(sorter.weight('a')).toBe(3);
    });

    it('is deterministic and its shares stay finite and non-negative under any sequence of calls', () => {
      const op = fc.oneof(
        fc.record({
          kind: fc.constant('add' as const),
          id: fc.constantFrom('a', 'b', 'c'),
          tie: fc.integer({ min: 0, max: 3 }),
        }),
        fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c') }),
        fc.record({
          kind: fc.constant('alloc' as const),
          id: fc.constantFrom('a', 'b', 'c'),
          cpus: fc.integer({ min: 0, max: 8 }),
        }),
        fc.record({
          kind: fc.constant('free' as const),
          id: fc.constantFrom('a', 'b', 'c'),
          cpus: fc.integer({ min: 0, max: 8 }),
        }),
        fc.record({ kind: fc.constant('total' as const), cpus: fc.integer({ min: -8, max: 8 }) }),
        fc.record({
          kind: fc.constant('weight' as const),
          id: fc.constantFrom('a', 'b', 'c'),
          weight: fc.integer({ min: 1, max: 4 }),
        }),
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
          const run = (sorter: Sorter) => {
            for (const o of ops) {
              switch (o.kind) {
                case 'add':
                  sorter.add(o.id, { tieBreak: o.tie });
                  break;
                case 'remove':
                  sorter.remove(o.id);
                  break;
                case 'alloc':
                  if (sorter.contains(o.id)) sorter.allocated(o.id, q({ cpus: o.cpus, mem: o.cpus * 10 }));
                  break;
                case 'free':
                  sorter.unallocated(o.id, q({ cpus: o.cpus }));
                  break;
                case 'total':
                  if (o.cpus >= 0) sorter.addTotal(q({ cpus: o.cpus, mem: o.cpus * 100 }));
                  else sorter.removeTotal(q({ cpus: -o.cpus }));
                  break;
                case 'weight':
                  sorter.setWeight(o.id, o.weight);
                  break;
              }
              for (const id of ['a', 'b', 'c']) {
                const share = sorter.share(id);
                if (!(Number.isFinite(share) && share >= 0)) return undefined;
              }
              // The live order always equals a fresh copy, and holds every client once.
              const live = [...sorter.order()];
              if (JSON.stringify(live) !== JSON.stringify(sorter.sort())) return undefined;
              if (new Set(live).size !== sorter.size) return undefined;
            }
            return sorter.sort();
          };
          const first = run(create());
          const second = run(create());
          expect(first).toBeDefined();
          expect(first).toEqual(second);
        }),
      );
    });
  });
}
