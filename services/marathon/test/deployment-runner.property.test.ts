/**
 * The rolling restart against a simulated world: an app of n ∈ 1..8 instances,
 * all ready, restarted to a new version with a random upgrade strategy, with
 * or without health checks. The runner is called after every world step and
 * its commands applied at once; the world moves one random instance at a
 * time (Scheduled → Staging → Running → healthy; a killed one ends after 1–3
 * of its own steps). At every point:
 * - at least minHealthy instances wanted (goal Running) are ready;
 * - at most maxCapacity instances are alive (the one-extra rule included);
 * - the runner never kills an instance twice (the world refuses it), and
 *   once its commands are applied, a second call answers none;
 * and the restart ends, within a bound, with n ready instances of the new
 * version and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceDeployment,
  emptyGroup,
  isTerminalCondition,
  putApp,
  restartStrategyFor,
  ROOT_ID,
  type AppDefinition,
  type Deployment,
  type HealthCheckDefinition,
  type Instance,
} from '../src/core/index.js';
import { deploymentOf, DeploymentWorld } from './deployment-world.js';
import { appDef, iso, T0 } from './instance-fixtures.js';

const healthCheck: HealthCheckDefinition = {
  protocol: 'MESOS_TCP',
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

const WORLD_STEP_BOUND = 2000;

const isReady = (instance: Instance, app: AppDefinition): boolean =>
  instance.goal === 'Running' &&
  instance.condition === 'Running' &&
  (app.healthChecks.length === 0 || instance.healthy === true);
const isAlive = (instance: Instance): boolean =>
  instance.goal === 'Running' || !isTerminalCondition(instance.condition);

describe('advanceDeployment: a restart in a simulated world', () => {
  it('keeps minHealthy ready, stays within maxCapacity and ends with n new ready instances', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
        fc.constantFrom(0, 0.5, 1),
        fc.boolean(),
        fc.constantFrom<'YOUNGEST_FIRST' | 'OLDEST_FIRST'>('YOUNGEST_FIRST', 'OLDEST_FIRST'),
        fc.infiniteStream(fc.nat()),
        (n, minimumHealthCapacity, maximumOverCapacity, withHealthChecks, killSelection, randomness) => {
          const random = randomness[Symbol.iterator]();
          const pick = (below: number): number => (random.next().value as number) % below;
          const shared = {
            instances: n,
            upgradeStrategy: { minimumHealthCapacity, maximumOverCapacity },
            healthChecks: withHealthChecks ? [healthCheck] : [],
            killSelection,
          };
          const v1 = appDef('/web', { ...shared, version: iso(T0) });
          const v2 = appDef('/web', { ...shared, cmd: 'sleep 2000', version: iso(T0 + 60_000) });
          const put = putApp(emptyGroup(ROOT_ID, iso(T0)), v1, iso(T0));
          if (!put.ok) throw put.error;
          let deployment: Deployment | undefined = deploymentOf({
            id: 'restart',
            original: put.root,
            target: put.root,
            steps: [{ actions: [{ action: 'RestartApplication', app: v2 }] }],
            version: v2.version,
            affectedAppIds: ['/web'],
          });
          const world = new DeploymentWorld();
          world.running(v1, n);
          const { minHealthy, maxCapacity } = restartStrategyFor(v2, n);
          /** World steps left before each killed instance's task ends. */
          const endsIn = new Map<string, number>();

          const check = (): void => {
            const instances = world.instancesOf('/web');
            const ready = instances.filter((instance) => isReady(instance, v2)).length;
            expect(ready).toBeGreaterThanOrEqual(minHealthy);
            expect(instances.filter(isAlive).length).toBeLessThanOrEqual(maxCapacity);
          };

          for (let worldSteps = 0; deployment !== undefined; worldSteps++) {
            expect(worldSteps).toBeLessThan(WORLD_STEP_BOUND);
            const advance = advanceDeployment(deployment, world);
            world.apply(advance.commands);
            check();
            // Applied, nothing else changed: nothing new to do.
            expect(advanceDeployment(advance.deployment ?? deployment, world).commands).toEqual([]);
            deployment = advance.deployment;
            if (deployment === undefined) break;

            // One world step: one instance that can move moves.
            const movable = world
              .instancesOf('/web')
              .filter((instance) => instance.goal === 'Decommissioned' || !isReady(instance, v2));
            if (movable.length === 0) {
              expect(advance.commands.length, 'stalled: nothing to wait for and nothing to do').toBeGreaterThan(0);
              continue;
            }
            const instance = movable[pick(movable.length)] as Instance;
            if (instance.goal === 'Decommissioned') {
              const left = endsIn.get(instance.instanceId) ?? 1 + pick(3);
              if (left <= 1) world.set(instance.instanceId, 'Killed');
              else endsIn.set(instance.instanceId, left - 1);
            } else if (instance.condition === 'Scheduled') world.set(instance.instanceId, 'Staging');
            else if (instance.condition === 'Staging') world.set(instance.instanceId, 'Running');
            else world.set(instance.instanceId, 'Running', { healthy: true });
            world.nowMs += 1000;
            check();
          }

          const final = world.instancesOf('/web');
          expect(final).toHaveLength(n);
          expect(final.every((instance) => instance.appVersion === v2.version && isReady(instance, v2))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
