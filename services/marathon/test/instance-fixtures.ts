import type { TaskState } from '@tessera/domain';
import {
  InstanceTracker,
  LaunchQueue,
  type AppDefinition,
  type InstanceEffect,
  type InstanceIdSource,
  type MarathonEvent,
  type PathId,
  type TaskStatusUpdate,
} from '../src/core/index.js';

/** 2026-12-02T10:00:00.000Z: the fake clock's start. */
export const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public nowMs = T0) {}
  advanceSeconds(seconds: number): number {
    this.nowMs += seconds * 1000;
    return this.nowMs;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** An app with Marathon's defaults, version T0. */
export function appDef(id: PathId, overrides: Partial<AppDefinition> = {}): AppDefinition {
  const version = iso(T0);
  return {
    id,
    cmd: 'sleep 1000',
    args: undefined,
    instances: 1,
    cpus: 1,
    mem: 128,
    disk: 0,
    gpus: 0,
    env: {},
    labels: {},
    user: undefined,
    portDefinitions: [{ port: 0, protocol: 'tcp', name: undefined, labels: {} }],
    requirePorts: false,
    fetch: [],
    constraints: [],
    acceptedResourceRoles: undefined,
    healthChecks: [],
    readinessChecks: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    backoffSeconds: 1,
    backoffFactor: 1.15,
    maxLaunchDelaySeconds: 300,
    dependencies: [],
    killSelection: 'YOUNGEST_FIRST',
    unreachableStrategy: { inactiveAfterSeconds: 300, expungeAfterSeconds: 600 },
    taskKillGracePeriodSeconds: undefined,
    role: '*',
    version,
    versionInfo: { lastScalingAt: version, lastConfigChangeAt: version },
    ...overrides,
  };
}

/** uuids "u1", "u2", … (another prefix for a second source). */
export class CountingIds {
  private next = 1;
  constructor(private readonly prefix = 'u') {}
  uuid(): string {
    return `${this.prefix}${this.next++}`;
  }
}

/** A tracker and a queue over a mutable set of apps. */
export function newCore(apps: AppDefinition[] = [], ids: InstanceIdSource = new CountingIds()) {
  const appMap = new Map<PathId, AppDefinition>(apps.map((app) => [app.id, app]));
  const lookup = (appId: PathId): AppDefinition | undefined => appMap.get(appId);
  const tracker = new InstanceTracker({ apps: lookup, ids });
  const queue = new LaunchQueue({ apps: lookup, instances: tracker });
  return {
    tracker,
    queue,
    apps: appMap,
    setApp(app: AppDefinition): void {
      appMap.set(app.id, app);
    },
  };
}

export function status(
  taskId: string,
  state: TaskState,
  fields: Partial<Omit<TaskStatusUpdate, 'taskId' | 'state'>> = {},
): TaskStatusUpdate {
  return {
    taskId,
    state,
    reason: 'REASON_UNSPECIFIED',
    message: '',
    agentId: 'agent-1',
    healthy: undefined,
    ...fields,
  };
}

export const placement = (agentId = 'agent-1', hostPorts: number[] = [31000]) => ({
  agentId,
  hostname: `${agentId}.example`,
  attributes: { rack: 'r1' },
  hostPorts,
});

export const eventsOf = (effects: readonly InstanceEffect[]): MarathonEvent[] =>
  effects.flatMap((effect) => (effect.type === 'event' ? [effect.event] : []));

export const eventTypes = (effects: readonly InstanceEffect[]): string[] =>
  eventsOf(effects).map((event) =>
    event.eventType === 'instance_changed_event' ? `${event.eventType}:${event.condition}` : event.eventType,
  );

/** The effects other than events and logs, in order, in a compact form. */
export const commands = (effects: readonly InstanceEffect[]): string[] =>
  effects.flatMap((effect) => {
    switch (effect.type) {
      case 'persist':
        return [`persist ${effect.instance.instanceId} ${effect.instance.condition}/${effect.instance.goal}`];
      case 'expunge':
        return [`expunge ${effect.instanceId}`];
      case 'kill':
        return [`kill ${effect.taskId} (${effect.reason})`];
      case 'replace':
        return [`replace ${effect.instanceId} by ${effect.replacementId}`];
      default:
        return [];
    }
  });
