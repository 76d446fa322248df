/**
 * Invariants of the deployment plan over random original and target trees
 * (apps in a few groups, random instances and commands, random app and group
 * dependencies; targets whose dependencies form a cycle are skipped):
 * - an app comes in a strictly later step than every app it depends on (in
 *   the target), when both are scaled or restarted by the plan;
 * - removed apps only stop, all in the first step; added apps start in the
 *   step before any scale or restart;
 * - no app is twice in a step; every app of the diff is in the plan, no other,
 *   and `affectedAppIds` is exactly them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  appDependencyGraph,
  childId,
  diff,
  parentOf,
  planDeployment,
  ROOT_ID,
  type Group,
  type PathId,
} from '../src/core/index.js';
import { group, LATER, NOW } from './fixtures.js';

const GROUPS = ['/', '/g', '/g/h', '/k'];
const APP_SLOTS = GROUPS.flatMap((g) => ['a', 'b', 'c'].map((name) => childId(g, name)));

interface AppSpec {
  readonly id: PathId;
  readonly cmd: string;
  readonly instances: number;
  readonly dependencies: readonly PathId[];
}
interface TreeSpec {
  readonly apps: readonly AppSpec[];
  readonly groupDependencies: ReadonlyMap<PathId, readonly PathId[]>;
}

/** Random apps (two commands, 0..3 instances) with sparse dependencies on existing apps and groups. */
const treeSpec = fc.subarray(APP_SLOTS).chain((ids) => {
  const groups = [...new Set(ids.flatMap((id) => ancestorsOf(id)))].sort();
  const targets = [...ids, ...groups.filter((id) => id !== ROOT_ID)];
  const some = (noneWeight: number) =>
    targets.length === 0
      ? fc.constant<PathId[]>([])
      : fc.oneof(
          { arbitrary: fc.constant<PathId[]>([]), weight: noneWeight },
          { arbitrary: fc.subarray(targets, { minLength: 1, maxLength: Math.min(2, targets.length) }), weight: 1 },
        );
  const appSpec = (id: PathId) =>
    fc.record({
      id: fc.constant(id),
      cmd: fc.constantFrom('v1', 'v2'),
      instances: fc.integer({ min: 0, max: 3 }),
      dependencies: some(2),
    });
  return fc
    .tuple(fc.tuple(...ids.map(appSpec)), fc.array(some(5), { minLength: groups.length, maxLength: groups.length }))
    .map(([apps, groupDeps]): TreeSpec => ({
      apps,
      groupDependencies: new Map(groups.map((id, i) => [id, groupDeps[i] ?? []])),
    }));
});

function treeJson(spec: TreeSpec, id: PathId = ROOT_ID): Record<string, unknown> {
  const childGroups = [...spec.groupDependencies.keys()].filter((g) => g !== id && parentOf(g) === id);
  return {
    id,
    dependencies: spec.groupDependencies.get(id) ?? [],
    apps: spec.apps.filter((a) => parentOf(a.id) === id).map((a) => ({ ...a, dependencies: [...a.dependencies] })),
    groups: childGroups.map((g) => treeJson(spec, g)),
  };
}

const tree = (spec: TreeSpec, version: string): Group => group(treeJson(spec), version);

describe('planDeployment over random trees', () => {
  it('orders dependencies, stops only removed apps and covers exactly the diff', () => {
    fc.assert(
      fc.property(treeSpec, treeSpec, (originalSpec, targetSpec) => {
        const original = tree(originalSpec, NOW);
        const target = tree(targetSpec, LATER);
        const graph = appDependencyGraph(target);
        fc.pre(graph.ok);
        if (!graph.ok) return;
        const plan = planDeployment(original, target, { id: 'p' });
        const d = diff(original, target);

        // No app twice in a step; where each app is scaled or restarted.
        const changedAt = new Map<PathId, number>();
        plan.steps.forEach((step, index) => {
          const ids = step.actions.map((action) => action.app.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(step.actions.length).toBeGreaterThan(0);
          for (const action of step.actions) {
            if (action.action === 'ScaleApplication' || action.action === 'RestartApplication') {
              expect(changedAt.has(action.app.id)).toBe(false);
              changedAt.set(action.app.id, index);
            }
          }
        });

        // Every app after the apps it depends on.
        for (const [appId, at] of changedAt)
          for (const dependency of graph.graph.get(appId) ?? []) {
            const dependencyAt = changedAt.get(dependency);
            if (dependencyAt !== undefined) expect(at).toBeGreaterThan(dependencyAt);
          }

        // Removed apps only stop, in the first step; added ones start before any scale or restart.
        const removed = new Set(d.removed.map((a) => a.id));
        const added = new Set(d.added.map((a) => a.id));
        plan.steps.forEach((step, index) => {
          for (const action of step.actions) {
            expect(action.action === 'StopApplication').toBe(removed.has(action.app.id));
            if (action.action === 'StopApplication') expect(index).toBe(0);
            if (action.action === 'StartApplication') {
              expect(added.has(action.app.id)).toBe(true);
              expect(index).toBe(removed.size > 0 ? 1 : 0);
            }
          }
        });
        for (const id of added) expect(changedAt.has(id)).toBe(true);

        // Exactly the diff's apps, each with the right action.
        const expected = [...d.added, ...d.removed, ...d.scaled.map((c) => c.to), ...d.changed.map((c) => c.to)]
          .map((a) => a.id)
          .sort();
        expect(plan.affectedAppIds).toEqual(expected);
        const inSteps = new Set(plan.steps.flatMap((step) => step.actions.map((action) => action.app.id)));
        expect([...inSteps].sort()).toEqual(expected);
        for (const { to } of d.scaled) expect(actionOf(plan.steps, to.id)).toBe('ScaleApplication');
        for (const { to } of d.changed) expect(actionOf(plan.steps, to.id)).toBe('RestartApplication');
      }),
      { numRuns: 400 },
    );
  });
});

function actionOf(steps: ReturnType<typeof planDeployment>['steps'], appId: PathId): string | undefined {
  return steps.flatMap((step) => step.actions).find((action) => action.app.id === appId)?.action;
}
