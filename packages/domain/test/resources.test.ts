import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addResources,
  allocatableToRole,
  containsResources,
  formatResources,
  parseAttributes,
  parseResources,
  ResourceParseError,
  scalarOf,
  subtractResources,
  subtractRanges,
  type Resource,
} from '../src/index.js';

describe('parseResources', () => {
  it.each([
    ['cpus:4;mem:2048', 'cpus:4;mem:2048'],
    ['cpus:4;cpus(eng):2;mem:1024', 'cpus:4;cpus(eng):2;mem:1024'],
    ['ports:[31000-32000]', 'ports:[31000-32000]'],
    ['ports:[1-3,4-6, 10]', 'ports:[1-6,10]'],
    ['disks:{b,a}', 'disks:{a,b}'],
    ['cpus(*):1;cpus:1', 'cpus:2'],
    [' cpus : 0.5 ; ', 'cpus:0.5'],
  ])('%s → %s', (input, formatted) => {
    expect(formatResources(parseResources(input))).toBe(formatted);
  });

  it.each([
    ['cpus', 0, 'expected "name:value"'],
    ['cpus:4;mem:-1', 11, 'negative value -1 for mem'],
    ['cpus:4;mem:lots', 11, 'invalid value "lots" for mem'],
    ['ports:[5-1]', 7, 'ends before it begins'],
    ['ports:[1-2', 6, 'unterminated ranges'],
    ['cpus(bad role):1', 5, 'invalid role'],
  ])('%s fails at %i', (input, position, problem) => {
    let caught: unknown;
    try {
      parseResources(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ResourceParseError);
    expect((caught as ResourceParseError).position).toBe(position);
    expect((caught as ResourceParseError).message).toContain(problem);
  });
});

describe('zero scalars', () => {
  it('are dropped by default and kept on request (quota limits)', () => {
    expect(formatResources(parseResources('cpus:0;mem:64'))).toBe('mem:64');
    // A limit of cpus:0 means "no cpus", so it must survive parsing.
    const keep = { keepZeroScalars: true };
    expect(formatResources(parseResources('cpus:0;mem:64', keep), keep)).toBe('mem:64;cpus:0');
    expect(formatResources(parseResources('cpus:0;cpus:1', keep), keep)).toBe('cpus:1');
  });
});

describe('arithmetic', () => {
  it('subtracts scalars and port ranges', () => {
    const agent = parseResources('cpus:4;mem:1024;ports:[31000-31010]');
    const task = parseResources('cpus:1.5;mem:256;ports:[31002-31003]');
    // 4 - 1.5 = 2.5 cpus; 1024 - 256 = 768 MB; ports lose 31002-31003.
    expect(formatResources(subtractResources(agent, task))).toBe('cpus:2.5;mem:768;ports:[31000-31001,31004-31010]');
  });

  it('refuses to subtract what is absent', () => {
    expect(() => subtractResources(parseResources('cpus:1'), parseResources('cpus:2'))).toThrow(RangeError);
    expect(() => subtractResources(parseResources('cpus:1'), parseResources('mem:2'))).toThrow(RangeError);
  });

  it('keeps reservations apart', () => {
    const agent = parseResources('cpus:2;cpus(eng):2');
    expect(containsResources(agent, parseResources('cpus(eng):2'))).toBe(true);
    expect(containsResources(agent, parseResources('cpus(ops):1'))).toBe(false);
    expect(scalarOf(agent, 'cpus')).toBe(4);
  });

  it('offers reservations to the role and its descendants only', () => {
    const agent = parseResources('cpus:1;cpus(eng):2;cpus(ops):4');
    // unreserved 1 + eng's 2 = 3 for eng/ml; ops's 4 never.
    expect(scalarOf(allocatableToRole(agent, 'eng/ml'), 'cpus')).toBe(3);
    expect(scalarOf(allocatableToRole(agent, 'engineering'), 'cpus')).toBe(1);
  });

  it('rounds scalars to three decimals', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; resources say 0.3.
    expect(scalarOf(addResources(parseResources('cpus:0.1'), parseResources('cpus:0.2')), 'cpus')).toBe(0.3);
  });

  it('subtractRanges splits ranges', () => {
    expect(subtractRanges([{ begin: 1, end: 10 }], [{ begin: 3, end: 4 }])).toEqual([
      { begin: 1, end: 2 },
      { begin: 5, end: 10 },
    ]);
  });
});

describe('properties', () => {
  const scalarList = fc.array(
    fc.record({
      name: fc.constantFrom('cpus', 'mem', 'disk'),
      amount: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 1000),
      role: fc.constantFrom(undefined, 'eng', 'ops'),
    }),
    { maxLength: 8 },
  );
  const toResources = (items: { name: string; amount: number; role: string | undefined }[]): Resource[] =>
    items.map((i) => ({
      name: i.name,
      type: 'scalar' as const,
      scalar: i.amount,
      ...(i.role === undefined ? {} : { reservation: { type: 'static' as const, role: i.role } }),
    }));

  it('(a + b) - b = a, and a + b contains both', () => {
    fc.assert(
      fc.property(scalarList, scalarList, (x, y) => {
        const a = toResources(x);
        const b = toResources(y);
        const sum = addResources(a, b);
        expect(containsResources(sum, a)).toBe(true);
        expect(containsResources(sum, b)).toBe(true);
        expect(formatResources(subtractResources(sum, b))).toBe(formatResources(a));
      }),
    );
  });

  it('format then parse is the identity', () => {
    fc.assert(
      fc.property(scalarList, (x) => {
        const a = addResources(toResources(x), []);
        expect(formatResources(parseResources(formatResources(a)))).toBe(formatResources(a));
      }),
    );
  });
});

describe('parseAttributes', () => {
  it('types values', () => {
    expect(parseAttributes('rack:r1;level:3;slots:[1-4]')).toEqual([
      { name: 'rack', type: 'text', text: 'r1' },
      { name: 'level', type: 'scalar', scalar: 3 },
      { name: 'slots', type: 'ranges', ranges: [{ begin: 1, end: 4 }] },
    ]);
  });
  it('rejects an entry without a value', () => {
    expect(() => parseAttributes('rack:r1;zone')).toThrow(/position 8/);
  });
});
