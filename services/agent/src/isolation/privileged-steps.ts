/**
 * The privileged steps a cgroups launcher takes after placing itself and
 * before the task's launcher: entering a pid namespace (util-linux `unshare`,
 * which needs root) and switching to the task's user last — with unshare's own
 * `--setuid/--setgid` when it has them (no extra exec), else with `setpriv`.
 * Supplementary groups are cleared either way, as Node does for a spawn with a uid.
 */

/** The util-linux tools found on the machine (absolute paths). */
export interface PrivilegedTools {
  /** `unshare` that can create a pid namespace: tasks get one. */
  readonly unshare?: string | undefined;
  /** That unshare also takes `-S uid -G gid` (util-linux 2.36+ and probed). */
  readonly unshareSetsIds?: boolean | undefined;
  readonly setpriv?: string | undefined;
}

/**
 * The argv prefix before the task's launcher, and whether it switches to
 * `identity` itself (then the whole line is spawned as the agent's user; else
 * as the task's user, and without a pid namespace, which would need root).
 */
export function privilegedSteps(
  tools: PrivilegedTools,
  identity: { readonly uid: number; readonly gid: number } | undefined,
): { readonly prefix: string[]; readonly switchesUser: boolean } {
  const unshare = (extra: readonly string[]) =>
    tools.unshare === undefined
      ? []
      : [tools.unshare, '--pid', '--fork', '--mount-proc', '--kill-child', ...extra, '--'];
  if (identity === undefined) return { prefix: unshare([]), switchesUser: false };
  if (tools.unshare !== undefined && tools.unshareSetsIds === true) {
    return { prefix: unshare(['-S', String(identity.uid), '-G', String(identity.gid)]), switchesUser: true };
  }
  if (tools.setpriv !== undefined) {
    const setpriv = [tools.setpriv, `--reuid=${identity.uid}`, `--regid=${identity.gid}`, '--clear-groups', '--'];
    return { prefix: [...unshare([]), ...setpriv], switchesUser: true };
  }
  return { prefix: [], switchesUser: false };
}
