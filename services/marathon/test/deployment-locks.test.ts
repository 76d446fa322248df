import { describe, expect, it } from 'vitest';
import {
  admitDeployment,
  allApps,
  findApp,
  findGroup,
  planDeployment,
  putApp,
  revertTarget,
  type Deployment,
  type DeploymentPlan,
  type Group,
} from '../src/core/index.js';
import { app, group, LATER, NOW } from './fixtures.js';

const REVERT_AT = '2026-03-01T12:10:00.000Z';

function planFor(id: string, affectedAppIds: string[]): DeploymentPlan {
  const root = group({ id: '/' });
  return { id, original: root, target: root, steps: [], version: NOW, affectedAppIds };
}
const running = (plan: DeploymentPlan): Deployment => ({ plan, currentStep: 0, startedAtMs: 0 });

describe('admitDeployment', () => {
  const others = [running(planFor('d1', ['/a', '/b'])), running(planFor('d2', ['/c'])), running(planFor('d3', ['/b']))];

  it('admits a plan whose apps no running deployment touches', () => {
    expect(admitDeployment(planFor('new', ['/x']), others, false)).toEqual({ ok: true, cancel: [] });
    expect(admitDeployment(planFor('new', ['/x']), others, true)).toEqual({ ok: true, cancel: [] });
    expect(admitDeployment(planFor('new', []), others, false)).toEqual({ ok: true, cancel: [] });
  });

  it('refuses a plan that shares an app with running deployments, naming them', () => {
    expect(admitDeployment(planFor('new', ['/b', '/x']), others, false)).toEqual({ ok: false, lockedBy: ['d1', 'd3'] });
  });

  it('with force admits it and names the deployments to cancel', () => {
    expect(admitDeployment(planFor('new', ['/b', '/c']), others, true)).toEqual({
      ok: true,
      cancel: ['d1', 'd2', 'd3'],
    });
  });
});

describe('revertTarget', () => {
  const original = group({
    id: '/',
    apps: [
      { id: '/web', cmd: 'web v1', instances: 2 },
      { id: '/db', cmd: 'db', instances: 1 },
      { id: '/old', cmd: 'old' },
      { id: '/other', cmd: 'other' },
    ],
  });
  const target = group(
    {
      id: '/',
      apps: [
        { id: '/web', cmd: 'web v2', instances: 2 },
        { id: '/db', cmd: 'db', instances: 3 },
        { id: '/other', cmd: 'other' },
      ],
      groups: [{ id: '/new', apps: [{ id: '/new/api', cmd: 'api' }] }],
    },
    LATER,
  );
  const deployment = running(planDeployment(original, target, { id: 'd1' }));

  const put = (root: Group, json: Record<string, unknown>): Group => {
    const result = putApp(root, app(json, LATER), LATER);
    if (!result.ok) expect.fail(result.error.message);
    return result.root;
  };

  it('puts the affected apps back as they were and removes the groups the plan created', () => {
    const reverted = revertTarget(deployment, target, REVERT_AT);
    expect(allApps(reverted).map((a) => a.id)).toEqual(['/db', '/old', '/other', '/web']);
    expect(findApp(reverted, '/web')?.cmd).toBe('web v1');
    expect(findApp(reverted, '/db')?.instances).toBe(1);
    expect(findApp(reverted, '/old')?.cmd).toBe('old');
    expect(findGroup(reverted, '/new')).toBeUndefined();
    // A rollback is a change like any other: new versions.
    expect(findApp(reverted, '/web')?.versionInfo.lastConfigChangeAt).toBe(REVERT_AT);
    // Scaling back keeps the current config version (the target was parsed at LATER).
    expect(findApp(reverted, '/db')?.versionInfo).toEqual({ lastScalingAt: REVERT_AT, lastConfigChangeAt: LATER });
    expect(reverted.version).toBe(REVERT_AT);
    // Planning the rollback from the target is the plan run backwards.
    const back = planDeployment(target, reverted, { id: 'd2' });
    expect(back.affectedAppIds).toEqual(deployment.plan.affectedAppIds);
  });

  it('keeps the changes made since to other apps, and to a group the plan created that is not empty', () => {
    let current = put(target, { id: '/other', cmd: 'other v2' });
    current = put(current, { id: '/new/cron', cmd: 'cron' });
    const reverted = revertTarget(deployment, current, REVERT_AT);
    expect(findApp(reverted, '/other')?.cmd).toBe('other v2');
    expect(findApp(reverted, '/new/cron')?.cmd).toBe('cron');
    expect(findApp(reverted, '/new/api')).toBeUndefined();
    expect(findGroup(reverted, '/new')).toBeDefined();
  });

  it('reverts from wherever the tree is now: an added app already removed stays removed', () => {
    const current = group({ id: '/', apps: [{ id: '/web', cmd: 'web v3' }] }, LATER);
    const reverted = revertTarget(deployment, current, REVERT_AT);
    expect(allApps(reverted).map((a) => a.id)).toEqual(['/db', '/old', '/web']);
    expect(findApp(reverted, '/web')?.cmd).toBe('web v1');
  });

  it('leaves an app whose path is now taken by a group as it is', () => {
    const current = group({ id: '/', groups: [{ id: '/old', apps: [{ id: '/old/x', cmd: 'x' }] }] }, LATER);
    const reverted = revertTarget(deployment, current, REVERT_AT);
    expect(findGroup(reverted, '/old')?.apps.size).toBe(1);
    expect(findApp(reverted, '/old')).toBeUndefined();
  });
});
