/**
 * Config versions: ISO 8601 timestamps with milliseconds, made from an
 * injected clock reading (never read here). Every change of the root group
 * makes a new root version; an app keeps its own `version` and `versionInfo`
 * (see `nextVersions`). Rollback is "deploy a stored version again": the
 * store of old versions is the shell's; the pure parts are here.
 */
import { definitionsEqual } from './equality.js';
import type { AppDefinition, Version } from './model.js';
import type { ValidationProblem } from './problems.js';

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Whether `text` is a version as Marathon writes it ("2026-12-02T10:00:00.000Z") and a real instant. */
export function isVersion(text: string): text is Version {
  return VERSION_PATTERN.test(text) && !Number.isNaN(Date.parse(text)) && versionOfMs(Date.parse(text)) === text;
}

/** The version of an instant (epoch milliseconds, e.g. the injected clock's reading). */
export function versionOfMs(epochMs: number): Version {
  return new Date(epochMs).toISOString();
}

/** The instant of a version, in epoch milliseconds. */
export function msOfVersion(version: Version): number {
  return Date.parse(version);
}

/** Orders versions oldest first (the fixed-width format sorts as text). */
export function compareVersions(a: Version, b: Version): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The version for a change made at `nowVersion` after `previous`: `nowVersion`,
 * or 1 ms after `previous` when the clock has not moved past it (two changes in
 * one millisecond, or a clock stepped back), so versions stay unique and
 * increasing — they key the stored versions.
 */
export function nextRootVersion(previous: Version | undefined, nowVersion: Version): Version {
  if (previous === undefined || compareVersions(nowVersion, previous) > 0) return nowVersion;
  return versionOfMs(msOfVersion(previous) + 1);
}

/**
 * `next` with the version and version info it gets when it replaces
 * `previous` (undefined: a new app) at `nowVersion`, as Marathon keeps them:
 * - a new app: version, lastScalingAt and lastConfigChangeAt are all `nowVersion`;
 * - nothing changed: `previous`'s version and version info stay (no new version);
 * - only `instances` changed (a scale): version and lastScalingAt become
 *   `nowVersion`, lastConfigChangeAt stays — no restart, the backoff stays;
 * - anything else changed: all three become `nowVersion`.
 * Pure; the versions `next` carries in are ignored.
 */
export function nextVersions(
  previous: AppDefinition | undefined,
  next: AppDefinition,
  nowVersion: Version,
): AppDefinition {
  if (previous === undefined)
    return { ...next, version: nowVersion, versionInfo: { lastScalingAt: nowVersion, lastConfigChangeAt: nowVersion } };
  if (definitionsEqual(previous, next))
    return { ...next, version: previous.version, versionInfo: previous.versionInfo };
  if (definitionsEqual(previous, next, { ignoreInstances: true }))
    return {
      ...next,
      version: nowVersion,
      versionInfo: { lastScalingAt: nowVersion, lastConfigChangeAt: previous.versionInfo.lastConfigChangeAt },
    };
  return { ...next, version: nowVersion, versionInfo: { lastScalingAt: nowVersion, lastConfigChangeAt: nowVersion } };
}

/** The stored definition of `version` among an app's stored versions, if any. */
export function findVersion(stored: readonly AppDefinition[], version: Version): AppDefinition | undefined {
  return stored.find((app) => app.version === version);
}

/** The versions of an app's stored definitions, newest first (as `GET /v2/apps/{id}/versions` lists them). */
export function versionsNewestFirst(stored: readonly AppDefinition[]): Version[] {
  return [...new Set(stored.map((app) => app.version))].sort((a, b) => compareVersions(b, a));
}

/**
 * Rollback: the definition to deploy to bring the app back to its stored
 * `version` — that definition as it was (instances included, as Marathon),
 * versioned as a change of `current` made at `nowVersion`. A version that is
 * not stored (or not a version) is a problem at "/version".
 */
export function rollbackTo(
  current: AppDefinition,
  stored: readonly AppDefinition[],
  version: string,
  nowVersion: Version,
):
  | { readonly ok: true; readonly app: AppDefinition }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] } {
  const found = isVersion(version) ? findVersion(stored, version) : undefined;
  if (found === undefined || found.id !== current.id)
    return {
      ok: false,
      problems: [{ path: '/version', errors: [`app ${current.id} has no stored version ${JSON.stringify(version)}`] }],
    };
  return { ok: true, app: nextVersions(current, found, nowVersion) };
}
