import { describe, expect, it } from 'vitest';
import {
  DrfSorter,
  FifoSorter,
  HierarchicalDrfSorter,
  PrioritySorter,
  ResourcePool,
  type Sorter,
} from '../src/core/index.js';
import { describeSorterContract } from './sorter-contract.js';

const excludeResourceNames = ['gpus'];
describeSorterContract(
  'DrfSorter',
  () => new DrfSorter({ excludeResourceNames }),
  (pool) => new DrfSorter({ excludeResourceNames, pool }),
);
describeSorterContract(
  'FifoSorter',
  () => new FifoSorter({ excludeResourceNames }),
  (pool) => new FifoSorter({ excludeResourceNames, pool }),
);
describeSorterContract(
  'PrioritySorter',
  () => new PrioritySorter({ excludeResourceNames }),
  (pool) => new PrioritySorter({ excludeResourceNames, pool }),
);
describeSorterContract(
  'HierarchicalDrfSorter',
  () => new HierarchicalDrfSorter({ excludeResourceNames }),
  (pool) => new HierarchicalDrfSorter({ excludeResourceNames, pool }),
);

const q = (entries: Record<string, number | undefined>): Map<string, number> =>
  new Map(Object.entries(entries).filter((e): e is [string, number] => e[1] !== undefined));

function load(
  sorter: Sorter,
  total: Record<string, number>,
  clients: Record<string, { allocation?: Record<string, number>; tieBreak?: number; priority?: number }>,
  weights: Record<string, number> = {},
): Sorter {
  sorter.addTotal(q(total));
  for (const [id, client] of Object.entries(clients)) {
    sorter.add(id, { tieBreak: client.tieBreak ?? 0, priority: client.priority ?? 0 });
    if (client.allocation !== undefined) sorter.allocated(id, q(client.allocation));
  }
  for (const [id, weight] of Object.entries(weights)) sorter.setWeight(id, weight);
  return sorter;
}

/** One row of the DRF order table: quantities by resource name. */
interface DrfRow {
  name: string;
  total: Record<string, number>;
  allocations: Record<string, Record<string, number>>;
  weights: Record<string, number>;
  order: string[];
  shares: Record<string, number>;
}

describe('DrfSorter order', () => {
  it.each<DrfRow>([
    {
      name: 'dominant share decides',
      // a: max(2/10 cpus, 10/100 mem) = 0.2; b: max(1/10, 30/100) = 0.3 → a first.
      total: { cpus: 10, mem: 100 },
      allocations: { a: { cpus: 2, mem: 10 }, b: { cpus: 1, mem: 30 } },
      weights: {},
      order: ['a', 'b'],
      shares: { a: 0.2, b: 0.3 },
    },
    {
      name: 'weight divides the share',
      // a: 0.2 / 1 = 0.2; b: 0.3 / 2 = 0.15 → b first.
      total: { cpus: 10, mem: 100 },
      allocations: { a: { cpus: 2, mem: 10 }, b: { cpus: 1, mem: 30 } },
      weights: { b: 2 },
      order: ['b', 'a'],
      shares: { a: 0.2, b: 0.3 },
    },
    {
      name: 'excluded kinds (gpus) do not count',
      // a: gpus excluded, cpus 1/10 = 0.1; b: cpus 2/10 = 0.2 → a first despite holding every GPU.
      total: { cpus: 10, gpus: 2 },
      allocations: { a: { cpus: 1, gpus: 2 }, b: { cpus: 2 } },
      weights: {},
      order: ['a', 'b'],
      shares: { a: 0.1, b: 0.2 },
    },
    {
      name: 'kinds the pool lacks do not count',
      // disk has no total: a = cpus 3/10 = 0.3, b = cpus 1/10 = 0.1.
      total: { cpus: 10 },
      allocations: { a: { cpus: 3 }, b: { cpus: 1, disk: 500 } },
      weights: {},
      order: ['b', 'a'],
      shares: { a: 0.3, b: 0.1 },
    },
  ])('$name', ({ total, allocations, weights, order, shares }) => {
    const clients = Object.fromEntries(Object.entries(allocations).map(([id, allocation]) => [id, { allocation }]));
    const sorter = load(new DrfSorter({ excludeResourceNames }), total, clients, weights);
    expect(sorter.sort()).toEqual(order);
    for (const [id, share] of Object.entries(shares)) expect(sorter.share(id)).toBeCloseTo(share, 9);
  });

  it('re-sorts after the pool changes', () => {
    const sorter = new DrfSorter();
    sorter.addTotal(q({ cpus: 10, mem: 100 }));
    sorter.add('cpu-heavy');
    sorter.add('mem-heavy');
    sorter.allocated('cpu-heavy', q({ cpus: 4 })); // 4/10 = 0.4
    sorter.allocated('mem-heavy', q({ mem: 30 })); // 30/100 = 0.3
    expect(sorter.sort()).toEqual(['mem-heavy', 'cpu-heavy']);
    sorter.addTotal(q({ cpus: 30 })); // cpus pool 40: 4/40 = 0.1 < 0.3
    expect(sorter.sort()).toEqual(['cpu-heavy', 'mem-heavy']);
  });

  it('moves one client at a time as allocations change, like a full sort would', () => {
    // 50 clients, allocations in a fixed pseudo-random pattern; after each change the
    // incremental order equals sorting by (share, tie-break, id) from scratch.
    const sorter = new DrfSorter();
    sorter.addTotal(q({ cpus: 1000, mem: 100_000 }));
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    for (const [i, id] of ids.entries()) sorter.add(id, { tieBreak: i % 7 });
    for (let step = 0; step < 500; step++) {
      const id = ids[(step * 37) % ids.length] as string;
      if (step % 5 === 4) sorter.unallocated(id, q({ cpus: 3 }));
      else sorter.allocated(id, q({ cpus: step % 4, mem: (step % 9) * 100 }));
      const expected = [...ids].sort(
        (a, b) =>
          sorter.share(a) - sorter.share(b) ||
          (ids.indexOf(a) % 7) - (ids.indexOf(b) % 7) ||
          (a < b ? -1 : a > b ? 1 : 0),
      );
      expect(sorter.order()).toEqual(expected);
    }
  });
});

describe('FifoSorter order', () => {
  it('orders by subscription (tie-break) whatever the shares', () => {
    // first holds 90% of the cpus and still comes first: FIFO ignores shares.
    const sorter = load(
      new FifoSorter(),
      { cpus: 10 },
      {
        second: { tieBreak: 2 },
        first: { tieBreak: 1, allocation: { cpus: 9 } },
        third: { tieBreak: 3 },
      },
    );
    expect(sorter.sort()).toEqual(['first', 'second', 'third']);
    expect(sorter.share('first')).toBeCloseTo(0.9, 9);
  });
});

describe('PrioritySorter order', () => {
  it('orders by priority (higher first), then by DRF among equals, then by tie-break', () => {
    // high (priority 5) first despite share 0.5; among priority 0: low-b share 0.1 < low-a share 0.2;
    // low-c and low-d tie at share 0 with priority -1: tie-break decides.
    const sorter = load(
      new PrioritySorter(),
      { cpus: 10 },
      {
        'low-a': { priority: 0, allocation: { cpus: 2 } },
        'low-b': { priority: 0, allocation: { cpus: 1 } },
        high: { priority: 5, allocation: { cpus: 5 } },
        'low-d': { priority: -1, tieBreak: 2 },
        'low-c': { priority: -1, tieBreak: 1 },
      },
    );
    expect(sorter.sort()).toEqual(['high', 'low-b', 'low-a', 'low-c', 'low-d']);
  });

  it('moves a client when its priority changes', () => {
    const sorter = load(new PrioritySorter(), { cpus: 10 }, { a: { priority: 1 }, b: { priority: 0 } });
    expect(sorter.sort()).toEqual(['a', 'b']);
    sorter.add('b', { priority: 2 });
    expect(sorter.sort()).toEqual(['b', 'a']);
  });
});

describe('HierarchicalDrfSorter order', () => {
  it('compares siblings by their subtree share at each level', () => {
    // Pool 100 cpus. eng/ml 30, eng/web 5 → eng subtree 35; ops 20; sales 0.
    // Top level: sales 0 < ops 0.2 < eng 0.35. Inside eng: web 0.05 < ml 0.3.
    const sorter = load(
      new HierarchicalDrfSorter(),
      { cpus: 100 },
      {
        'eng/ml': { allocation: { cpus: 30 } },
        'eng/web': { allocation: { cpus: 5 } },
        ops: { allocation: { cpus: 20 } },
        sales: {},
      },
    );
    expect(sorter.sort()).toEqual(['sales', 'ops', 'eng/web', 'eng/ml']);
    expect((sorter as HierarchicalDrfSorter).subtreeShare('eng')).toBeCloseTo(0.35, 9);
    expect(sorter.share('eng/ml')).toBeCloseTo(0.3, 9);
  });

  it('applies a weight to the role subtree among its siblings', () => {
    // eng subtree 0.35 / weight 2 = 0.175 < ops 0.2 → eng's roles first; inside eng unchanged.
    const sorter = load(
      new HierarchicalDrfSorter(),
      { cpus: 100 },
      {
        'eng/ml': { allocation: { cpus: 30 } },
        'eng/web': { allocation: { cpus: 5 } },
        ops: { allocation: { cpus: 20 } },
      },
      { eng: 2 },
    );
    expect(sorter.sort()).toEqual(['eng/web', 'eng/ml', 'ops']);
    // A weight on a child reorders it among its siblings only: ml 0.3 / 10 = 0.03 < web 0.05.
    sorter.setWeight('eng/ml', 10);
    expect(sorter.sort()).toEqual(['eng/ml', 'eng/web', 'ops']);
  });

  it('ranks a role with its own frameworks against its children (self entry, weight 1)', () => {
    // eng holds 10 itself, eng/ml 5: inside eng, ml 0.05 < eng-self 0.1. eng subtree 0.15 > ops 0.12.
    const sorter = load(
      new HierarchicalDrfSorter(),
      { cpus: 100 },
      {
        eng: { allocation: { cpus: 10 } },
        'eng/ml': { allocation: { cpus: 5 } },
        ops: { allocation: { cpus: 12 } },
      },
    );
    expect(sorter.sort()).toEqual(['ops', 'eng/ml', 'eng']);
    expect(Object.fromEntries(sorter.allocation('eng'))).toEqual({ cpus: 10 });
    sorter.remove('eng/ml');
    // eng subtree is now 0.10 < ops 0.12.
    expect(sorter.sort()).toEqual(['eng', 'ops']);
    expect((sorter as HierarchicalDrfSorter).subtreeShare('eng')).toBeCloseTo(0.1, 9);
  });

  it('visits clients in order and stops when asked', () => {
    const sorter = load(
      new HierarchicalDrfSorter(),
      { cpus: 10 },
      {
        'a/x': { allocation: { cpus: 1 } },
        'a/y': {},
        b: { allocation: { cpus: 3 } },
      },
    );
    const seen: string[] = [];
    (sorter as HierarchicalDrfSorter).visitInOrder((role) => {
      seen.push(role);
      return role === 'a/x';
    });
    expect(sorter.sort()).toEqual(['a/y', 'a/x', 'b']);
    expect(seen).toEqual(['a/y', 'a/x']);
  });

  it('shares a pool: adding to the pool elsewhere re-ranks it', () => {
    const pool = new ResourcePool();
    const sorter = new HierarchicalDrfSorter({ pool });
    pool.change(q({ cpus: 10, mem: 100 }), 1);
    sorter.add('cpu');
    sorter.add('mem');
    sorter.allocated('cpu', q({ cpus: 4 }));
    sorter.allocated('mem', q({ mem: 30 }));
    expect(sorter.sort()).toEqual(['mem', 'cpu']);
    pool.change(q({ cpus: 30 }), 1);
    expect(sorter.sort()).toEqual(['cpu', 'mem']);
  });
});
