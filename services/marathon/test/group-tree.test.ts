import { describe, expect, it } from 'vitest';
import {
  allApps,
  allGroups,
  appDependencyGraph,
  diff,
  emptyGroup,
  findApp,
  findDependencyCycle,
  findGroup,
  groupToJson,
  isEmptyDiff,
  parseGroup,
  PathConflictError,
  putApp,
  putGroup,
  removeApp,
  removeGroup,
  UnknownAppError,
  UnknownGroupError,
  UNKNOWN_FIELD,
  withAppVersions,
  type Group,
  type TreeResult,
} from '../src/core/index.js';
import { app, group, LATER, NOW, options, productGroup } from './fixtures.js';

const EARLY = '2026-03-01T11:00:00.000Z';
const root = (json: Record<string, unknown>): Group => group({ id: '/', ...json });
const rootOf = (result: TreeResult): Group => {
  if (!result.ok) expect.fail(result.error.message);
  return result.root;
};
const ids = (g: Group) => allApps(g).map((a) => a.id);

describe('parseGroup', () => {
  it("resolves Marathon's documented product group: relative ids, group and app dependencies", () => {
    const product = group(productGroup);
    expect(product.id).toBe('/product');
    expect(allGroups(product).map((g) => g.id)).toEqual(['/product', '/product/database', '/product/service']);
    expect(ids(product)).toEqual([
      '/product/database/mongo',
      '/product/database/mysql',
      '/product/service/play-app',
      '/product/service/rails-app',
    ]);
    // A group's dependencies resolve against the group itself, an app's against its group.
    expect(findGroup(product, '/product/service')?.dependencies).toEqual(['/product/database']);
    expect(findApp(product, '/product/service/play-app')?.dependencies).toEqual(['/product/service/rails-app']);
    expect(allGroups(product).every((g) => g.version === NOW)).toBe(true);
  });

  it('resolves the top-level id against the base group', () => {
    expect(group({ id: 'team', apps: [{ id: 'job', cmd: 'true' }] }, NOW, '/org').apps.has('/org/team/job')).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a missing id', { id: undefined }, '/id', 'is required'],
    [
      'an invalid id',
      { id: '/Prod' },
      '/id',
      "'/Prod' is not a valid path id: 'Prod' has uppercase letters (ids are lowercase)",
    ],
    [
      'an app that is not a direct child',
      { apps: [{ id: '/elsewhere/x', cmd: 'true' }] },
      '/apps(0)/id',
      "'/elsewhere/x' is not a direct child of group '/g'",
    ],
    [
      'an app two levels down',
      { apps: [{ id: 'a/b', cmd: 'true' }] },
      '/apps(0)/id',
      "'/g/a/b' is not a direct child of group '/g'",
    ],
    [
      'an app given twice',
      {
        apps: [
          { id: 'a', cmd: 'true' },
          { id: '/g/a', cmd: 'false' },
        ],
      },
      '/apps(1)/id',
      "app '/g/a' is given twice",
    ],
    [
      'a group with the id of an app',
      { apps: [{ id: 'a', cmd: 'true' }], groups: [{ id: 'a' }] },
      '/groups(0)/id',
      "'/g/a' is also an app; an app and a group cannot share an id",
    ],
    ['a group given twice', { groups: [{ id: 'x' }, { id: '/g/x' }] }, '/groups(1)/id', "group '/g/x' is given twice"],
    [
      'a nested group elsewhere',
      { groups: [{ id: '/x' }] },
      '/groups(0)/id',
      "'/x' is not a direct child of group '/g'",
    ],
    [
      'an invalid app inside',
      { groups: [{ id: 'x', apps: [{ id: 'y', cmd: 'true', cpus: -1 }] }] },
      '/groups(0)/apps(0)/cpus',
      'must be >= 0',
    ],
    [
      'an app refused inside',
      { apps: [{ id: 'y', cmd: 'true', container: { type: 'DOCKER' } }] },
      '/apps(0)/container',
      'container: Docker containers are not supported by Tessera; run the command directly',
    ],
    ['an app that is not an object', { apps: ['y'] }, '/apps(0)', 'must be an object (an app definition)'],
    ['apps that are not a list', { apps: {} }, '/apps', 'must be an array'],
    [
      'an invalid dependency',
      { dependencies: ['../../..'] },
      '/dependencies(0)',
      "'../../..' climbs above the root group",
    ],
    [
      'pods',
      { pods: [{ id: 'p' }] },
      '/pods',
      'pods: pods are not supported by Tessera; give each container as an app',
    ],
    [
      'enforceRole',
      { enforceRole: true },
      '/enforceRole',
      'enforceRole: not supported by Tessera; give the apps their role',
    ],
    ['an unknown field', { scaleBy: 2 }, '/scaleBy', UNKNOWN_FIELD],
  ])('refuses %s', (_what, fields, path, message) => {
    const json: Record<string, unknown> = { id: '/g', ...fields };
    for (const [key, value] of Object.entries(fields)) if (value === undefined) delete json[key];
    const result = parseGroup(json, options());
    expect(result.ok ? [] : result.problems).toContainEqual({ path, errors: [message] });
  });

  it('accepts the empty forms of what it refuses', () => {
    expect(group({ id: '/g', pods: [], enforceRole: false, version: 'x', apps: null }).id).toBe('/g');
  });

  it('round-trips through groupToJson', () => {
    const product = group(productGroup);
    const json = JSON.parse(JSON.stringify(groupToJson(product))) as unknown;
    expect(group(json)).toEqual(product);
    expect(groupToJson(group(json))).toEqual(json);
  });
});

describe('changes of the tree', () => {
  const start = root({ apps: [{ id: 'a', cmd: 'true' }] });

  it('puts an app, creating the groups on the way with the change’s version', () => {
    const next = rootOf(putApp(start, app({ id: '/x/y/z', cmd: 'true' }), LATER));
    expect(ids(next)).toEqual(['/a', '/x/y/z']);
    expect(allGroups(next).map((g) => [g.id, g.version])).toEqual([
      ['/', LATER],
      ['/x', LATER],
      ['/x/y', LATER],
    ]);
    // The original is untouched.
    expect(ids(start)).toEqual(['/a']);
    expect(start.version).toBe(NOW);
  });

  it('versions a replaced app against the old one: a scale keeps lastConfigChangeAt', () => {
    const scaled = rootOf(putApp(start, app({ id: '/a', cmd: 'true', instances: 3 }, LATER), LATER));
    expect(findApp(scaled, '/a')).toMatchObject({
      instances: 3,
      version: LATER,
      versionInfo: { lastScalingAt: LATER, lastConfigChangeAt: NOW },
    });
    const unchanged = rootOf(putApp(start, app({ id: '/a', cmd: 'true' }, LATER), LATER));
    expect(findApp(unchanged, '/a')?.version).toBe(NOW);
  });

  it('refuses an app where a group is, or inside an app', () => {
    const withGroup = rootOf(putApp(start, app({ id: '/g/b', cmd: 'true' }), LATER));
    expect(putApp(withGroup, app({ id: '/g', cmd: 'true' }), LATER)).toEqual({
      ok: false,
      error: new PathConflictError('/g', '/g', 'group'),
    });
    const inside = putApp(start, app({ id: '/a/b', cmd: 'true' }), LATER);
    expect(inside).toEqual({ ok: false, error: new PathConflictError('/a/b', '/a', 'app') });
    expect(inside.ok || inside.error.message).toBe("'/a/b' lies inside app '/a'; apps cannot contain apps or groups");
  });

  it('removes an app and keeps its group; an unknown app is an error', () => {
    const withApp = rootOf(putApp(start, app({ id: '/g/b', cmd: 'true' }), LATER));
    const removed = rootOf(removeApp(withApp, '/g/b', LATER));
    expect(ids(removed)).toEqual(['/a']);
    expect(findGroup(removed, '/g')?.apps.size).toBe(0);
    expect(removeApp(start, '/nope', LATER)).toEqual({ ok: false, error: new UnknownAppError('/nope') });
  });

  it('puts a whole group, replacing what was there and versioning its apps against the old ones', () => {
    const product = group(productGroup, EARLY);
    const withProduct = rootOf(putGroup(start, product, NOW));
    expect(ids(withProduct)).toHaveLength(5);
    const updated = group({ ...productGroup, groups: [productGroup.groups[0]] }, LATER);
    const replaced = rootOf(putGroup(withProduct, updated, LATER));
    expect(ids(replaced)).toEqual(['/a', '/product/database/mongo', '/product/database/mysql']);
    // New apps take the version of the change that put them in the tree (NOW, not the parse's EARLY);
    // the same definitions put again keep it.
    expect(findApp(withProduct, '/product/database/mongo')?.version).toBe(NOW);
    expect(findApp(replaced, '/product/database/mongo')?.version).toBe(NOW);
    expect(putGroup(start, emptyGroup('/a', LATER), LATER)).toEqual({
      ok: false,
      error: new PathConflictError('/a', '/a', 'app'),
    });
  });

  it('replaces the root with a group of id "/"', () => {
    const replaced = rootOf(putGroup(start, root({ apps: [{ id: 'b', cmd: 'true' }] }), LATER));
    expect(ids(replaced)).toEqual(['/b']);
    expect(replaced.version).toBe(LATER);
  });

  it('removes a group and all in it; "/" empties the root', () => {
    const withProduct = rootOf(putGroup(start, group(productGroup), LATER));
    expect(ids(rootOf(removeGroup(withProduct, '/product/service', LATER)))).toEqual([
      '/a',
      '/product/database/mongo',
      '/product/database/mysql',
    ]);
    expect(ids(rootOf(removeGroup(withProduct, '/', LATER)))).toEqual([]);
    expect(removeGroup(start, '/nope', LATER)).toEqual({ ok: false, error: new UnknownGroupError('/nope') });
  });

  it('versions every app of a whole new tree against the old one', () => {
    const target = root({
      apps: [
        { id: 'a', cmd: 'true', instances: 2 },
        { id: 'b', cmd: 'true' },
      ],
    });
    const versioned = withAppVersions(start, group({ ...groupToJson(target) }, LATER), LATER);
    expect(findApp(versioned, '/a')?.versionInfo).toEqual({ lastScalingAt: LATER, lastConfigChangeAt: NOW });
    expect(findApp(versioned, '/b')?.versionInfo).toEqual({ lastScalingAt: LATER, lastConfigChangeAt: LATER });
  });

  it('finds nothing outside the tree', () => {
    expect(findGroup(start, '/')).toBe(start);
    expect(findGroup(start, '/a')).toBeUndefined();
    expect(findApp(start, '/')).toBeUndefined();
    expect(findGroup(group(productGroup), '/other')).toBeUndefined();
  });
});

describe('the dependency graph', () => {
  it('expands group dependencies and inherits enclosing groups’ ones', () => {
    const result = appDependencyGraph(root({ groups: [productGroup] }));
    expect(result.ok && Object.fromEntries(result.graph)).toEqual({
      '/product/database/mongo': [],
      '/product/database/mysql': [],
      // Inherited from /product/service's dependency on the /product/database group.
      '/product/service/rails-app': ['/product/database/mongo', '/product/database/mysql'],
      '/product/service/play-app': ['/product/database/mongo', '/product/database/mysql', '/product/service/rails-app'],
    });
  });

  it('refuses dependencies on ids that name nothing', () => {
    const tree = root({
      apps: [{ id: 'web', cmd: 'true', dependencies: ['/db'] }],
      groups: [{ id: 'jobs', dependencies: ['/queue'], apps: [{ id: 'j', cmd: 'true' }] }],
    });
    expect(appDependencyGraph(tree)).toEqual({
      ok: false,
      problems: [
        {
          path: '/',
          errors: [
            "group '/jobs' depends on '/queue', which is neither an app nor a group",
            "app '/web' depends on '/db', which is neither an app nor a group",
          ],
        },
      ],
    });
  });

  it('refuses a cycle and names it', () => {
    const tree = root({
      apps: [
        { id: 'a', cmd: 'true', dependencies: ['b'] },
        { id: 'b', cmd: 'true', dependencies: ['c'] },
        { id: 'c', cmd: 'true', dependencies: ['a'] },
      ],
    });
    expect(appDependencyGraph(tree)).toEqual({
      ok: false,
      problems: [{ path: '/', errors: ['dependency cycle: /a → /b → /c → /a'] }],
    });
  });

  it('counts a cycle through a group', () => {
    const tree = root({
      apps: [{ id: 'web', cmd: 'true', dependencies: ['/data'] }],
      groups: [{ id: 'data', apps: [{ id: 'db', cmd: 'true', dependencies: ['/web'] }] }],
    });
    expect(appDependencyGraph(tree)).toEqual({
      ok: false,
      problems: [{ path: '/', errors: ['dependency cycle: /data/db → /web → /data/db'] }],
    });
  });

  it('counts a self-dependency as a cycle', () => {
    expect(findDependencyCycle(new Map([['/a', ['/a']]]))).toEqual(['/a', '/a']);
    expect(
      findDependencyCycle(
        new Map([
          ['/a', ['/b']],
          ['/b', []],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe('diff', () => {
  const original = root({
    apps: [
      { id: 'same', cmd: 'true' },
      { id: 'scaled', cmd: 'true' },
      { id: 'changed', cmd: 'true' },
      { id: 'removed', cmd: 'true' },
    ],
  });
  const target = root({
    apps: [
      { id: 'same', cmd: 'true' },
      { id: 'scaled', cmd: 'true', instances: 4 },
      { id: 'changed', cmd: 'true', instances: 4, mem: 256 },
      { id: 'added', cmd: 'true' },
    ],
  });

  it('tells added, removed, scaled-only and changed apps apart', () => {
    const d = diff(original, target);
    expect({
      added: d.added.map((a) => a.id),
      removed: d.removed.map((a) => a.id),
      scaled: d.scaled.map((c) => [c.from.instances, c.to.instances, c.to.id]),
      changed: d.changed.map((c) => c.to.id),
    }).toEqual({ added: ['/added'], removed: ['/removed'], scaled: [[1, 4, '/scaled']], changed: ['/changed'] });
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('is empty between a tree and itself, whatever the versions', () => {
    expect(isEmptyDiff(diff(original, original))).toBe(true);
    expect(isEmptyDiff(diff(original, root({ ...groupToJson(original) })))).toBe(true);
  });
});
