/** Chooses the agent's isolation once, at start. */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CgroupsV1Isolator, cgroupsV1Available, type CgroupsV1Options } from './cgroups-v1-isolator.js';
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

/** Where util-linux `unshare` is looked for (not the task's PATH, which the framework sets). */
const UNSHARE_CANDIDATES = ['/usr/bin/unshare', '/bin/unshare', '/usr/sbin/unshare', '/sbin/unshare'];

/**
 * cgroups v1 when running as root on Linux with the v1 memory, cpu, cpuacct and
 * pids controllers mounted under `options.root`; else posix. A machine with
 * only cgroups v2 (a unified `cgroup.controllers` at the root) falls back to
 * posix: v2 is recognised but not implemented yet. With cgroups, tasks also
 * get a pid namespace when `unshare --pid --fork --mount-proc` works here
 * (tried once, now); otherwise they run without one and the reason is returned.
 */
export async function selectIsolator(
  setting: IsolationSetting,
  options: CgroupsV1Options & { readonly root: string },
): Promise<SelectedIsolator> {
  if (setting === 'posix') return { isolator: new PosixIsolator(), fallbackReason: '--isolation posix' };
  const problem = await cgroupsProblem(options.root);
  if (problem === undefined) {
    const unshare = await workingUnshare();
    return 'path' in unshare
      ? { isolator: new CgroupsV1Isolator({ ...options, unsharePath: unshare.path }), pidNamespace: { enabled: true } }
      : { isolator: new CgroupsV1Isolator(options), pidNamespace: { enabled: false, reason: unshare.problem } };
  }
  if (setting === 'cgroups') throw new IsolationUnavailableError(`--isolation cgroups: ${problem}`);
  return { isolator: new PosixIsolator(), fallbackReason: problem };
}

async function cgroupsProblem(root: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return `cgroups need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'cgroups need the agent to run as root';
  if (await cgroupsV1Available(root)) return undefined;
  const unified = await access(join(root, 'cgroup.controllers')).then(
    () => true,
    () => false,
  );
  return unified
    ? `${root} is cgroups v2 (unified), which Tessera does not support yet`
    : `no cgroups v1 memory, cpu, cpuacct and pids controllers under ${root}`;
}

/** The first `unshare` that can create a pid namespace with its own /proc, or why there is none. */
async function workingUnshare(): Promise<{ path: string } | { problem: string }> {
  for (const path of UNSHARE_CANDIDATES) {
    const found = await access(path).then(
      () => true,
      () => false,
    );
    if (!found) continue;
    const problem = await new Promise<string | undefined>((resolve) => {
      execFile(path, ['--pid', '--fork', '--mount-proc', '--kill-child', '--', '/bin/sh', '-c', 'exit 0'], (error) =>
        resolve(error === null ? undefined : `${path} cannot create a pid namespace: ${error.message}`),
      );
    });
    return problem === undefined ? { path } : { problem };
  }
  return { problem: `no unshare (util-linux) in ${UNSHARE_CANDIDATES.join(', ')}` };
}
