/**
 * Injected randomness for the allocator core. The core never calls
 * `Math.random()`: it takes a `Random` so that tests (and operators replaying an
 * incident with a fixed `--seed`) get the same agent order every time.
 */

/** Returns a number in [0, 1), like `Math.random()`. */
export type Random = () => number;

/**
 * mulberry32: a small, fast 32-bit PRNG. Good enough to shuffle agents; not for
 * anything that needs to be unpredictable. The same seed gives the same sequence.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
