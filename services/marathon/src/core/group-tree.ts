/**
 * The group tree: pure, immutable operations on Marathon's root group.
 *
 * Invariants of every tree these functions return (and assume of their input):
 * - the root's id is "/"; every app and group sits in the group whose id is
 *   its parent id (`group.apps` and `group.groups` hold direct children only);
 * - an id names an app or a group, never both, and nothing lies inside an app.
 *
 * Changes (`putApp`, `removeApp`, `putGroup`, `removeGroup`) return a new root
 * that shares what did not change; the groups on the changed path get the
 * change's version (the root included: every change makes a new root
 * version). Give them a version that is new for the tree, e.g.
 * `nextRootVersion(root.version, clock)`. Apps put into the tree are versioned
 * against the app they replace by `nextVersions`, so a scale keeps
 * `lastConfigChangeAt` and an unchanged app keeps its version.
 *
 * Dependencies: an app depends on the ids in its own `dependencies` and in
 * those of every group enclosing it; an id of a group stands for every app
 * inside it (transitively). `appDependencyGraph` expands them into app → apps
 * edges, refusing ids that name nothing and dependency cycles.
 */
import { appToJson, parseApp, type AppJson } from './app-definition.js';
import { definitionsEqual } from './equality.js';
import { PathConflictError, UnknownAppError, UnknownGroupError, type TreeError } from './errors.js';
import type { AppDefinition, Group, PathId, Version } from './model.js';
import {
  ancestorsOf,
  childId,
  fromSegments,
  isSameOrInside,
  parentOf,
  resolvePathId,
  ROOT_ID,
  segmentsOf,
} from './paths.js';
import { pathOf, ProblemList, UNKNOWN_FIELD, underPath, type ValidationProblem } from './problems.js';
import { nextVersions } from './versions.js';

/** A change of the tree: the new root, or why it was refused (the old root stands). */
export type TreeResult =
  { readonly ok: true; readonly root: Group } | { readonly ok: false; readonly error: TreeError };

/** A group with nothing in it. */
export function emptyGroup(id: PathId, version: Version): Group {
  return { id, apps: new Map(), groups: new Map(), dependencies: [], version };
}

// ------------------------------------------------------------------ lookups

/** The group with this id, if any. */
export function findGroup(root: Group, id: PathId): Group | undefined {
  if (!isSameOrInside(id, root.id)) return undefined;
  let group: Group | undefined = root;
  for (const segment of segmentsOf(id).slice(segmentsOf(root.id).length)) {
    group = group.groups.get(childId(group.id, segment));
    if (group === undefined) return undefined;
  }
  return group;
}

/** The app with this id, if any. */
export function findApp(root: Group, id: PathId): AppDefinition | undefined {
  const parent = parentOf(id);
  return parent === undefined ? undefined : findGroup(root, parent)?.apps.get(id);
}

// NOTE: groups are immutable, so what is derived from one is remembered by the group object (a change makes new
// groups on its path and shares the rest): every change of the API reads these lists several times.
const appsOfGroup = new WeakMap<Group, readonly AppDefinition[]>();
const groupsOfGroup = new WeakMap<Group, readonly Group[]>();
const graphOfRoot = new WeakMap<Group, DependencyGraphResult>();

/** Every app in `group` and its groups, transitively, in id order (a new array each call). */
export function allApps(group: Group): AppDefinition[] {
  let apps = appsOfGroup.get(group);
  if (apps === undefined) {
    const out: AppDefinition[] = [...group.apps.values()];
    for (const child of group.groups.values()) for (const app of allApps(child)) out.push(app);
    apps = out.sort((a, b) => compareIds(a.id, b.id));
    appsOfGroup.set(group, apps);
  }
  return [...apps];
}

/** `group` and every group inside it, transitively, in id order (a new array each call). */
export function allGroups(group: Group): Group[] {
  let groups = groupsOfGroup.get(group);
  if (groups === undefined) {
    const out: Group[] = [group];
    for (const child of group.groups.values()) for (const inner of allGroups(child)) out.push(inner);
    groups = out.sort((a, b) => compareIds(a.id, b.id));
    groupsOfGroup.set(group, groups);
  }
  return [...groups];
}

// ------------------------------------------------------------------ changes

/**
 * Puts `app` at its id, creating the groups on the way as Marathon does, and
 * replacing the app of that id if there is one (versioned against it by
 * `nextVersions`). Refused when a group has that id or an app encloses it.
 */
export function putApp(root: Group, app: AppDefinition, nowVersion: Version): TreeResult {
  const conflict = conflictAt(root, app.id, 'app');
  if (conflict !== undefined) return { ok: false, error: conflict };
  const versioned = nextVersions(findApp(root, app.id), app, nowVersion);
  const parent = parentOf(app.id) ?? ROOT_ID;
  return {
    ok: true,
    root: updateAt(root, parent, nowVersion, (group) => ({ ...group, apps: withEntry(group.apps, app.id, versioned) })),
  };
}

/** Removes the app of this id; its group stays, even if now empty (as in Marathon). */
export function removeApp(root: Group, id: PathId, nowVersion: Version): TreeResult {
  if (findApp(root, id) === undefined) return { ok: false, error: new UnknownAppError(id) };
  const parent = parentOf(id) ?? ROOT_ID;
  return {
    ok: true,
    root: updateAt(root, parent, nowVersion, (group) => ({ ...group, apps: withoutEntry(group.apps, id) })),
  };
}

/**
 * Puts `group` (a whole subtree) at its id, replacing what was there and
 * creating the groups on the way; "/" replaces the root's content. Every app
 * in it is versioned against the app of the same id in `root` (`nextVersions`),
 * every group in it gets `nowVersion`. Refused when an app has that id or
 * encloses it.
 */
export function putGroup(root: Group, group: Group, nowVersion: Version): TreeResult {
  const conflict = conflictAt(root, group.id, 'group');
  if (conflict !== undefined) return { ok: false, error: conflict };
  const placed = restamp(group, root, nowVersion);
  if (group.id === ROOT_ID) return { ok: true, root: placed };
  const parent = parentOf(group.id) ?? ROOT_ID;
  return {
    ok: true,
    root: updateAt(root, parent, nowVersion, (current) => ({
      ...current,
      groups: withEntry(current.groups, group.id, placed),
    })),
  };
}

/** Removes the group of this id and all in it; "/" empties the root (which stays). */
export function removeGroup(root: Group, id: PathId, nowVersion: Version): TreeResult {
  if (findGroup(root, id) === undefined) return { ok: false, error: new UnknownGroupError(id) };
  if (id === ROOT_ID) return { ok: true, root: emptyGroup(ROOT_ID, nowVersion) };
  const parent = parentOf(id) ?? ROOT_ID;
  return {
    ok: true,
    root: updateAt(root, parent, nowVersion, (group) => ({ ...group, groups: withoutEntry(group.groups, id) })),
  };
}

/**
 * `target` with every app versioned against the app of the same id in
 * `original` (`nextVersions`): what a whole-tree update (`PUT /v2/groups`)
 * stores. Groups keep their versions.
 */
export function withAppVersions(original: Group, target: Group, nowVersion: Version): Group {
  return mapApps(target, (app) => nextVersions(findApp(original, app.id), app, nowVersion));
}

/** The group (or app) in the way of putting a `kind` at `id`, if any. */
function conflictAt(root: Group, id: PathId, kind: 'app' | 'group'): PathConflictError | undefined {
  for (const ancestor of ancestorsOf(id))
    if (findApp(root, ancestor) !== undefined) return new PathConflictError(id, ancestor, 'app');
  if (kind === 'app' && findGroup(root, id) !== undefined) return new PathConflictError(id, id, 'group');
  if (kind === 'group' && findApp(root, id) !== undefined) return new PathConflictError(id, id, 'app');
  return undefined;
}

/**
 * `group` with `change` applied to its descendant `targetId` (created, with
 * the groups on the way, when missing); every group on the path gets `version`.
 */
function updateAt(group: Group, targetId: PathId, version: Version, change: (group: Group) => Group): Group {
  if (group.id === targetId) return { ...change(group), version };
  const nextId = fromSegments(segmentsOf(targetId).slice(0, segmentsOf(group.id).length + 1));
  const child = group.groups.get(nextId) ?? emptyGroup(nextId, version);
  return { ...group, groups: withEntry(group.groups, nextId, updateAt(child, targetId, version, change)), version };
}

/** `group` with `nowVersion` on every group and every app versioned against `previousRoot`'s. */
function restamp(group: Group, previousRoot: Group, nowVersion: Version): Group {
  return {
    ...group,
    apps: new Map([...group.apps].map(([id, app]) => [id, nextVersions(findApp(previousRoot, id), app, nowVersion)])),
    groups: new Map([...group.groups].map(([id, child]) => [id, restamp(child, previousRoot, nowVersion)])),
    version: nowVersion,
  };
}

function mapApps(group: Group, fn: (app: AppDefinition) => AppDefinition): Group {
  return {
    ...group,
    apps: new Map([...group.apps].map(([id, app]) => [id, fn(app)])),
    groups: new Map([...group.groups].map(([id, child]) => [id, mapApps(child, fn)])),
  };
}

// ------------------------------------------------------------------ JSON

/** A group as Marathon writes it (`GET /v2/groups/{id}`). */
export interface GroupJson {
  readonly id: string;
  readonly apps: readonly AppJson[];
  readonly groups: readonly GroupJson[];
  readonly pods: readonly never[];
  readonly dependencies: readonly string[];
  readonly version: string;
}

/** The group in Marathon's JSON shape, apps and groups in id order. `parseGroup` accepts it back unchanged. */
export function groupToJson(group: Group): GroupJson {
  return {
    id: group.id,
    apps: [...group.apps.values()].sort((a, b) => compareIds(a.id, b.id)).map(appToJson),
    groups: [...group.groups.values()].sort((a, b) => compareIds(a.id, b.id)).map(groupToJson),
    pods: [],
    dependencies: [...group.dependencies],
    version: group.version,
  };
}

export interface ParseGroupOptions {
  /** The group a relative top-level `id` is resolved against ("/" for `POST /v2/groups`). */
  readonly baseGroup: PathId;
  /** The version of every group and app parsed (the injected clock's reading). */
  readonly nowVersion: Version;
  /** As for `parseApp`. */
  readonly defaultRole: string;
}

export type ParseGroupResult =
  | { readonly ok: true; readonly group: Group }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

const GROUP_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'apps',
  'groups',
  'dependencies',
  'version',
  'pods',
  'enforceRole',
]);

/**
 * Parses a group's JSON (`{id, apps, groups, dependencies}`, as `POST` and
 * `PUT /v2/groups` take it) into a group: the top-level id resolved against
 * `baseGroup`; nested groups' and apps' ids against their enclosing group
 * (each must then be a direct child of it, as Marathon requires); a group's
 * dependencies against the group itself ("../db" in /prod/web is /prod/db,
 * as Marathon's docs have it), an app's against its group. Every problem is
 * answered, with paths like "/groups(0)/apps(1)/cpus"; nothing is thrown.
 * Whether dependencies name existing apps or groups and whether they form a
 * cycle is a question for the whole tree: see `appDependencyGraph`.
 */
export function parseGroup(json: unknown, options: ParseGroupOptions): ParseGroupResult {
  const problems = new ProblemList();
  const group = parseGroupAt(json, options.baseGroup, undefined, '/', problems, options);
  if (group === undefined || !problems.isEmpty) return { ok: false, problems: problems.toList() };
  return { ok: true, group };
}

function parseGroupAt(
  json: unknown,
  base: PathId,
  parentId: PathId | undefined,
  at: string,
  problems: ProblemList,
  options: ParseGroupOptions,
): Group | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.add(at, 'must be an object (a group)');
    return undefined;
  }
  const record = json as Record<string, unknown>;
  const field = (key: string): unknown => (record[key] === null ? undefined : record[key]);
  for (const key of Object.keys(record))
    if (!GROUP_FIELDS.has(key)) problems.add(underPath(at, pathOf([key])), UNKNOWN_FIELD);
  const pods = field('pods');
  if (pods !== undefined && !(Array.isArray(pods) && pods.length === 0))
    problems.add(underPath(at, '/pods'), 'pods: pods are not supported by Tessera; give each container as an app');
  const enforceRole = field('enforceRole');
  if (enforceRole !== undefined && enforceRole !== false)
    problems.add(underPath(at, '/enforceRole'), 'enforceRole: not supported by Tessera; give the apps their role');

  const rawId = field('id');
  let id: PathId | undefined;
  if (typeof rawId !== 'string')
    problems.add(underPath(at, '/id'), rawId === undefined ? 'is required' : 'must be a string');
  else {
    const resolved = resolvePathId(rawId, base);
    if (!resolved.ok) problems.add(underPath(at, '/id'), resolved.error);
    else if (parentId !== undefined && parentOf(resolved.id) !== parentId)
      problems.add(underPath(at, '/id'), `'${resolved.id}' is not a direct child of group '${parentId}'`);
    else id = resolved.id;
  }

  const dependencies = parseIdList(field('dependencies'), id ?? base, underPath(at, '/dependencies'), problems);
  const apps = new Map<PathId, AppDefinition>();
  const groups = new Map<PathId, Group>();

  const appsJson = field('apps');
  if (appsJson !== undefined && !Array.isArray(appsJson)) problems.add(underPath(at, '/apps'), 'must be an array');
  else
    (appsJson ?? []).forEach((appJson: unknown, index: number) => {
      const appAt = underPath(at, `/apps(${index})`);
      const parsed = parseApp(appJson, { ...options, baseGroup: id ?? base });
      if (!parsed.ok) problems.addAll(parsed.problems, appAt);
      else if (id !== undefined && parentOf(parsed.app.id) !== id)
        problems.add(`${appAt}/id`, `'${parsed.app.id}' is not a direct child of group '${id}'`);
      else if (apps.has(parsed.app.id)) problems.add(`${appAt}/id`, `app '${parsed.app.id}' is given twice`);
      else apps.set(parsed.app.id, parsed.app);
    });

  const groupsJson = field('groups');
  if (groupsJson !== undefined && !Array.isArray(groupsJson))
    problems.add(underPath(at, '/groups'), 'must be an array');
  else
    (groupsJson ?? []).forEach((groupJson: unknown, index: number) => {
      const groupAt = underPath(at, `/groups(${index})`);
      const child = parseGroupAt(groupJson, id ?? base, id ?? base, groupAt, problems, options);
      if (child === undefined) return;
      if (groups.has(child.id)) problems.add(`${groupAt}/id`, `group '${child.id}' is given twice`);
      else if (apps.has(child.id))
        problems.add(`${groupAt}/id`, `'${child.id}' is also an app; an app and a group cannot share an id`);
      else groups.set(child.id, child);
    });

  if (id === undefined || dependencies === undefined) return undefined;
  return { id, apps, groups, dependencies, version: options.nowVersion };
}

function parseIdList(value: unknown, base: PathId, at: string, problems: ProblemList): PathId[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(at, 'must be an array of ids');
    return undefined;
  }
  const out: PathId[] = [];
  let valid = true;
  value.forEach((raw: unknown, index: number) => {
    const resolved =
      typeof raw === 'string' ? resolvePathId(raw, base) : { ok: false as const, error: 'must be a string' };
    if (!resolved.ok) {
      problems.add(`${at}(${index})`, resolved.error);
      valid = false;
    } else if (out.includes(resolved.id)) {
      problems.add(`${at}(${index})`, `${resolved.id} is given twice`);
      valid = false;
    } else out.push(resolved.id);
  });
  return valid ? out : undefined;
}

// ------------------------------------------------------------------ dependencies

/** App id → the ids of the apps it depends on (expanded and inherited), each list in id order. */
export type AppDependencyGraph = ReadonlyMap<PathId, readonly PathId[]>;

export type DependencyGraphResult =
  | { readonly ok: true; readonly graph: AppDependencyGraph }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * The dependencies between the apps of the tree: each app's own and those
 * inherited from its enclosing groups, with every group id expanded to the
 * apps inside it. Refused (problems at "/") when an id names neither an app
 * nor a group, and when the dependencies form a cycle ("dependency cycle:
 * /a → /b → /a"). NOTE: a group that depends on a group containing it makes
 * its apps depend on themselves, which is a cycle too.
 */
export function appDependencyGraph(root: Group): DependencyGraphResult {
  let result = graphOfRoot.get(root);
  if (result === undefined) {
    result = buildDependencyGraph(root);
    graphOfRoot.set(root, result);
  }
  return result;
}

function buildDependencyGraph(root: Group): DependencyGraphResult {
  const problems = new ProblemList();
  const appIds = new Set(allApps(root).map((app) => app.id));
  const expand = (owner: string, dependency: PathId): readonly PathId[] => {
    if (appIds.has(dependency)) return [dependency];
    const group = findGroup(root, dependency);
    if (group !== undefined) return allApps(group).map((app) => app.id);
    problems.add('/', `${owner} depends on '${dependency}', which is neither an app nor a group`);
    return [];
  };
  // Each group's dependencies expanded once (and a missing id reported once).
  const groupEdges = new Map<PathId, readonly PathId[]>();
  for (const group of allGroups(root))
    groupEdges.set(
      group.id,
      group.dependencies.flatMap((dependency) => expand(`group '${group.id}'`, dependency)),
    );
  const graph = new Map<PathId, readonly PathId[]>();
  for (const app of allApps(root)) {
    const edges = new Set(app.dependencies.flatMap((dependency) => expand(`app '${app.id}'`, dependency)));
    for (const ancestor of ancestorsOf(app.id)) for (const edge of groupEdges.get(ancestor) ?? []) edges.add(edge);
    graph.set(app.id, [...edges].sort(compareIds));
  }
  if (!problems.isEmpty) return { ok: false, problems: problems.toList() };
  const cycle = findDependencyCycle(graph);
  if (cycle !== undefined) return { ok: false, problems: [{ path: '/', errors: [formatCycle(cycle)] }] };
  return { ok: true, graph };
}

/**
 * A cycle of `graph`, as the ids along it with the first repeated at the end
 * (["/a", "/b", "/a"]; a self-dependency is ["/a", "/a"]), or undefined when
 * there is none. Deterministic: nodes and edges are visited in id order.
 * Edges to ids that are not nodes of the graph are ignored.
 */
export function findDependencyCycle(graph: AppDependencyGraph): PathId[] | undefined {
  const state = new Map<PathId, 'open' | 'done'>();
  for (const start of [...graph.keys()].sort(compareIds)) {
    if (state.has(start)) continue;
    // Iterative depth-first search: the stack is the path from `start`.
    const stack: { id: PathId; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const edges = graph.get(top.id) ?? [];
      const target = edges[top.next];
      top.next++;
      if (target === undefined) {
        state.set(top.id, 'done');
        stack.pop();
      } else if (!graph.has(target) || state.get(target) === 'done') {
        continue;
      } else if (state.get(target) === 'open') {
        const from = stack.findIndex((frame) => frame.id === target);
        return [...stack.slice(from).map((frame) => frame.id), target];
      } else {
        state.set(target, 'open');
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return undefined;
}

/** "dependency cycle: /a → /b → /a". */
export function formatCycle(cycle: readonly PathId[]): string {
  return `dependency cycle: ${cycle.join(' → ')}`;
}

// ------------------------------------------------------------------ diff

/** One app in both trees. */
export interface AppChange {
  readonly from: AppDefinition;
  readonly to: AppDefinition;
}

/**
 * What changes between two trees, app by app (each list in id order; apps
 * that did not change are in none):
 * - `added` / `removed`: apps only in the target / only in the original;
 * - `scaled`: only `instances` differs (no restart: `lastConfigChangeAt` stays);
 * - `changed`: anything else differs (a restart: a new `lastConfigChangeAt`).
 * Versions are not compared: an app that says the same is unchanged.
 */
export interface GroupDiff {
  readonly added: readonly AppDefinition[];
  readonly removed: readonly AppDefinition[];
  readonly scaled: readonly AppChange[];
  readonly changed: readonly AppChange[];
}

/** The app-level difference from `original` to `target` (see `GroupDiff`). */
export function diff(original: Group, target: Group): GroupDiff {
  const before = new Map(allApps(original).map((app) => [app.id, app]));
  const after = allApps(target);
  const afterIds = new Set(after.map((app) => app.id));
  const added: AppDefinition[] = [];
  const scaled: AppChange[] = [];
  const changed: AppChange[] = [];
  for (const to of after) {
    const from = before.get(to.id);
    if (from === undefined) added.push(to);
    else if (definitionsEqual(from, to)) continue;
    else if (definitionsEqual(from, to, { ignoreInstances: true })) scaled.push({ from, to });
    else changed.push({ from, to });
  }
  const removed = [...before.values()].filter((app) => !afterIds.has(app.id));
  return { added, removed, scaled, changed };
}

/** Whether a diff changes nothing. */
export function isEmptyDiff(difference: GroupDiff): boolean {
  return (
    difference.added.length === 0 &&
    difference.removed.length === 0 &&
    difference.scaled.length === 0 &&
    difference.changed.length === 0
  );
}

// ------------------------------------------------------------------ helpers

/** Orders ids by code unit; a group's id sorts before every id inside it (it is their prefix). */
function compareIds(a: PathId, b: PathId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withEntry<V>(map: ReadonlyMap<PathId, V>, key: PathId, value: V): Map<PathId, V> {
  const copy = new Map(map);
  copy.set(key, value);
  return copy;
}

function withoutEntry<V>(map: ReadonlyMap<PathId, V>, key: PathId): Map<PathId, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}
