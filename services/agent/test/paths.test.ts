import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPath } from '../src/core/paths.js';

describe('joinPath', () => {
  it.each([
    [['/var/tessera', 'sandboxes', 'f1', 't1', 'u1'], '/var/tessera/sandboxes/f1/t1/u1'],
    [['/var/tessera/', 'meta'], '/var/tessera/meta'],
    [['work', 'sandboxes'], 'work/sandboxes'],
    [['/a/b/../c', './d'], '/a/c/d'],
    [['/', '..', 'x'], '/x'],
    [['..', 'x/'], '../x/'],
    [['', ''], '.'],
  ])('%j → %s', (segments, joined) => {
    expect(joinPath(...segments)).toBe(joined);
  });

  it('agrees with path.posix.join', () => {
    const segment = fc.stringMatching(/^[ab./]{0,6}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        expect(joinPath(...segments)).toBe(posix.join(...segments));
      }),
      { numRuns: 2_000 },
    );
  });
});
