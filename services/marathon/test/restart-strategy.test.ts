import { describe, expect, it } from 'vitest';
import { restartStrategyFor } from '../src/core/index.js';
import { appDef } from './instance-fixtures.js';

describe('restartStrategyFor', () => {
  // [instances, minimumHealthCapacity, maximumOverCapacity, runningOld, minHealthy, maxCapacity, killImmediately]
  const cases: [number, number, number, number, number, number, number][] = [
    // The defaults: all new ones start before any old one goes (⌈4×1⌉ = 4, ⌊4×2⌋ = 8).
    [4, 1, 1, 4, 4, 8, 0],
    // ⌈4×0.5⌉ = 2 healthy; 2 old killed at once; ⌊4×2⌋ = 8.
    [4, 0.5, 1, 4, 2, 8, 2],
    // ⌈4×0.5⌉ = 2; ⌊4×1⌋ = 4: no room above instances.
    [4, 0.5, 0, 4, 2, 4, 2],
    // Everything killed at once: ⌈4×0⌉ = 0, ⌊4×1⌋ = 4, kill 4.
    [4, 0, 0, 4, 0, 4, 4],
    // ⌈3×0.5⌉ = ⌈1.5⌉ = 2; ⌊3×1.5⌋ = ⌊4.5⌋ = 4; kill 3 − 2 = 1.
    [3, 0.5, 0.5, 3, 2, 4, 1],
    // ⌊10×1.1⌋ = 11 (not 11.000000000000002's floor trouble); ⌈10×0.9⌉ = 9.
    [10, 0.9, 0.1, 10, 9, 11, 1],
    // ⌈100×0.07⌉ = 7 although 100 × 0.07 is 7.000000000000001 in IEEE 754.
    [100, 0.07, 0, 100, 7, 100, 93],
    // minHealthy = maxCapacity = 3 ≤ 3 running: one extra so that one new can start.
    [3, 1, 0, 3, 3, 4, 0],
    // … likewise with more old instances than the target (5 old, 3 wanted): kill 2 at once.
    [3, 1, 0, 5, 3, 4, 2],
    // minHealthy = maxCapacity = 3 but only 2 old run: room for one new already, no extra.
    [3, 1, 0, 2, 3, 3, 0],
    // One instance, defaults: start the new one beside the old (⌊1×2⌋ = 2).
    [1, 1, 1, 1, 1, 2, 0],
    // One instance, 1/0: 1 = 1 ≤ 1 running → one extra.
    [1, 1, 0, 1, 1, 2, 0],
    // ⌈5×0.75⌉ = ⌈3.75⌉ = 4; ⌊5×1.5⌋ = ⌊7.5⌋ = 7; kill 5 − 4 = 1.
    [5, 0.75, 0.5, 5, 4, 7, 1],
    // Nothing old running: nothing to kill.
    [5, 0.75, 0.5, 0, 4, 7, 0],
    // Scaled to 0 by the restart: 0 = 0 ≤ 2 → one extra; kill both old.
    [0, 1, 1, 2, 0, 1, 2],
  ];
  it.each(cases)(
    'instances %d, minimumHealthCapacity %d, maximumOverCapacity %d, %d old → minHealthy %d, maxCapacity %d, kill %d',
    (instances, minimumHealthCapacity, maximumOverCapacity, runningOld, minHealthy, maxCapacity, killImmediately) => {
      const app = appDef('/web', { instances, upgradeStrategy: { minimumHealthCapacity, maximumOverCapacity } });
      expect(restartStrategyFor(app, runningOld)).toEqual({ minHealthy, maxCapacity, killImmediately });
    },
  );
});
