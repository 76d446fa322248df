import { describe, expect, it } from 'vitest';
import {
  emptyGroup,
  planDeployment,
  putApp,
  ROOT_ID,
  UnorderableTargetError,
  type DeploymentPlan,
  type Group,
} from '../src/core/index.js';
import { app, group, LATER, NOW, productGroup } from './fixtures.js';

/** The plan as "Action /id" lines per step (ScaleApplication with its target count). */
function shape(plan: DeploymentPlan): string[][] {
  return plan.steps.map((step) =>
    step.actions.map((action) =>
      action.action === 'ScaleApplication'
        ? `${action.action} ${action.app.id} → ${action.scaleTo}`
        : `${action.action} ${action.app.id}`,
    ),
  );
}

function root(json: Record<string, unknown>, version = NOW): Group {
  return group({ id: '/', ...json }, version);
}

describe('planDeployment', () => {
  it('starts a new group in dependency order: databases, then rails, then play (Marathon’s example)', () => {
    const target = root({ groups: [productGroup] }, LATER);
    const plan = planDeployment(emptyGroup(ROOT_ID, NOW), target, { id: 'd1' });
    expect(shape(plan)).toEqual([
      [
        'StartApplication /product/database/mongo',
        'StartApplication /product/database/mysql',
        'StartApplication /product/service/play-app',
        'StartApplication /product/service/rails-app',
      ],
      ['ScaleApplication /product/database/mongo → 1', 'ScaleApplication /product/database/mysql → 1'],
      // rails-app depends on the database group (chain length 1) …
      ['ScaleApplication /product/service/rails-app → 1'],
      // … and play-app on rails-app too (chain length 2).
      ['ScaleApplication /product/service/play-app → 1'],
    ]);
    expect(plan.id).toBe('d1');
    expect(plan.version).toBe(LATER);
    expect(plan.original.version).toBe(NOW);
    expect(plan.target).toBe(target);
    expect(plan.affectedAppIds).toEqual([
      '/product/database/mongo',
      '/product/database/mysql',
      '/product/service/play-app',
      '/product/service/rails-app',
    ]);
  });

  it('stops removed apps first, then scales and restarts by dependencies; unchanged apps are not in it', () => {
    const original = root({
      apps: [
        { id: '/db', cmd: 'db', instances: 1 },
        { id: '/web', cmd: 'web v1', instances: 2, dependencies: ['/db'] },
        { id: '/old', cmd: 'old' },
        { id: '/same', cmd: 'same' },
      ],
    });
    const target = root(
      {
        apps: [
          { id: '/db', cmd: 'db', instances: 3 },
          { id: '/web', cmd: 'web v2', instances: 2, dependencies: ['/db'] },
          { id: '/same', cmd: 'same' },
        ],
      },
      LATER,
    );
    const plan = planDeployment(original, target, { id: 'd2', version: '2026-03-01T13:00:00.000Z' });
    expect(shape(plan)).toEqual([['StopApplication /old'], ['ScaleApplication /db → 3'], ['RestartApplication /web']]);
    expect(plan.version).toBe('2026-03-01T13:00:00.000Z');
    expect(plan.affectedAppIds).toEqual(['/db', '/old', '/web']);
    const restart = plan.steps[2]?.actions[0];
    expect(restart?.app.cmd).toBe('web v2');
  });

  it('puts independent changes in one step, and a changed app restarts with its target instances', () => {
    const original = root({
      apps: [
        { id: '/a', cmd: 'a' },
        { id: '/b', cmd: 'b', instances: 4 },
      ],
    });
    const target = root({
      apps: [
        { id: '/a', cmd: 'a', instances: 0 },
        { id: '/b', cmd: 'b2', instances: 2 },
      ],
    });
    const plan = planDeployment(original, target, { id: 'd3' });
    expect(shape(plan)).toEqual([['ScaleApplication /a → 0', 'RestartApplication /b']]);
    const [, restart] = plan.steps[0]?.actions ?? [];
    expect(restart?.app.instances).toBe(2);
  });

  it('has no steps when nothing changes', () => {
    const tree = root({ apps: [{ id: '/a', cmd: 'a' }] });
    const plan = planDeployment(tree, tree, { id: 'd4' });
    expect(plan.steps).toEqual([]);
    expect(plan.affectedAppIds).toEqual([]);
  });

  it('orders by the target’s dependencies, not the original’s', () => {
    const original = root({
      apps: [
        { id: '/a', cmd: 'a', dependencies: ['/b'] },
        { id: '/b', cmd: 'b' },
      ],
    });
    const target = root({
      apps: [
        { id: '/a', cmd: 'a2' },
        { id: '/b', cmd: 'b2', dependencies: ['/a'] },
      ],
    });
    expect(shape(planDeployment(original, target, { id: 'd5' }))).toEqual([
      ['RestartApplication /a'],
      ['RestartApplication /b'],
    ]);
  });

  it('orders an app after an unchanged app’s dependencies too (the chain counts, not only the plan)', () => {
    // /c → /b → /a; only /a and /c change: /c is two links away, in a later step.
    const tree = (suffix: string) =>
      root({
        apps: [
          { id: '/a', cmd: `a${suffix}` },
          { id: '/b', cmd: 'b', dependencies: ['/a'] },
          { id: '/c', cmd: `c${suffix}`, dependencies: ['/b'] },
        ],
      });
    expect(shape(planDeployment(tree('1'), tree('2'), { id: 'd6' }))).toEqual([
      ['RestartApplication /a'],
      ['RestartApplication /c'],
    ]);
  });

  it('refuses a target whose dependencies form a cycle', () => {
    const target = root({
      apps: [
        { id: '/a', cmd: 'a', dependencies: ['/b'] },
        { id: '/b', cmd: 'b', dependencies: ['/a'] },
      ],
    });
    expect(() => planDeployment(emptyGroup(ROOT_ID, NOW), target, { id: 'd7' })).toThrow(UnorderableTargetError);
  });

  it('works on trees made by putApp', () => {
    const put = putApp(emptyGroup(ROOT_ID, NOW), app({ id: '/x', cmd: 'x', instances: 2 }), LATER);
    if (!put.ok) expect.fail(put.error.message);
    const plan = planDeployment(emptyGroup(ROOT_ID, NOW), put.root, { id: 'd8' });
    expect(shape(plan)).toEqual([['StartApplication /x'], ['ScaleApplication /x → 2']]);
    expect(plan.version).toBe(LATER);
  });
});
