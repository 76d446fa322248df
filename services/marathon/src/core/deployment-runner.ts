/**
 * Carries a deployment out, one call at a time: given the deployment (its plan
 * and current step) and the instances as the tracker has them, says which
 * instances to schedule and which to kill, and how far the deployment got.
 *
 * Pure and recomputed from the instances alone: it keeps no state between
 * calls, so a new leader continues a persisted deployment just by calling it.
 * The shell calls it whenever an instance of an affected app changes (and
 * once on start or takeover), applies the commands — `schedule` through
 * `InstanceTracker.schedule`, `kill` through `killInstance(…, 'Decommissioned')`
 * — and persists the deployment it returns. Called again after the commands
 * were applied, it answers no new commands unless the instances changed
 * otherwise (a task started, became healthy, ended…). Called twice without
 * applying them, it answers them again (no memory of what was sent).
 *
 * Terms, for an instance of app A:
 * - wanted: goal Running and not UnreachableInactive (an inactive instance has
 *   been replaced by the tracker; its replacement is the one that counts);
 * - alive: holds or may hold resources — wanted, or another goal with a
 *   condition that is not terminal (Decommissioned instances count toward
 *   capacity until their task has ended and the tracker expunged them);
 * - ready: condition Running and (A has no health checks or healthy === true)
 *   and (A has no readiness checks or ready === true).
 *
 * Actions (a step is done when all its actions are; done steps chain in one
 * call):
 * - StartApplication: done at once (the app exists with 0 instances; the Scale
 *   that follows launches them).
 * - ScaleApplication(scaleTo, sentencedToKill): schedules the missing wanted
 *   instances or kills the surplus (`selectInstancesToKill`, the sentenced
 *   first). Done when exactly `scaleTo` are wanted, all ready, and no
 *   Decommissioned one is alive.
 * - RestartApplication(app): replaces the wanted instances of other versions
 *   ("old") with instances of `app.version` ("new"), within
 *   `restartStrategyFor`: it never kills an old ready instance when that would
 *   leave fewer than `minHealthy` ready wanted ones (old ones that are not
 *   ready go at once), and never has more than `maxCapacity` alive. Done when
 *   exactly `instances` new ones are wanted and ready, and no old and no
 *   Decommissioned one is alive.
 * - StopApplication: kills every instance of the app not yet Decommissioned.
 *   Done when the app has no instance left.
 */
import { findApp } from './group-tree.js';
import { selectInstancesToKill } from './kill-selection.js';
import type { AppDefinition, Deployment, DeploymentAction, DeploymentPlan, Instance, PathId } from './model.js';
import { restartStrategyFor } from './restart-strategy.js';
import { isTerminalCondition } from './task-status.js';

/** What the runner reads: the instances of an app as the tracker has them (every goal and condition). */
export interface DeploymentView {
  instancesOf(appId: PathId): readonly Instance[];
}

export type DeploymentCommand =
  /** Schedule `count` new instances (goal Running) of `app`, the target definition. */
  | { readonly type: 'schedule'; readonly app: AppDefinition; readonly count: number }
  /** Set the instance's goal to Decommissioned (the tracker kills its task and expunges it when it ended). */
  | { readonly type: 'kill'; readonly instanceId: string };

export interface DeploymentAdvance {
  /** The deployment at its (possibly later) current step; undefined: every step is done (the deployment finished). */
  readonly deployment: Deployment | undefined;
  /** To apply, in order, before the next call. */
  readonly commands: readonly DeploymentCommand[];
  /** Indexes (0-based) of the steps that ended in this call, in order (for deployment_step_success events). */
  readonly finishedSteps: readonly number[];
}

/** What one action needs done now, and whether it is done. */
interface ActionProgress {
  readonly done: boolean;
  readonly commands: readonly DeploymentCommand[];
}

/**
 * Evaluates the current step; while it is done, moves to the next one and
 * evaluates it too. Answers the commands of the first step that is not done
 * (and that step as the current one), or no deployment when all are done. A
 * deployment whose current step is past its last finishes at once. Pure.
 */
export function advanceDeployment(deployment: Deployment, view: DeploymentView): DeploymentAdvance {
  const { steps } = deployment.plan;
  const finishedSteps: number[] = [];
  for (let index = deployment.currentStep; index < steps.length; index++) {
    const progress = (steps[index]?.actions ?? []).map((action) => advanceAction(action, deployment, view));
    if (progress.every((action) => action.done)) {
      finishedSteps.push(index);
      continue;
    }
    return {
      deployment: index === deployment.currentStep ? deployment : { ...deployment, currentStep: index },
      commands: progress.flatMap((action) => action.commands),
      finishedSteps,
    };
  }
  return { deployment: undefined, commands: [], finishedSteps };
}

function advanceAction(action: DeploymentAction, deployment: Deployment, view: DeploymentView): ActionProgress {
  const instances = view.instancesOf(action.app.id);
  switch (action.action) {
    case 'StartApplication':
      return { done: true, commands: [] };
    case 'ScaleApplication':
      return scale(action.app, action.scaleTo, action.sentencedToKill, instances, deployment.startedAtMs);
    case 'RestartApplication':
      return restart(action.app, instances, deployment.plan);
    case 'StopApplication':
      return stop(instances);
  }
}

// ------------------------------------------------------------------ actions

function scale(
  app: AppDefinition,
  scaleTo: number,
  sentencedToKill: readonly string[],
  instances: readonly Instance[],
  deploymentStartedAtMs: number,
): ActionProgress {
  const kept = instances.filter(isWanted);
  const commands: DeploymentCommand[] = [];
  if (kept.length < scaleTo) commands.push({ type: 'schedule', app, count: scaleTo - kept.length });
  if (kept.length > scaleTo)
    commands.push(...kills(selectInstancesToKill(kept, kept.length - scaleTo, app.killSelection, sentencedToKill)));
  // CHOICE: readiness checks are asked of the instances this deployment launched
  // (staged since it started, or not yet); instances that ran before it are not
  // re-probed for a scale, so their `ready` is not required.
  const isReadyKept = (instance: Instance): boolean =>
    isReady(instance, app, {
      readiness: instance.stagedAtMs === undefined || instance.stagedAtMs >= deploymentStartedAtMs,
    });
  const done = kept.length === scaleTo && kept.every(isReadyKept) && !instances.some(isDecommissionedAlive);
  return { done, commands };
}

function restart(app: AppDefinition, instances: readonly Instance[], plan: DeploymentPlan): ActionProgress {
  const n = app.instances;
  // New: wanted instances of the target version. Old: every other instance
  // with goal Running (other versions, and replaced inactive ones).
  const fresh = instances.filter((instance) => isWanted(instance) && instance.appVersion === app.version);
  const freshIds = new Set(fresh.map((instance) => instance.instanceId));
  const old = instances.filter((instance) => instance.goal === 'Running' && !freshIds.has(instance.instanceId));
  // Old instances run the original definition: its health checks say whether
  // they serve. Readiness is a deployment's check of new instances only.
  const oldApp = findApp(plan.original, app.id) ?? app;
  const readyOld = old.filter((instance) => isReady(instance, oldApp, { readiness: false }));
  const readyNew = fresh.filter((instance) => isReady(instance, app, { readiness: true }));
  const readyOldIds = new Set(readyOld.map((instance) => instance.instanceId));
  const notReadyOld = old.filter((instance) => !readyOldIds.has(instance.instanceId));
  // NOTE: from the instances alone the restart cannot know how many old ones
  // ran when it began. Giving restartStrategyFor at least `instances` old ones
  // applies the one-extra rule whenever minHealthy === maxCapacity: without
  // it, such a restart would stall as soon as fewer old ones remain (no old
  // one may go below the floor, no new one may start above the ceiling).
  const { minHealthy, maxCapacity } = restartStrategyFor(app, Math.max(old.length, n));

  // (a) More new ones than wanted (instances lowered): the surplus goes, the
  // least far along first, before the floor below is counted.
  const surplus = selectInstancesToKill(fresh, fresh.length - n, app.killSelection, []);
  const surplusIds = new Set(surplus.map((instance) => instance.instanceId));
  const readyNewKept = readyNew.filter((instance) => !surplusIds.has(instance.instanceId)).length;
  // (b) Old ones that do not serve go at once; ready ones while the floor holds.
  const killableReady = Math.max(0, readyOld.length + readyNewKept - minHealthy);
  const commands: DeploymentCommand[] = [
    ...kills(surplus),
    ...kills(notReadyOld),
    ...kills(selectInstancesToKill(readyOld, killableReady, app.killSelection, [])),
  ];
  // (c) New ones up to `instances`, within the capacity (the killed still count until gone).
  const alive = instances.filter(isAlive).length;
  const toStart = Math.min(n - fresh.length, maxCapacity - alive);
  if (toStart > 0) commands.push({ type: 'schedule', app, count: toStart });

  const done =
    old.length === 0 && fresh.length === n && readyNew.length === n && !instances.some(isDecommissionedAlive);
  return { done, commands };
}

function stop(instances: readonly Instance[]): ActionProgress {
  const commands = kills(instances.filter((instance) => instance.goal !== 'Decommissioned'));
  return { done: instances.length === 0, commands };
}

// ------------------------------------------------------------------ terms

const kills = (instances: readonly Instance[]): DeploymentCommand[] =>
  instances.map((instance) => ({ type: 'kill', instanceId: instance.instanceId }));

/** Goal Running and not replaced (UnreachableInactive): the instances an app counts. */
function isWanted(instance: Instance): boolean {
  return instance.goal === 'Running' && instance.condition !== 'UnreachableInactive';
}

/** Holds or may hold resources: wanted, or a task not ended (Decommissioned ones until they are gone). */
function isAlive(instance: Instance): boolean {
  if (instance.condition === 'UnreachableInactive') return false;
  return instance.goal === 'Running' || !isTerminalCondition(instance.condition);
}

function isDecommissionedAlive(instance: Instance): boolean {
  return instance.goal === 'Decommissioned' && isAlive(instance);
}

/** Running, healthy if `app` has health checks, and ready if it has readiness checks and they are asked for. */
function isReady(instance: Instance, app: AppDefinition, options: { readonly readiness: boolean }): boolean {
  return (
    instance.condition === 'Running' &&
    (app.healthChecks.length === 0 || instance.healthy === true) &&
    (!options.readiness || app.readinessChecks.length === 0 || instance.ready === true)
  );
}
