/**
 * Equality of app definitions by content: what decides whether an update is
 * no change, a scale (only `instances`) or a config change (anything else).
 */
import type { AppDefinition } from './model.js';

/**
 * Whether two definitions say the same, ignoring `version` and `versionInfo`
 * (and `instances` with `ignoreInstances`). Objects compare by their keys'
 * values (key order and keys set to undefined do not matter); arrays in order.
 */
export function definitionsEqual(
  a: AppDefinition,
  b: AppDefinition,
  options: { ignoreInstances?: boolean } = {},
): boolean {
  // NOTE: the trees of a change share every app they do not change; diffing 1,000 apps deep-compared (and copied) each.
  if (a === b) return true;
  const { version: _va, versionInfo: _ia, instances: instancesA, ...restA } = a;
  const { version: _vb, versionInfo: _ib, instances: instancesB, ...restB } = b;
  if (options.ignoreInstances !== true && instancesA !== instancesB) return false;
  return valuesEqual(restA, restB);
}

/** Deep equality of JSON-like values (plain objects, arrays, primitives); undefined properties count as absent. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]));
  }
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(recordA), ...Object.keys(recordB)]);
  for (const key of keys) if (!valuesEqual(recordA[key], recordB[key])) return false;
  return true;
}
