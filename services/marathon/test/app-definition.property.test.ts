/**
 * Invariants of app parsing over random input:
 * - every valid app JSON is accepted, and normalization is idempotent:
 *   parse(toJson(parse(json))) equals parse(json), and toJson is a fixpoint;
 * - parseApp never throws, whatever it is given;
 * - a patch of nothing changes nothing (versions included); a patch of
 *   `instances` is a scale (lastConfigChangeAt stays, nothing else changes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appToJson, applyPatch, definitionsEqual, parseApp } from '../src/core/index.js';
import { validAppJson } from './arbitraries.js';
import { app, DEFAULT_ROLE, LATER, options } from './fixtures.js';

describe('app definitions over random input', () => {
  it('accepts every valid app and normalizes idempotently', () => {
    fc.assert(
      fc.property(validAppJson, (json) => {
        const first = app(json);
        const json1 = JSON.parse(JSON.stringify(appToJson(first))) as unknown;
        const second = app(json1);
        expect(second).toEqual(first);
        expect(appToJson(second)).toEqual(json1);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever it is given', () => {
    const anyJson = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      // Valid apps with keys that name object internals.
      fc
        .tuple(
          validAppJson,
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
          fc.jsonValue(),
        )
        .map(
          ([json, key, value]) =>
            JSON.parse(
              `{${JSON.stringify(key)}: ${JSON.stringify(value) ?? 'null'}, ${JSON.stringify(json).slice(1)}`,
            ) as unknown,
        ),
      // Valid apps with one field replaced by anything.
      fc.tuple(validAppJson, fc.string({ maxLength: 24 }), fc.jsonValue()).map(([json, key, value]) => {
        const keys = Object.keys(json);
        return { ...json, [keys[key.length % keys.length] ?? key]: value };
      }),
    );
    fc.assert(
      fc.property(anyJson, (json) => {
        const result = parseApp(json, options());
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        const patched = applyPatch(app({ id: '/p', cmd: 'true' }), json, {
          nowVersion: LATER,
          defaultRole: DEFAULT_ROLE,
        });
        if (!patched.ok) expect(patched.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('changes nothing with an empty patch, and scales with a patch of instances', () => {
    fc.assert(
      fc.property(validAppJson, fc.integer({ min: 0, max: 50 }), (json, instances) => {
        const current = app(json);
        expect(applyPatch(current, {}, { nowVersion: LATER, defaultRole: DEFAULT_ROLE })).toEqual({
          ok: true,
          app: current,
        });
        const scaled = applyPatch(current, { instances }, { nowVersion: LATER, defaultRole: DEFAULT_ROLE });
        if (!scaled.ok) expect.fail(JSON.stringify(scaled.problems));
        expect(definitionsEqual(current, scaled.app, { ignoreInstances: true })).toBe(true);
        expect(scaled.app.instances).toBe(instances);
        expect(scaled.app.versionInfo.lastConfigChangeAt).toBe(current.versionInfo.lastConfigChangeAt);
        expect(scaled.app.version).toBe(instances === current.instances ? current.version : LATER);
      }),
      { numRuns: 200 },
    );
  });
});
