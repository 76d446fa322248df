import { describe, expect, it } from 'vitest';
import { DrfSorter } from '../src/core/index.js';
import { describeSorterContract } from './sorter-contract.js';

describeSorterContract('DrfSorter', () => new DrfSorter({ excludeResourceNames: ['gpus'] }));

const q = (entries: Record<string, number | undefined>): Map<string, number> =>
  new Map(Object.entries(entries).filter((e): e is [string, number] => e[1] !== undefined));

describe('DrfSorter order', () => {
  it.each([
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
    const sorter = new DrfSorter({ excludeResourceNames: ['gpus'] });
    sorter.addTotal(q(total));
    for (const [id, allocation] of Object.entries(allocations)) {
      sorter.add(id);
      sorter.allocated(id, q(allocation));
    }
    for (const [id, weight] of Object.entries(weights)) sorter.setWeight(id, weight);
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
});
