import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  findVersion,
  isVersion,
  nextRootVersion,
  nextVersions,
  rollbackTo,
  versionOfMs,
  versionsNewestFirst,
} from '../src/core/index.js';
import { app, LATER, NOW } from './fixtures.js';

const web = (fields: Record<string, unknown> = {}, at = NOW) => app({ id: '/web', cmd: 'serve', ...fields }, at);

describe('versions', () => {
  it('reads and writes ISO 8601 timestamps with milliseconds', () => {
    expect(versionOfMs(Date.UTC(2026, 2, 1, 12))).toBe(NOW);
    expect(isVersion(NOW)).toBe(true);
    expect(isVersion('2026-03-01T12:00:00Z')).toBe(false);
    expect(isVersion('2026-02-30T12:00:00.000Z')).toBe(false);
    expect(isVersion('yesterday')).toBe(false);
    expect(compareVersions(NOW, LATER)).toBe(-1);
    expect(compareVersions(LATER, NOW)).toBe(1);
    expect(compareVersions(NOW, NOW)).toBe(0);
  });

  it.each([
    // [previous root version, clock, next root version]
    [undefined, NOW, NOW],
    [NOW, LATER, LATER],
    // Same millisecond, or a clock stepped back: 1 ms after the previous one.
    [NOW, NOW, '2026-03-01T12:00:00.001Z'],
    [LATER, NOW, '2026-03-01T12:05:00.001Z'],
  ])('after %s at %s the root version is %s', (previous, now, next) => {
    expect(nextRootVersion(previous, now)).toBe(next);
  });
});

describe('nextVersions', () => {
  it('versions a new app entirely at now', () => {
    expect(nextVersions(undefined, web({}, NOW), LATER)).toMatchObject({
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: LATER },
    });
  });

  it('keeps the versions of an app that did not change', () => {
    expect(nextVersions(web(), web({}, LATER), LATER)).toEqual(web());
  });

  it('keeps lastConfigChangeAt on a scale', () => {
    expect(nextVersions(web(), web({ instances: 3 }, LATER), LATER)).toMatchObject({
      instances: 3,
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: NOW },
    });
  });

  it('moves all three on any other change, a scale with it included', () => {
    expect(nextVersions(web(), web({ instances: 3, env: { A: '1' } }, LATER), LATER)).toMatchObject({
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: LATER },
    });
  });
});

describe('rollback', () => {
  const v1 = web({ mem: 64 }, '2026-01-01T00:00:00.000Z');
  const v2 = nextVersions(v1, web({ mem: 128 }), '2026-02-01T00:00:00.000Z');
  const v3 = nextVersions(v2, web({ mem: 128, instances: 5 }), NOW);
  const stored = [v1, v2, v3];

  it('finds a stored version and lists them newest first', () => {
    expect(findVersion(stored, '2026-02-01T00:00:00.000Z')).toBe(v2);
    expect(findVersion(stored, LATER)).toBeUndefined();
    expect(versionsNewestFirst(stored)).toEqual([NOW, '2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });

  it('deploys a stored version again, as a new config version', () => {
    const result = rollbackTo(v3, stored, '2026-01-01T00:00:00.000Z', LATER);
    expect(result).toEqual({
      ok: true,
      app: { ...v1, version: LATER, versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: LATER } },
    });
  });

  it('refuses a version that is not stored', () => {
    expect(rollbackTo(v3, stored, '2025-01-01T00:00:00.000Z', LATER)).toEqual({
      ok: false,
      problems: [{ path: '/version', errors: ['app /web has no stored version "2025-01-01T00:00:00.000Z"'] }],
    });
    expect(rollbackTo(v3, stored, 'latest', LATER).ok).toBe(false);
  });
});
