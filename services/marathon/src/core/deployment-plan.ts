/**
 * Marathon's deployment plan: the steps that take the apps of one root group
 * to those of another.
 *
 * Shape (steps that would be empty are left out):
 * 1. one step that stops every removed app (StopApplication);
 * 2. one step that starts every added app (StartApplication: created with 0
 *    instances);
 * 3. the added, scaled and changed apps, in steps by the length of their
 *    longest dependency chain in the TARGET tree (0: depends on nothing): an
 *    app comes in a strictly later step than every app it depends on, its
 *    own dependencies and its groups' alike. An added app is scaled to its
 *    instances (ScaleApplication), a scaled one (only `instances` changed)
 *    likewise, a changed one is restarted with its target definition
 *    (RestartApplication, which also brings `instances` to the target's).
 * Actions in a step are in app id order.
 *
 * NOTE: removed apps are not ordered by their dependencies (Marathon 1.x stops
 * them all in one step too): they are not in the target's graph.
 */
import { appDependencyGraph, diff, type AppDependencyGraph } from './group-tree.js';
import type {
  AppDefinition,
  DeploymentAction,
  DeploymentPlan,
  DeploymentStep,
  Group,
  PathId,
  Version,
} from './model.js';
import type { ValidationProblem } from './problems.js';

/** The target's dependencies name nothing or form a cycle (`appDependencyGraph` refused them): no order exists. */
export class UnorderableTargetError extends Error {
  override readonly name = 'UnorderableTargetError';
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(`the target's dependencies cannot be ordered: ${problems.flatMap((p) => p.errors).join('; ')}`);
  }
}

export interface PlanOptions {
  /** The deployment's id (made by the shell: the core has no randomness). */
  readonly id: string;
  /** Default: `target.version`. */
  readonly version?: Version;
}

/**
 * The plan from `original` to `target` (both root groups). Pure and
 * deterministic. The target must have passed `appDependencyGraph` (the API
 * refuses it otherwise); when it does not, throws UnorderableTargetError. A
 * plan with no steps means there is nothing to do.
 */
export function planDeployment(original: Group, target: Group, options: PlanOptions): DeploymentPlan {
  const graphResult = appDependencyGraph(target);
  if (!graphResult.ok) throw new UnorderableTargetError(graphResult.problems);
  const difference = diff(original, target);

  const steps: DeploymentStep[] = [];
  const addStep = (actions: DeploymentAction[]): void => {
    if (actions.length > 0) steps.push({ actions });
  };
  addStep(difference.removed.map((app) => ({ action: 'StopApplication', app })));
  addStep(difference.added.map((app) => ({ action: 'StartApplication', app })));

  const ordered: { readonly app: AppDefinition; readonly action: DeploymentAction }[] = [
    ...difference.added.map((app) => ({ app, action: scaleTo(app) })),
    ...difference.scaled.map(({ to }) => ({ app: to, action: scaleTo(to) })),
    ...difference.changed.map(({ to }): { app: AppDefinition; action: DeploymentAction } => ({
      app: to,
      action: { action: 'RestartApplication', app: to },
    })),
  ];
  const chainLength = dependencyChainLengths(graphResult.graph);
  const levels = new Map<number, DeploymentAction[]>();
  for (const { app, action } of ordered) {
    const level = chainLength(app.id);
    levels.set(level, [...(levels.get(level) ?? []), action]);
  }
  for (const level of [...levels.keys()].sort((a, b) => a - b))
    addStep([...(levels.get(level) ?? [])].sort((a, b) => compareIds(a.app.id, b.app.id)));

  const affected = new Set(steps.flatMap((step) => step.actions.map((action) => action.app.id)));
  return {
    id: options.id,
    original,
    target,
    steps,
    version: options.version ?? target.version,
    affectedAppIds: [...affected].sort(compareIds),
  };
}

function scaleTo(app: AppDefinition): DeploymentAction {
  return { action: 'ScaleApplication', app, scaleTo: app.instances, sentencedToKill: [] };
}

/**
 * The length of the longest dependency chain from each app (0: depends on
 * nothing), memoized. The graph is acyclic (checked by `appDependencyGraph`).
 */
function dependencyChainLengths(graph: AppDependencyGraph): (appId: PathId) => number {
  const lengths = new Map<PathId, number>();
  const lengthOf = (appId: PathId): number => {
    const known = lengths.get(appId);
    if (known !== undefined) return known;
    let length = 0;
    for (const dependency of graph.get(appId) ?? []) length = Math.max(length, lengthOf(dependency) + 1);
    lengths.set(appId, length);
    return length;
  };
  return lengthOf;
}

function compareIds(a: PathId, b: PathId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
