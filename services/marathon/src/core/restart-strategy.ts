/**
 * Marathon 1.x's arithmetic for a rolling restart (its `computeRestartStrategy`).
 *
 * For an app of `n = instances` with `runningOld` instances of the previous
 * version:
 * - `minHealthy = ⌈n × minimumHealthCapacity⌉`: healthy instances kept while
 *   old ones remain;
 * - `maxCapacity = ⌊n × (1 + maximumOverCapacity)⌋`: instances (old and new)
 *   alive at a time;
 * - `killImmediately = max(0, runningOld − minHealthy)`: old instances killed
 *   at the start, above the healthy floor.
 * When `minHealthy === maxCapacity` and `maxCapacity ≤ runningOld` nothing could
 * be killed and nothing started: the restart may then go one over
 * (`maxCapacity + 1`), as Marathon allows for apps without resident volumes.
 *
 * NOTE: the products are rounded to 9 decimals before ⌈⌉ and ⌊⌋, so that
 * binary floating point does not move them across an integer (100 × 0.07 is
 * 7.000000000000001 in IEEE 754, whose ceiling would be 8; 100 × 0.29 is
 * 28.999999999999996, whose floor would be 28).
 */
import type { AppDefinition, RestartStrategy } from './model.js';

/** The strategy of a restart of `app` (the target definition) with `runningOld` old instances running. Pure. */
export function restartStrategyFor(app: AppDefinition, runningOld: number): RestartStrategy {
  const n = app.instances;
  const { minimumHealthCapacity, maximumOverCapacity } = app.upgradeStrategy;
  const minHealthy = Math.ceil(roundedProduct(n, minimumHealthCapacity));
  let maxCapacity = Math.floor(roundedProduct(n, 1 + maximumOverCapacity));
  if (minHealthy === maxCapacity && maxCapacity <= runningOld) maxCapacity += 1;
  return { minHealthy, maxCapacity, killImmediately: Math.max(0, runningOld - minHealthy) };
}

/** `a × b` rounded to 9 decimals (far below any share an app can give, far above IEEE 754's error). */
function roundedProduct(a: number, b: number): number {
  return Math.round(a * b * 1e9) / 1e9;
}
