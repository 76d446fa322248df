/** Chooses the agent's isolation once, at start. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { exists } from './cgroup-files.js';
import { CgroupsV1Isolator, cgroupsV1Available, type CgroupsV1Options } from './cgroups-v1-isolator.js';
import { CgroupsV2Isolator, cgroupsV2Available } from './cgroups-v2-isolator.js';
import { PosixIsolator } from './posix-isolator.js';
import type { Isolator } from './types.js';

/** `--isolation`: auto picks cgroups when it can, else posix; "cgroups" fails the start when it cannot. */
export type IsolationSetting = 'auto' | 'cgroups' | 'posix';

/** `--isolation cgroups` on a machine where the agent cannot use cgroups; the message says why. */
export class IsolationUnavailableError extends Error {
  override readonly name = 'IsolationUnavailableError';
}

export interface SelectedIsolator {
  readonly isolator: Isolator;
  /** Why cgroups are not used, when they are not (for the start log). */
  readonly fallbackReason?: string;
  /** With cgroups: whether tasks get a pid namespace, and if not, why (for the start log). */
  readonly pidNamespace?: { readonly enabled: true } | { readonly enabled: false; readonly reason: string };
}

/** Where util-linux `setpriv` is looked for: it switches a task to its user after the privileged steps. */
const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv'];

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if (await exists(path)) return path;
  return undefined;
}

/** Runs `unshare` with a pid namespace (and `extra` flags) around `exit 0`: the error, or null when it worked. */
function probeUnshare(path: string, extra: readonly string[]): Promise<Error | null> {
  return new Promise((resolve) => {
    execFile(
      path,
      ['--pid', '--fork', '--mount-proc', '--kill-child', ...extra, '--', '/bin/sh', '-c', 'exit 0'],
      (error) => resolve(error),
    );
  });
}

/** Where util-linux `unshare` is looked for (not the task's PATH, which the framework sets). */
const UNSHARE_CANDIDATES = ['/usr/bin/unshare', '/bin/unshare', '/usr/sbin/unshare', '/sbin/unshare'];

/**
 * With root on Linux: cgroups v1 when the v1 memory, cpu, cpuacct and pids
 * controllers are mounted under `options.root`; else cgroups v2 when the
 * unified hierarchy at `options.root` (a v2-only machine) or at
 * `<options.root>/unified` (a hybrid one) offers the memory, cpu and pids
 * controllers; else posix. With cgroups (either version), tasks also get a
 * pid namespace when `unshare --pid --fork --mount-proc` works here (tried
 * once, now); otherwise they run without one and the reason is returned.
 * `--isolation cgroups` rejects with IsolationUnavailableError when neither
 * version can be used.
 */
export async function selectIsolator(
  setting: IsolationSetting,
  options: CgroupsV1Options & { readonly root: string },
): Promise<SelectedIsolator> {
  if (setting === 'posix') return { isolator: new PosixIsolator(), fallbackReason: '--isolation posix' };
  const found = await usableCgroups(options.root);
  if ('problem' in found) {
    if (setting === 'cgroups') throw new IsolationUnavailableError(`--isolation cgroups: ${found.problem}`);
    return { isolator: new PosixIsolator(), fallbackReason: found.problem };
  }
  const unshare = await workingUnshare();
  const setprivPath = await firstExisting(SETPRIV_CANDIDATES);
  const withNamespace = {
    ...options,
    ...('path' in unshare ? { unsharePath: unshare.path, unshareSetsIds: await unshareSetsIds(unshare.path) } : {}),
    ...(setprivPath === undefined ? {} : { setprivPath }),
  };
  const isolator =
    found.version === 1
      ? new CgroupsV1Isolator(withNamespace)
      : new CgroupsV2Isolator({ ...withNamespace, root: found.root });
  return 'path' in unshare
    ? { isolator, pidNamespace: { enabled: true } }
    : { isolator, pidNamespace: { enabled: false, reason: unshare.problem } };
}

/** Which cgroups this agent can use (v1 preferred), or why none. */
async function usableCgroups(
  root: string,
): Promise<{ version: 1 } | { version: 2; root: string } | { problem: string }> {
  if (process.platform !== 'linux') return { problem: `cgroups need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { problem: 'cgroups need the agent to run as root' };
  if (await cgroupsV1Available(root)) return { version: 1 };
  for (const unified of [root, join(root, 'unified')]) {
    if (await cgroupsV2Available(unified)) return { version: 2, root: unified };
  }
  return {
    problem:
      `no cgroups v1 memory, cpu, cpuacct and pids controllers under ${root}, ` +
      `and no cgroups v2 hierarchy offering memory, cpu and pids at ${root} or ${join(root, 'unified')}`,
  };
}

/** Whether this unshare takes `-S uid -G gid` (util-linux 2.36+): it can then switch users without setpriv. */
async function unshareSetsIds(path: string): Promise<boolean> {
  return (await probeUnshare(path, ['-S', '0', '-G', '0'])) === null;
}

/** The first `unshare` that can create a pid namespace with its own /proc, or why there is none. */
async function workingUnshare(): Promise<{ path: string } | { problem: string }> {
  const path = await firstExisting(UNSHARE_CANDIDATES);
  if (path === undefined) return { problem: `no unshare (util-linux) in ${UNSHARE_CANDIDATES.join(', ')}` };
  const error = await probeUnshare(path, []);
  return error === null ? { path } : { problem: `${path} cannot create a pid namespace: ${error.message}` };
}
