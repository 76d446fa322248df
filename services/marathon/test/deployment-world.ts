/**
 * A small model of the instances a deployment acts on, for the runner's
 * tests: it applies the runner's commands as the tracker would (schedule →
 * Scheduled with goal Running; kill → goal Decommissioned, expunged at once
 * when no task runs, else when its task ends), and lets tests move instances
 * along (launched, running, healthy, ready, ended) by hand.
 */
import type {
  AppDefinition,
  Deployment,
  DeploymentCommand,
  DeploymentPlan,
  DeploymentView,
  Instance,
  InstanceCondition,
  PathId,
} from '../src/core/index.js';
import { T0 } from './instance-fixtures.js';

export class DeploymentWorld implements DeploymentView {
  readonly instances = new Map<string, Instance>();
  private next = 1;
  nowMs = T0;

  instancesOf(appId: PathId): Instance[] {
    return [...this.instances.values()].filter((instance) => instance.appId === appId);
  }

  /** Adds `count` instances of `app` as they would be after a finished deployment: running, healthy, ready. */
  running(app: AppDefinition, count: number): Instance[] {
    return Array.from({ length: count }, () =>
      this.add(app, {
        condition: 'Running',
        stagedAtMs: this.nowMs,
        healthy: app.healthChecks.length > 0 ? true : undefined,
        ready: app.readinessChecks.length > 0 ? true : undefined,
      }),
    );
  }

  add(app: AppDefinition, fields: Partial<Instance> = {}): Instance {
    const instanceId = `${app.id.slice(1).replaceAll('/', '.')}.instance-${String(this.next++).padStart(3, '0')}`;
    const instance: Instance = {
      instanceId,
      appId: app.id,
      appVersion: app.version,
      goal: 'Running',
      condition: 'Scheduled',
      agent: undefined,
      taskId: undefined,
      hostPorts: [],
      healthy: undefined,
      ready: undefined,
      stagedAtMs: undefined,
      startedAtMs: undefined,
      sinceMs: this.nowMs,
      ...fields,
    };
    this.instances.set(instanceId, instance);
    return instance;
  }

  /** Applies the runner's commands as the shell does (through the tracker). */
  apply(commands: readonly DeploymentCommand[]): void {
    for (const command of commands) {
      if (command.type === 'schedule') {
        for (let i = 0; i < command.count; i++) this.add(command.app);
        continue;
      }
      const instance = this.instances.get(command.instanceId);
      if (instance === undefined) throw new Error(`kill of an unknown instance ${command.instanceId}`);
      if (instance.goal === 'Decommissioned') throw new Error(`second kill of ${command.instanceId}`);
      if (instance.condition === 'Scheduled' || instance.condition === 'Unreachable')
        this.instances.delete(instance.instanceId);
      else this.instances.set(instance.instanceId, { ...instance, goal: 'Decommissioned' });
    }
  }

  /** Moves an instance on: a new condition and fields; a Decommissioned one whose task ended is expunged. */
  set(instanceId: string, condition: InstanceCondition, fields: Partial<Instance> = {}): void {
    const instance = this.instances.get(instanceId);
    if (instance === undefined) throw new Error(`unknown instance ${instanceId}`);
    const terminal = ['Finished', 'Failed', 'Killed', 'Error', 'Gone', 'Dropped', 'Unknown'].includes(condition);
    if (terminal && instance.goal === 'Decommissioned') {
      this.instances.delete(instanceId);
      return;
    }
    const stagedAtMs = instance.stagedAtMs ?? (condition === 'Scheduled' ? undefined : this.nowMs);
    this.instances.set(instanceId, { ...instance, condition, stagedAtMs, ...fields });
  }

  /** Every instance of the app that is Scheduled … Starting becomes Running (healthy and ready when `app` checks). */
  startAll(app: AppDefinition): void {
    for (const instance of this.instancesOf(app.id))
      if (instance.goal === 'Running' && instance.condition !== 'Running')
        this.set(instance.instanceId, 'Running', {
          healthy: app.healthChecks.length > 0 ? true : undefined,
          ready: app.readinessChecks.length > 0 ? true : undefined,
        });
  }

  /** Every Decommissioned instance's task ends (Killed): they are expunged. */
  endKilled(): void {
    for (const instance of [...this.instances.values()])
      if (instance.goal === 'Decommissioned') this.instances.delete(instance.instanceId);
  }
}

export function deploymentOf(plan: DeploymentPlan, currentStep = 0): Deployment {
  return { plan, currentStep, startedAtMs: T0 };
}
