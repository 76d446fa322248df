/**
 * Deployments and the apps they lock, and Marathon's rollback of a running
 * deployment.
 *
 * A running deployment locks every app its plan affects: a new plan that
 * affects one of them is refused unless forced, and a forced one cancels the
 * deployments in its way (Marathon's `force=true`). Cancelling leaves their
 * apps wherever the cancelled deployment got to; `revertTarget` is the other
 * way out (`DELETE /v2/deployments/{id}` without force): a new target that
 * puts the deployment's apps back as they were, deployed as a new plan.
 */
import { allGroups, findApp, findGroup, putApp, removeApp, removeGroup } from './group-tree.js';
import type { Deployment, DeploymentPlan, Group, PathId, Version } from './model.js';

export type Admission =
  /** Go ahead; first cancel these running deployments (none unless forced). */
  | { readonly ok: true; readonly cancel: readonly string[] }
  /** Refused: these running deployments lock some of the plan's apps. */
  | { readonly ok: false; readonly lockedBy: readonly string[] };

/**
 * Whether `plan` may start beside the `running` deployments: it conflicts
 * with each one whose `affectedAppIds` share an app with its own. Without
 * `force` a conflict refuses it (naming the deployments, in `running`'s
 * order); with `force` it is admitted with them to cancel. Pure.
 */
export function admitDeployment(plan: DeploymentPlan, running: readonly Deployment[], force: boolean): Admission {
  const affected = new Set(plan.affectedAppIds);
  const conflicting = running
    .filter((deployment) => deployment.plan.affectedAppIds.some((appId) => affected.has(appId)))
    .map((deployment) => deployment.plan.id);
  if (conflicting.length === 0 || force) return { ok: true, cancel: conflicting };
  return { ok: false, lockedBy: conflicting };
}

/**
 * The root to deploy to roll `deployment` back: `currentRoot` with every app
 * the plan affects as it was in `plan.original` — apps the plan added are
 * removed, apps it removed come back, apps it scaled or changed get their
 * original definition (versioned as a change at `nowVersion`, which should be
 * new for the tree: `nextRootVersion`). Everything else in `currentRoot`
 * (changes made since by other deployments) is kept. Groups the plan created
 * that the revert leaves empty are removed too.
 *
 * CHOICE: an app that cannot be put back because its path is now taken (a
 * group at its id, or an app enclosing it, made since) is left as it is:
 * the revert never undoes other deployments' work. Group dependencies are not
 * reverted (they are not an app's; Marathon 1.x's revert is per app as well).
 * Pure.
 */
export function revertTarget(deployment: Deployment, currentRoot: Group, nowVersion: Version): Group {
  const { original, target, affectedAppIds } = deployment.plan;
  let root = currentRoot;
  for (const appId of affectedAppIds) {
    const before = findApp(original, appId);
    if (before === undefined) {
      if (findApp(root, appId) === undefined) continue;
      const removed = removeApp(root, appId, nowVersion);
      if (removed.ok) root = removed.root;
    } else {
      const put = putApp(root, before, nowVersion);
      if (put.ok) root = put.root;
    }
  }
  // Groups the plan created, deepest first, if the revert emptied them.
  const created = allGroups(target)
    .map((group) => group.id)
    .filter((groupId) => findGroup(original, groupId) === undefined)
    .sort((a, b) => depthOf(b) - depthOf(a));
  for (const groupId of created) {
    const group = findGroup(root, groupId);
    if (group === undefined || group.apps.size > 0 || group.groups.size > 0) continue;
    const removed = removeGroup(root, groupId, nowVersion);
    if (removed.ok) root = removed.root;
  }
  return root;
}

function depthOf(id: PathId): number {
  return id.split('/').length;
}
