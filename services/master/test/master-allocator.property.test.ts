/**
 * The master's core and the allocator's core driven together over random
 * command sequences, each delta the master emits applied to the allocator in
 * order (as the stream does) and each allocation cycle's result offered by the
 * master. After every step the two agree on every agent's allocated
 * resources, by framework and role; and the master never finds an allocation
 * beyond what it has free (which would make it resync the agent).
 */
import { addResources, equalResources, type Resource } from '@tessera/domain';
import { Allocator, type FrameworkCapability } from '@tessera/allocator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocatorDelta, ConnectionId, Effect } from '../src/core/index.js';
import { agentInfo, agentStatus, CoreHarness, frameworkInfo, launchCommand, taskInfo } from './core-harness.js';

const CAPABILITIES: readonly string[] = [
  'REVOCABLE_RESOURCES',
  'TASK_KILLING_STATE',
  'GPU_RESOURCES',
  'PARTITION_AWARE',
  'MULTI_ROLE',
];

/** Applies one master delta to the allocator core, tolerating what the allocator service tolerates. */
function applyDelta(allocator: Allocator, delta: AllocatorDelta, nowMs: number): void {
  switch (delta.type) {
    case 'agentAdded':
      return allocator.addAgent({
        id: delta.agent.info.id,
        hostname: delta.agent.info.hostname,
        total: delta.agent.total,
        attributes: [],
        active: delta.agent.active,
        allocated: delta.agent.allocated,
      });
    case 'agentRemoved':
      allocator.removeAgent(delta.agentId);
      return;
    case 'agentUpdated':
      return allocator.updateAgentTotal(delta.agentId, delta.total);
    case 'agentActive':
      if (!delta.active && allocator.agent(delta.agentId) === undefined) return;
      return allocator.setAgentActive(delta.agentId, delta.active);
    case 'frameworkAdded':
    case 'frameworkUpdated': {
      const f = delta.framework;
      const spec = {
        id: f.info.id,
        name: f.info.name,
        roles: f.info.roles,
        capabilities: f.info.capabilities.filter((c): c is FrameworkCapability => CAPABILITIES.includes(c)),
        active: f.active,
        suppressedRoles: f.suppressedRoles,
        subscriptionSequence: f.subscriptionSequence,
        priority: 0,
      };
      return delta.type === 'frameworkAdded' ? allocator.addFramework(spec) : allocator.updateFramework(spec);
    }
    case 'frameworkRemoved':
      allocator.removeFramework(delta.frameworkId);
      return;
    case 'frameworkActive':
      if (!delta.active && allocator.framework(delta.frameworkId) === undefined) return;
      return allocator.setFrameworkActive(delta.frameworkId, delta.active);
    case 'suppress':
      if (allocator.framework(delta.frameworkId) === undefined) return;
      return allocator.suppress(delta.frameworkId, delta.roles);
    case 'revive':
      return allocator.revive(delta.frameworkId, delta.roles);
    case 'recover':
      allocator.recover(
        delta.frameworkId,
        delta.agentId,
        delta.role,
        delta.resources,
        delta.refuseSeconds === undefined ? undefined : { refuseSeconds: delta.refuseSeconds },
        nowMs,
      );
      return;
    case 'updateAllocation':
      return allocator.updateAllocation(delta.frameworkId, delta.agentId, delta.role, delta.from, delta.to);
    default:
      return;
  }
}

type Command =
  | { kind: 'registerAgent' }
  | { kind: 'agentDisconnected'; agent: number }
  | { kind: 'reregisterAgent'; agent: number; keepEvery: number }
  | { kind: 'subscribe' }
  | { kind: 'frameworkDisconnected'; framework: number }
  | { kind: 'resubscribe'; framework: number }
  | { kind: 'teardown'; framework: number }
  | { kind: 'allocate' }
  | { kind: 'accept'; offer: number; resources: string }
  | { kind: 'decline'; offer: number; refuseSeconds: number | undefined }
  | { kind: 'end'; task: number; state: 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_RUNNING' }
  | { kind: 'suppress'; framework: number }
  | { kind: 'revive'; framework: number }
  | { kind: 'advance'; ms: number };

const index = fc.nat({ max: 7 });
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const command: fc.Arbitrary<Command> = fc.oneof(
  w(2, fc.constant<Command>({ kind: 'registerAgent' })),
  w(
    1,
    index.map((agent): Command => ({ kind: 'agentDisconnected', agent })),
  ),
  w(
    1,
    fc.record({ agent: index, keepEvery: fc.nat({ max: 2 }) }).map((c): Command => ({ kind: 'reregisterAgent', ...c })),
  ),
  w(2, fc.constant<Command>({ kind: 'subscribe' })),
  w(
    1,
    index.map((framework): Command => ({ kind: 'frameworkDisconnected', framework })),
  ),
  w(
    1,
    index.map((framework): Command => ({ kind: 'resubscribe', framework })),
  ),
  w(
    1,
    index.map((framework): Command => ({ kind: 'teardown', framework })),
  ),
  w(5, fc.constant<Command>({ kind: 'allocate' })),
  w(
    6,
    fc
      .record({ offer: index, resources: fc.constantFrom('cpus:1;mem:128', 'cpus:0.5;mem:64', 'cpus:2;mem:512') })
      .map((c): Command => ({ kind: 'accept', ...c })),
  ),
  w(
    3,
    fc
      .record({ offer: index, refuseSeconds: fc.constantFrom(undefined, 0, 5, 60) })
      .map((c): Command => ({ kind: 'decline', ...c })),
  ),
  w(
    5,
    fc
      .record({
        task: index,
        state: fc.constantFrom('TASK_FINISHED' as const, 'TASK_FAILED' as const, 'TASK_RUNNING' as const),
      })
      .map((c): Command => ({ kind: 'end', ...c })),
  ),
  w(
    1,
    index.map((framework): Command => ({ kind: 'suppress', framework })),
  ),
  w(
    1,
    index.map((framework): Command => ({ kind: 'revive', framework })),
  ),
  w(
    2,
    fc.integer({ min: 0, max: 40_000 }).map((ms): Command => ({ kind: 'advance', ms })),
  ),
);

/** Allocated resources of an agent, by "framework/role", normalized. */
function byFrameworkRole(entries: readonly { frameworkId: string; role: string; resources: readonly Resource[] }[]) {
  const out = new Map<string, Resource[]>();
  for (const e of entries) {
    const key = `${e.frameworkId}/${e.role}`;
    out.set(key, addResources(out.get(key) ?? [], e.resources));
  }
  for (const [key, value] of out) if (value.length === 0) out.delete(key);
  return out;
}

function run(commands: readonly Command[]): void {
  const h = new CoreHarness({
    offerTimeoutMs: 20_000,
    agentUnreachableTimeoutMs: 30_000,
    agentPingIntervalMs: 3_600_000,
  });
  const allocator = new Allocator();
  const agents: { id: string; connection: ConnectionId | undefined }[] = [];
  const frameworks: { id: string; connection: ConnectionId | undefined }[] = [];
  let applied = 0;
  let counter = 0;
  const pick = <T>(list: readonly T[], i: number): T | undefined =>
    list.length === 0 ? undefined : list[i % list.length];

  /** Feeds every delta not yet applied to the allocator, then checks agreement. */
  const sync = () => {
    const effects: Effect[] = h.effects.slice(applied);
    applied = h.effects.length;
    for (const effect of effects) {
      if (effect.kind === 'allocator') applyDelta(allocator, effect.delta, h.nowMs);
      if (effect.kind === 'metric') expect(effect.metric).not.toBe('agentResyncs');
    }
    for (const agent of h.core.allocatorSnapshot().agents) {
      const mine = byFrameworkRole(agent.allocated);
      const theirs = byFrameworkRole(allocator.agent(agent.info.id)?.allocated ?? []);
      expect([...theirs.keys()].sort()).toEqual([...mine.keys()].sort());
      for (const [key, resources] of mine) expect(equalResources(theirs.get(key) ?? [], resources)).toBe(true);
    }
  };
  const attempt = (decide: () => void) => {
    try {
      decide();
    } catch {
      // A refusal has no effects; nothing to feed.
    }
    sync();
  };

  for (const c of commands) {
    switch (c.kind) {
      case 'registerAgent':
        if (agents.length < 3)
          attempt(() => {
            const { agentId, connection } = h.registerAgent(`host-${agents.length}`, 'cpus:4;mem:2048');
            agents.push({ id: agentId, connection });
          });
        break;
      case 'agentDisconnected': {
        const agent = pick(agents, c.agent);
        if (agent?.connection === undefined) break;
        const connection = agent.connection;
        agent.connection = undefined;
        attempt(() => h.step((now) => h.core.agentDisconnected(now, agent.id, connection)));
        break;
      }
      case 'reregisterAgent': {
        const agent = pick(agents, c.agent);
        const record = agent === undefined ? undefined : h.core.agents.get(agent.id);
        if (agent === undefined || record === undefined) break;
        const connection = h.connection();
        const reported = [...record.taskKeys]
          .map((key) => h.core.tasks.get(key))
          .flatMap((task, i) =>
            task === undefined || (c.keepEvery > 0 && i % (c.keepEvery + 1) === 0)
              ? []
              : [
                  {
                    frameworkId: task.frameworkId,
                    task: { ...taskInfo(task.info.taskId, 'cpus:1'), resources: task.resources },
                    latestStatus: agentStatus(task.info.taskId, 'TASK_RUNNING', `r${++counter}`),
                  },
                ],
          );
        attempt(() => {
          h.step((now) =>
            h.core.reregisterAgent(
              now,
              {
                info: { ...agentInfo(record.info.hostname, 'cpus:4;mem:2048'), id: agent.id },
                principal: '',
                tasks: reported,
              },
              connection,
            ),
          );
          agent.connection = connection;
        });
        break;
      }
      case 'subscribe':
        if (frameworks.length < 3)
          attempt(() => {
            const { frameworkId, connection } = h.subscribe(`f${frameworks.length}`);
            frameworks.push({ id: frameworkId, connection });
          });
        break;
      case 'frameworkDisconnected': {
        const framework = pick(frameworks, c.framework);
        if (framework?.connection === undefined) break;
        const connection = framework.connection;
        framework.connection = undefined;
        attempt(() => h.step((now) => h.core.frameworkDisconnected(now, framework.id, connection)));
        break;
      }
      case 'resubscribe': {
        const framework = pick(frameworks, c.framework);
        if (framework === undefined) break;
        const connection = h.connection();
        attempt(() => {
          h.step((now) =>
            h.core.subscribe(
              now,
              { info: frameworkInfo('again', { id: framework.id }), principal: '', suppressedRoles: [] },
              connection,
            ),
          );
          framework.connection = connection;
        });
        break;
      }
      case 'teardown': {
        const framework = pick(frameworks, c.framework);
        if (framework !== undefined) attempt(() => h.step((now) => h.core.teardown(now, framework.id)));
        break;
      }
      case 'allocate': {
        const allocations = allocator.allocate(h.nowMs);
        attempt(() => h.step((now) => h.core.offer(now, allocations)));
        break;
      }
      case 'accept': {
        const offer = pick([...h.core.offers.values()], c.offer);
        if (offer === undefined) break;
        const taskId = `t${++counter}`;
        attempt(() =>
          h.step((now) => h.core.accept(now, launchCommand(offer.frameworkId, [offer.id], taskId, c.resources))),
        );
        break;
      }
      case 'decline': {
        const offer = pick([...h.core.offers.values()], c.offer);
        if (offer === undefined) break;
        attempt(() =>
          h.step((now) =>
            h.core.decline(now, {
              frameworkId: offer.frameworkId,
              offerIds: [offer.id],
              refuseSeconds: c.refuseSeconds,
            }),
          ),
        );
        break;
      }
      case 'end': {
        const task = pick([...h.core.tasks.values()], c.task);
        const agent = task === undefined ? undefined : agents.find((a) => a.id === task.agentId);
        if (task === undefined || agent?.connection === undefined) break;
        const connection = agent.connection;
        attempt(() =>
          h.step((now) =>
            h.core.statusUpdate(now, agent.id, connection, {
              frameworkId: task.frameworkId,
              status: agentStatus(task.info.taskId, c.state, `u${++counter}`),
            }),
          ),
        );
        break;
      }
      case 'suppress':
      case 'revive': {
        const framework = pick(frameworks, c.framework);
        if (framework === undefined) break;
        attempt(() =>
          h.step((now) =>
            c.kind === 'suppress' ? h.core.suppress(now, framework.id, []) : h.core.revive(now, framework.id, []),
          ),
        );
        break;
      }
      case 'advance':
        h.advance(c.ms);
        sync();
        break;
    }
  }
}

describe('the master core and the allocator core together', () => {
  it('agree on every agent’s allocated resources after every step', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 150, size: 'max' }), (commands) => run(commands)),
      { numRuns: 200 },
    );
  });
});
