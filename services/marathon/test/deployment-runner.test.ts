import { describe, expect, it } from 'vitest';
import {
  advanceDeployment,
  emptyGroup,
  putApp,
  ROOT_ID,
  type AppDefinition,
  type DeploymentAction,
  type DeploymentAdvance,
  type DeploymentPlan,
  type Group,
  type HealthCheckDefinition,
  type UpgradeStrategy,
} from '../src/core/index.js';
import { deploymentOf, DeploymentWorld } from './deployment-world.js';
import { appDef, iso, T0 } from './instance-fixtures.js';

const V1 = iso(T0);
const V2 = iso(T0 + 60_000);

const healthCheck: HealthCheckDefinition = {
  protocol: 'MESOS_HTTP',
  path: '/',
  portIndex: 0,
  port: undefined,
  command: undefined,
  gracePeriodSeconds: 300,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  maxConsecutiveFailures: 3,
  delaySeconds: 15,
  ignoreHttp1xx: false,
};

function treeOf(...apps: AppDefinition[]): Group {
  let root = emptyGroup(ROOT_ID, V1);
  for (const app of apps) {
    const put = putApp(root, app, app.version);
    if (!put.ok) throw put.error;
    root = put.root;
  }
  return root;
}

function planOf(steps: DeploymentAction[][], original: Group = treeOf()): DeploymentPlan {
  const ids = new Set(steps.flatMap((step) => step.map((action) => action.app.id)));
  return {
    id: 'dep-1',
    original,
    target: original,
    steps: steps.map((actions) => ({ actions })),
    version: V2,
    affectedAppIds: [...ids].sort(),
  };
}

/** The commands in a compact form: "schedule /web ×2", "kill web.instance-001". */
const compact = (advance: DeploymentAdvance): string[] =>
  advance.commands.map((command) =>
    command.type === 'schedule' ? `schedule ${command.app.id} ×${command.count}` : `kill ${command.instanceId}`,
  );

/** A restart of /web from v1 to v2 with `instances` and the strategy; the world runs `running` ready v1 instances. */
function restartSetup(instances: number, strategy: UpgradeStrategy, running = instances, fields = {}) {
  const v1 = appDef('/web', { instances: running, upgradeStrategy: strategy, version: V1, ...fields });
  const v2 = appDef('/web', { instances, upgradeStrategy: strategy, cmd: 'sleep 2000', version: V2, ...fields });
  const world = new DeploymentWorld();
  const old = world.running(v1, running);
  let deployment = deploymentOf(planOf([[{ action: 'RestartApplication', app: v2 }]], treeOf(v1)));
  /** Advances and applies; answers the advance. */
  const step = (): DeploymentAdvance => {
    const advance = advanceDeployment(deployment, world);
    world.apply(advance.commands);
    if (advance.deployment !== undefined) deployment = advance.deployment;
    return advance;
  };
  return { v1, v2, world, old, step };
}

describe('advanceDeployment: steps', () => {
  it('finishes a plan without steps at once', () => {
    const advance = advanceDeployment(deploymentOf(planOf([])), new DeploymentWorld());
    expect(advance).toEqual({ deployment: undefined, commands: [], finishedSteps: [] });
  });

  it('chains done steps in one call and stops at the first that is not done', () => {
    const web = appDef('/web', { instances: 2 });
    const deployment = deploymentOf(
      planOf([
        [{ action: 'StartApplication', app: web }],
        [{ action: 'ScaleApplication', app: web, scaleTo: 2, sentencedToKill: [] }],
      ]),
    );
    const world = new DeploymentWorld();
    const first = advanceDeployment(deployment, world);
    expect(first.finishedSteps).toEqual([0]);
    expect(first.deployment?.currentStep).toBe(1);
    expect(compact(first)).toEqual(['schedule /web ×2']);

    world.apply(first.commands);
    const again = advanceDeployment(first.deployment ?? deployment, world);
    expect(again.commands).toEqual([]);
    expect(again.finishedSteps).toEqual([]);
    expect(again.deployment).toBe(first.deployment);

    world.startAll(web);
    const last = advanceDeployment(again.deployment ?? deployment, world);
    expect(last).toEqual({ deployment: undefined, commands: [], finishedSteps: [1] });
  });

  it('continues from the persisted current step (a new leader) and answers the commands of every action of the step', () => {
    const a = appDef('/a', { instances: 1 });
    const b = appDef('/b', { instances: 3 });
    const plan = planOf([
      [{ action: 'StartApplication', app: a }],
      [
        { action: 'ScaleApplication', app: a, scaleTo: 1, sentencedToKill: [] },
        { action: 'ScaleApplication', app: b, scaleTo: 3, sentencedToKill: [] },
      ],
    ]);
    const world = new DeploymentWorld();
    world.running(a, 1);
    const advance = advanceDeployment(deploymentOf(plan, 1), world);
    expect(compact(advance)).toEqual(['schedule /b ×3']);
    expect(advance.finishedSteps).toEqual([]);
    expect(advance.deployment?.currentStep).toBe(1);
  });
});

describe('advanceDeployment: ScaleApplication', () => {
  it('kills the sentenced, then by kill selection, and is done once the killed are gone', () => {
    const web = appDef('/web', { instances: 1, killSelection: 'OLDEST_FIRST' });
    const world = new DeploymentWorld();
    // Launched at T0, T0 + 1 and T0 + 2 ms.
    const [oldest, middle, youngest] = [0, 1, 2].map((offsetMs) => {
      world.nowMs = T0 + offsetMs;
      return world.running(web, 1)[0];
    });
    const plan = planOf([
      [{ action: 'ScaleApplication', app: web, scaleTo: 1, sentencedToKill: [youngest?.instanceId ?? ''] }],
    ]);
    const first = advanceDeployment(deploymentOf(plan), world);
    // Sentenced first (the youngest), then the oldest (OLDEST_FIRST); the middle one stays.
    expect(compact(first)).toEqual([`kill ${youngest?.instanceId}`, `kill ${oldest?.instanceId}`]);
    world.apply(first.commands);
    const waiting = advanceDeployment(deploymentOf(plan), world);
    expect(waiting.commands).toEqual([]);
    expect(waiting.deployment).toBeDefined();
    world.endKilled();
    expect(advanceDeployment(deploymentOf(plan), world).deployment).toBeUndefined();
    expect(world.instancesOf('/web').map((i) => i.instanceId)).toEqual([middle?.instanceId]);
  });

  it('waits for health checks (and for readiness of what it launched)', () => {
    const web = appDef('/web', {
      instances: 2,
      healthChecks: [healthCheck],
      readinessChecks: [
        {
          name: 'ready',
          protocol: 'HTTP',
          path: '/ready',
          portName: 'http',
          intervalSeconds: 30,
          timeoutSeconds: 10,
          httpStatusCodesForReady: [200],
          preserveLastResponse: false,
        },
      ],
    });
    const world = new DeploymentWorld();
    // One that ran before the deployment, healthy, without a readiness result.
    world.add(web, { condition: 'Running', stagedAtMs: T0 - 1000, healthy: true });
    const plan = planOf([[{ action: 'ScaleApplication', app: web, scaleTo: 2, sentencedToKill: [] }]]);
    const first = advanceDeployment(deploymentOf(plan), world);
    expect(compact(first)).toEqual(['schedule /web ×1']);
    world.apply(first.commands);
    const launched = world.instancesOf('/web').find((i) => i.condition === 'Scheduled');
    world.set(launched?.instanceId ?? '', 'Running');
    expect(advanceDeployment(deploymentOf(plan), world).deployment).toBeDefined();
    world.set(launched?.instanceId ?? '', 'Running', { healthy: true });
    expect(advanceDeployment(deploymentOf(plan), world).deployment).toBeDefined();
    world.set(launched?.instanceId ?? '', 'Running', { healthy: true, ready: true });
    expect(advanceDeployment(deploymentOf(plan), world).deployment).toBeUndefined();
  });

  it('does not count a replaced (UnreachableInactive) instance, and never kills a Decommissioned one again', () => {
    const web = appDef('/web', { instances: 2 });
    const world = new DeploymentWorld();
    const [a, b] = world.running(web, 2);
    world.set(a?.instanceId ?? '', 'UnreachableInactive');
    world.add(web, { condition: 'Running', stagedAtMs: T0 });
    world.set(b?.instanceId ?? '', 'Running');
    world.apply([{ type: 'kill', instanceId: b?.instanceId ?? '' }]);
    const plan = planOf([[{ action: 'ScaleApplication', app: web, scaleTo: 2, sentencedToKill: [] }]]);
    const advance = advanceDeployment(deploymentOf(plan), world);
    // Wanted: only the replacement; one more is scheduled; b (Decommissioned) is not killed again.
    expect(compact(advance)).toEqual(['schedule /web ×1']);
  });
});

describe('advanceDeployment: StopApplication', () => {
  it('kills every instance not yet Decommissioned and is done when none is left', () => {
    const web = appDef('/web', { instances: 3 });
    const world = new DeploymentWorld();
    const [a, b, c] = world.running(web, 3);
    world.set(b?.instanceId ?? '', 'Running', { goal: 'Stopped' });
    world.apply([{ type: 'kill', instanceId: c?.instanceId ?? '' }]);
    const plan = planOf([[{ action: 'StopApplication', app: web }]]);
    const first = advanceDeployment(deploymentOf(plan), world);
    expect(compact(first)).toEqual([`kill ${a?.instanceId}`, `kill ${b?.instanceId}`]);
    world.apply(first.commands);
    expect(advanceDeployment(deploymentOf(plan), world).commands).toEqual([]);
    world.endKilled();
    expect(advanceDeployment(deploymentOf(plan), world)).toEqual({
      deployment: undefined,
      commands: [],
      finishedSteps: [0],
    });
  });
});

describe('advanceDeployment: RestartApplication', () => {
  it('with the defaults (1, 1) starts all new ones, then kills the old ones as the new ones are ready', () => {
    // minHealthy ⌈2×1⌉ = 2, maxCapacity ⌊2×2⌋ = 4.
    const { v2, world, old, step } = restartSetup(2, { minimumHealthCapacity: 1, maximumOverCapacity: 1 });
    expect(compact(step())).toEqual(['schedule /web ×2']);
    expect(step().commands).toEqual([]);
    const [first] = world.instancesOf('/web').filter((i) => i.appVersion === v2.version);
    world.set(first?.instanceId ?? '', 'Running');
    // 3 ready, floor 2: one old goes (YOUNGEST_FIRST; same launch time → by instance ID).
    expect(compact(step())).toEqual([`kill ${old[0]?.instanceId}`]);
    world.startAll(v2);
    expect(compact(step())).toEqual([`kill ${old[1]?.instanceId}`]);
    // The old ones still run (Decommissioned): not done yet.
    expect(step().deployment).toBeDefined();
    world.endKilled();
    expect(step()).toEqual({ deployment: undefined, commands: [], finishedSteps: [0] });
  });

  it('with (1, 0) goes one over capacity so that it can progress (minHealthy = maxCapacity = 3)', () => {
    const { v2, world, step } = restartSetup(3, { minimumHealthCapacity: 1, maximumOverCapacity: 0 });
    // maxCapacity 3 + 1: one new at a time.
    expect(compact(step())).toEqual(['schedule /web ×1']);
    for (let round = 0; round < 3; round++) {
      world.startAll(v2);
      const kill = step();
      expect(kill.commands).toHaveLength(1);
      expect(kill.commands[0]?.type).toBe('kill');
      world.endKilled();
      const next = step();
      if (round < 2) expect(compact(next)).toEqual(['schedule /web ×1']);
      else expect(next.deployment).toBeUndefined();
      expect(world.instancesOf('/web').length).toBeLessThanOrEqual(4);
    }
    expect(world.instancesOf('/web').every((i) => i.appVersion === v2.version)).toBe(true);
  });

  it('with minimumHealthCapacity 0 kills all old ones at once and starts the new ones as room frees up', () => {
    // minHealthy 0, maxCapacity ⌊4×1⌋ = 4: no room until the old ones are gone.
    const { v2, world, old, step } = restartSetup(4, { minimumHealthCapacity: 0, maximumOverCapacity: 0 });
    expect(compact(step())).toEqual(old.map((i) => `kill ${i.instanceId}`));
    expect(step().commands).toEqual([]);
    world.endKilled();
    expect(compact(step())).toEqual(['schedule /web ×4']);
    world.startAll(v2);
    expect(step().deployment).toBeUndefined();
  });

  it('with (0.5, 0) kills down to the floor first, then replaces the rest', () => {
    // minHealthy ⌈4×0.5⌉ = 2, maxCapacity 4: kill 2, wait, start 2, kill 2, wait, start 2.
    const { v2, world, step } = restartSetup(4, { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect(step().commands).toHaveLength(2);
    world.endKilled();
    expect(compact(step())).toEqual(['schedule /web ×2']);
    world.startAll(v2);
    expect(step().commands.filter((c) => c.type === 'kill')).toHaveLength(2);
    world.endKilled();
    expect(compact(step())).toEqual(['schedule /web ×2']);
    world.startAll(v2);
    expect(step().deployment).toBeUndefined();
  });

  it('kills old instances that are not ready at once, whatever the floor', () => {
    const { world, old, step } = restartSetup(3, { minimumHealthCapacity: 1, maximumOverCapacity: 0 }, 3, {
      healthChecks: [healthCheck],
    });
    world.set(old[2]?.instanceId ?? '', 'Running', { healthy: false });
    world.set(old[1]?.instanceId ?? '', 'Staging', { healthy: undefined });
    // 1 ready old (< floor 3): only the two that do not serve go; 3 alive of 4 → one new.
    expect(compact(step())).toEqual([`kill ${old[1]?.instanceId}`, `kill ${old[2]?.instanceId}`, 'schedule /web ×1']);
  });

  it('lowers the instances: kills the old ones above the floor at once', () => {
    // 5 old running; target 3 with (1, 0): floor 3, capacity 3 + 1 (3 = 3 ≤ 5 old).
    const { v2, world, step } = restartSetup(3, { minimumHealthCapacity: 1, maximumOverCapacity: 0 }, 5);
    const first = step();
    expect(first.commands).toHaveLength(2);
    expect(first.commands.every((c) => c.type === 'kill')).toBe(true);
    world.endKilled();
    expect(compact(step())).toEqual(['schedule /web ×1']);
    for (let i = 0; i < 10 && world.instancesOf('/web').some((x) => x.appVersion !== v2.version); i++) {
      world.startAll(v2);
      step();
      world.endKilled();
      step();
    }
    world.startAll(v2);
    expect(step().deployment).toBeUndefined();
    expect(world.instancesOf('/web')).toHaveLength(3);
  });

  it('kills the surplus of new instances', () => {
    const { v2, world, step } = restartSetup(1, { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, 0);
    world.running(v2, 3);
    const advance = step();
    expect(advance.commands).toHaveLength(2);
    world.endKilled();
    expect(step().deployment).toBeUndefined();
  });

  it('restarts to 0 instances by killing every old one', () => {
    const { world, step } = restartSetup(0, { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, 2);
    expect(step().commands).toHaveLength(2);
    world.endKilled();
    expect(step().deployment).toBeUndefined();
  });
});
