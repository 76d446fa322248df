/**
 * Invariants of the group tree over random trees and dependencies:
 * - cycle detection agrees with a brute-force topological sort (Kahn's), and
 *   a cycle it reports is a real one;
 * - the dependency graph of a random tree (app and group dependencies,
 *   inherited and expanded) is refused exactly when the brute-force expansion
 *   has a cycle, and otherwise has the brute-force edges;
 * - diff(a, a) is empty, and diff classifies an app as nextVersions versions it;
 * - put, find and remove agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allApps,
  ancestorsOf,
  appDependencyGraph,
  childId,
  diff,
  emptyGroup,
  findApp,
  findDependencyCycle,
  groupToJson,
  isAncestorOf,
  isEmptyDiff,
  nextVersions,
  parentOf,
  putApp,
  removeApp,
  ROOT_ID,
  type AppDefinition,
  type Group,
  type PathId,
} from '../src/core/index.js';
import { validAppJson } from './arbitraries.js';
import { app, group, LATER, NOW } from './fixtures.js';

/** Kahn's algorithm: whether every node can be ordered (no cycle). */
function isAcyclic(graph: ReadonlyMap<string, readonly string[]>): boolean {
  const indegree = new Map([...graph.keys()].map((node) => [node, 0]));
  for (const edges of graph.values())
    for (const to of edges) if (indegree.has(to)) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  const ready = [...indegree].filter(([, degree]) => degree === 0).map(([node]) => node);
  let ordered = 0;
  while (ready.length > 0) {
    const node = ready.pop() as string;
    ordered++;
    for (const to of graph.get(node) ?? []) {
      if (!indegree.has(to)) continue;
      const degree = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, degree);
      if (degree === 0) ready.push(to);
    }
  }
  return ordered === graph.size;
}

const NODES = ['/a', '/b', '/c', '/d', '/e', '/f'];
const randomGraph = fc
  .array(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...NODES)), { maxLength: 10 })
  .map(
    (edges) =>
      new Map(
        NODES.map((node) => [node, [...new Set(edges.filter(([from]) => from === node).map(([, to]) => to))].sort()]),
      ),
  );

const GROUPS = ['/', '/g', '/g/h', '/k'];
const APP_SLOTS = GROUPS.flatMap((g) => ['a', 'b', 'c'].map((name) => childId(g, name)));

interface TreeSpec {
  readonly apps: readonly PathId[];
  readonly appDependencies: ReadonlyMap<PathId, readonly PathId[]>;
  readonly groupDependencies: ReadonlyMap<PathId, readonly PathId[]>;
}

/** Random apps in a few groups, with random dependencies on existing apps and groups. */
const treeSpec = fc.subarray(APP_SLOTS, { minLength: 1 }).chain((apps) => {
  const groups = [...new Set(apps.flatMap((id) => ancestorsOf(id)))].sort();
  const targets = [...apps, ...groups.filter((id) => id !== ROOT_ID)];
  // Sparse dependencies, so that about half of the trees have no cycle.
  const some = (maxLength: number, noneWeight: number) =>
    fc.oneof(
      { arbitrary: fc.constant<PathId[]>([]), weight: noneWeight },
      { arbitrary: fc.subarray(targets, { minLength: 1, maxLength: Math.min(maxLength, targets.length) }), weight: 1 },
    );
  return fc
    .tuple(
      fc.array(some(2, 2), { minLength: apps.length, maxLength: apps.length }),
      fc.array(some(1, 6), { minLength: groups.length, maxLength: groups.length }),
    )
    .map(([appDeps, groupDeps]): TreeSpec => ({
      apps,
      appDependencies: new Map(apps.map((id, i) => [id, appDeps[i] ?? []])),
      groupDependencies: new Map(groups.map((id, i) => [id, groupDeps[i] ?? []])),
    }));
});

/** The spec as Marathon group JSON (absolute ids). */
function treeJson(spec: TreeSpec, id: PathId = ROOT_ID): Record<string, unknown> {
  const childGroups = [...spec.groupDependencies.keys()].filter((g) => g !== id && parentOf(g) === id);
  return {
    id,
    dependencies: spec.groupDependencies.get(id) ?? [],
    apps: spec.apps
      .filter((appId) => parentOf(appId) === id)
      .map((appId) => ({ id: appId, cmd: 'true', dependencies: spec.appDependencies.get(appId) ?? [] })),
    groups: childGroups.map((g) => treeJson(spec, g)),
  };
}

/** The brute-force expansion: own and inherited dependencies, a group standing for the apps inside it. */
function expandedEdges(spec: TreeSpec): Map<PathId, PathId[]> {
  const expand = (target: PathId) =>
    spec.apps.includes(target) ? [target] : spec.apps.filter((a) => isAncestorOf(target, a));
  return new Map(
    spec.apps.map((appId) => {
      const declared = [
        ...(spec.appDependencies.get(appId) ?? []),
        ...ancestorsOf(appId).flatMap((g) => spec.groupDependencies.get(g) ?? []),
      ];
      return [appId, [...new Set(declared.flatMap(expand))].sort()];
    }),
  );
}

describe('the group tree over random trees', () => {
  it('finds a cycle exactly when a topological sort fails, and a real one', () => {
    fc.assert(
      fc.property(randomGraph, (graph) => {
        const cycle = findDependencyCycle(graph);
        expect(cycle === undefined).toBe(isAcyclic(graph));
        if (cycle !== undefined) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let i = 0; i + 1 < cycle.length; i++) expect(graph.get(cycle[i] as string)).toContain(cycle[i + 1]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a tree’s dependencies exactly when their brute-force expansion has a cycle', () => {
    fc.assert(
      fc.property(treeSpec, (spec) => {
        const tree = group(treeJson(spec));
        const expected = expandedEdges(spec);
        const result = appDependencyGraph(tree);
        expect(result.ok).toBe(isAcyclic(expected));
        if (result.ok) expect(new Map(result.graph)).toEqual(expected);
        else expect(result.problems[0]?.errors[0]).toMatch(/^dependency cycle: (\/[a-z/]+ → )+\/[a-z/]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('has an empty diff between a tree and itself, and round-trips it through JSON', () => {
    fc.assert(
      fc.property(treeSpec, (spec) => {
        const tree = group(treeJson(spec));
        expect(isEmptyDiff(diff(tree, tree))).toBe(true);
        const again = group(JSON.parse(JSON.stringify(groupToJson(tree))));
        expect(again).toEqual(tree);
        expect(isEmptyDiff(diff(tree, again))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('classifies an app in diff as nextVersions versions it', () => {
    const change = fc.constantFrom('none', 'instances', 'cpus', 'env', 'healthChecks');
    fc.assert(
      fc.property(validAppJson, change, (json, what) => {
        const before = app(json);
        const changed: Record<string, unknown> = { ...json };
        if (what === 'instances') changed['instances'] = before.instances + 1;
        if (what === 'cpus') changed['cpus'] = before.cpus + 1;
        if (what === 'env') changed['env'] = { ...before.env, ADDED: 'yes' };
        if (what === 'healthChecks') changed['healthChecks'] = [];
        const after = app(changed, LATER);
        const original = treeWith(before);
        const target = treeWith(after);
        const d = diff(original, target);
        const versioned = nextVersions(before, after, LATER);
        if (d.changed.length === 1) expect(versioned.versionInfo.lastConfigChangeAt).toBe(LATER);
        else if (d.scaled.length === 1)
          expect(versioned.versionInfo).toEqual({ lastScalingAt: LATER, lastConfigChangeAt: NOW });
        else {
          expect(isEmptyDiff(d)).toBe(true);
          expect(versioned.version).toBe(NOW);
        }
        if (what === 'instances') expect(d.scaled).toHaveLength(1);
        if (what === 'cpus' || what === 'env') expect(d.changed).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });

  it('finds what it put and forgets what it removed', () => {
    fc.assert(
      fc.property(fc.subarray(APP_SLOTS, { minLength: 1 }), (ids) => {
        let tree: Group = emptyGroup(ROOT_ID, NOW);
        for (const id of ids) {
          const result = putApp(tree, app({ id, cmd: 'true' }), LATER);
          if (!result.ok) expect.fail(result.error.message);
          tree = result.root;
        }
        expect(allApps(tree).map((a) => a.id)).toEqual([...ids].sort());
        const [first] = ids;
        if (first === undefined) return;
        const removed = removeApp(tree, first, LATER);
        if (!removed.ok) expect.fail(removed.error.message);
        expect(findApp(removed.root, first)).toBeUndefined();
        expect(allApps(removed.root)).toHaveLength(ids.length - 1);
      }),
      { numRuns: 200 },
    );
  });
});

function treeWith(one: AppDefinition): Group {
  const result = putApp(emptyGroup(ROOT_ID, NOW), one, NOW);
  if (!result.ok) expect.fail(result.error.message);
  return result.root;
}
