/**
 * Invariants of the master's core over random command sequences (fast-check):
 * - an offered resource is never offered twice at once: on every agent, what
 *   live tasks use and outstanding offers hold fits in its total;
 * - a task's state only moves forward: never away from a terminal state;
 * - every agent update a framework receives was persisted first (the step
 *   stores the status it forwards);
 * - an update the framework acknowledged is never sent to it again;
 * - a refused command has no effects and leaves the registry unchanged.
 */
import { addResources, containsResources, isTerminalTaskState, stripRevocable, type TaskState } from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionId, Effect } from '../src/core/index.js';
import { agentInfo, agentStatus, CoreHarness, frameworkInfo, launchCommand, res, taskInfo } from './core-harness.js';

type Command =
  | { kind: 'registerAgent' }
  | { kind: 'agentDisconnected'; agent: number }
  | { kind: 'reregisterAgent'; agent: number; dropEvery: number }
  | { kind: 'subscribe'; partitionAware: boolean }
  | { kind: 'frameworkDisconnected'; framework: number }
  | { kind: 'resubscribe'; framework: number }
  | { kind: 'teardown'; framework: number }
  | { kind: 'offer'; framework: number; agent: number; resources: string }
  | { kind: 'accept'; offer: number; resources: string }
  | { kind: 'decline'; offer: number; unknown: boolean }
  | { kind: 'update'; task: number; state: TaskState; resend: boolean }
  | { kind: 'acknowledge'; task: number }
  | { kind: 'kill'; task: number }
  | { kind: 'advance'; ms: number };

const index = fc.nat({ max: 7 });
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const command: fc.Arbitrary<Command> = fc.oneof(
  weighted(2, fc.constant<Command>({ kind: 'registerAgent' })),
  weighted(
    1,
    index.map((agent): Command => ({ kind: 'agentDisconnected', agent })),
  ),
  weighted(
    1,
    fc.record({ agent: index, dropEvery: fc.nat({ max: 3 }) }).map((c): Command => ({ kind: 'reregisterAgent', ...c })),
  ),
  weighted(
    2,
    fc.boolean().map((partitionAware): Command => ({ kind: 'subscribe', partitionAware })),
  ),
  weighted(
    1,
    index.map((framework): Command => ({ kind: 'frameworkDisconnected', framework })),
  ),
  weighted(
    1,
    index.map((framework): Command => ({ kind: 'resubscribe', framework })),
  ),
  weighted(
    1,
    index.map((framework): Command => ({ kind: 'teardown', framework })),
  ),
  weighted(
    6,
    fc
      .record({
        framework: index,
        agent: index,
        resources: fc.constantFrom('cpus:1;mem:128', 'cpus:2;mem:512', 'cpus:5'),
      })
      .map((c): Command => ({ kind: 'offer', ...c })),
  ),
  weighted(
    6,
    fc
      .record({ offer: index, resources: fc.constantFrom('cpus:1;mem:64', 'cpus:0.5;mem:32', 'cpus:9') })
      .map((c): Command => ({ kind: 'accept', ...c })),
  ),
  weighted(
    2,
    fc.record({ offer: index, unknown: fc.boolean() }).map((c): Command => ({ kind: 'decline', ...c })),
  ),
  weighted(
    8,
    fc
      .record({
        task: index,
        state: fc.constantFrom<TaskState>('TASK_RUNNING', 'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED'),
        resend: fc.boolean(),
      })
      .map((c): Command => ({ kind: 'update', ...c })),
  ),
  weighted(
    5,
    index.map((task): Command => ({ kind: 'acknowledge', task })),
  ),
  weighted(
    1,
    index.map((task): Command => ({ kind: 'kill', task })),
  ),
  weighted(
    2,
    fc.integer({ min: 0, max: 90_000 }).map((ms): Command => ({ kind: 'advance', ms })),
  ),
);

interface AgentSim {
  id: string;
  connection: ConnectionId | undefined;
}
interface FrameworkSim {
  id: string;
  connection: ConnectionId | undefined;
  partitionAware: boolean;
}

/** The registry as plain data, to compare before and after a refused command. */
function snapshot(h: CoreHarness): string {
  const plain = (value: unknown): unknown =>
    value instanceof Set ? [...value].sort() : value instanceof Map ? [...value.entries()] : value;
  return JSON.stringify(
    {
      agents: [...h.core.agents.values()],
      frameworks: [...h.core.frameworks.values()],
      tasks: [...h.core.tasks.values()],
      completed: [...h.core.completedTasks.values()],
      offers: [...h.core.offers.values()],
    },
    (_key, value: unknown) => plain(value),
  );
}

function run(commands: readonly Command[]): void {
  const h = new CoreHarness({ offerTimeoutMs: 30_000, agentUnreachableTimeoutMs: 60_000 });
  const agents: AgentSim[] = [];
  const frameworks: FrameworkSim[] = [];
  const frameworkOf = new Map<ConnectionId, string>();
  const statesSeen = new Map<string, TaskState>();
  const acknowledged = new Set<string>();
  let uuids = 0;

  const pick = <T>(list: readonly T[], i: number): T | undefined =>
    list.length === 0 ? undefined : list[i % list.length];
  const taskKeys = () => [...h.core.tasks.keys()].sort();

  const checkStep = (effects: readonly Effect[]) => {
    for (const effect of effects) {
      if (effect.kind !== 'framework' || effect.event.type !== 'update') continue;
      const status = effect.event.status;
      const key = `${frameworkOf.get(effect.connection) ?? '?'}/${status.taskId}`;
      // Persisted first: the status forwarded is the one the store holds.
      if (status.uuid !== '') expect(h.storedTasks.get(key)?.status.uuid).toBe(status.uuid);
      // Never resent once acknowledged.
      expect(acknowledged.has(`${key}#${status.uuid}`)).toBe(false);
    }
    for (const agent of h.core.agents.values()) {
      const held = [...agent.taskKeys].flatMap((key) => {
        const task = h.core.tasks.get(key);
        return task !== undefined && !isTerminalTaskState(task.status.state) ? task.resources : [];
      });
      for (const offerId of agent.offerIds) held.push(...(h.core.offers.get(offerId)?.resources ?? []));
      expect(containsResources(agent.total, stripRevocable(addResources([], held)))).toBe(true);
    }
    for (const [key, task] of [...h.core.tasks, ...h.core.completedTasks]) {
      const before = statesSeen.get(key);
      if (before !== undefined && isTerminalTaskState(before)) expect(task.status.state).toBe(before);
      statesSeen.set(key, task.status.state);
    }
  };

  const apply = (decide: () => void) => {
    const mark = h.effects.length;
    const before = snapshot(h);
    try {
      decide();
    } catch (error) {
      // A refusal: no effects, nothing changed.
      expect(error).toBeInstanceOf(Error);
      expect(h.effects.length).toBe(mark);
      expect(snapshot(h)).toBe(before);
      return;
    }
    checkStep(h.since(mark));
  };

  for (const c of commands) {
    switch (c.kind) {
      case 'registerAgent':
        if (agents.length < 4)
          apply(() => agents.push({ ...h.registerAgent(`host-${agents.length}`, 'cpus:4;mem:1024'), id: '' }));
        if (agents.length > 0 && agents.at(-1)?.id === '') {
          const last = agents.at(-1);
          const known = [...h.core.agents.keys()].at(-1);
          if (last !== undefined && known !== undefined) last.id = known;
        }
        break;
      case 'agentDisconnected': {
        const agent = pick(agents, c.agent);
        if (agent?.connection === undefined) break;
        const connection = agent.connection;
        agent.connection = undefined;
        apply(() => h.step((now) => h.core.agentDisconnected(now, agent.id, connection)));
        break;
      }
      case 'reregisterAgent': {
        const agent = pick(agents, c.agent);
        const record = agent === undefined ? undefined : h.core.agents.get(agent.id);
        if (agent === undefined || record === undefined) break;
        const connection = h.connection();
        const reported = [...record.taskKeys]
          .map((key) => h.core.tasks.get(key))
          .filter((task) => task !== undefined && !isTerminalTaskState(task.status.state))
          .filter((_task, i) => c.dropEvery === 0 || i % (c.dropEvery + 1) !== 0)
          .map((task) => ({
            frameworkId: task?.frameworkId ?? '',
            task: taskInfo(task?.info.taskId ?? '', 'cpus:0.5;mem:32'),
            latestStatus: agentStatus(task?.info.taskId ?? '', 'TASK_RUNNING', `r${++uuids}`),
          }));
        apply(() => {
          h.step((now) =>
            h.core.reregisterAgent(
              now,
              {
                info: { ...agentInfo(record.info.hostname, 'cpus:4;mem:1024'), id: agent.id },
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
        if (frameworks.length < 4) {
          const options = c.partitionAware ? { capabilities: ['PARTITION_AWARE'] } : {};
          apply(() => {
            const { frameworkId, connection } = h.subscribe(`f${frameworks.length}`, options);
            frameworks.push({ id: frameworkId, connection, partitionAware: c.partitionAware });
            frameworkOf.set(connection, frameworkId);
          });
        }
        break;
      case 'frameworkDisconnected': {
        const framework = pick(frameworks, c.framework);
        if (framework?.connection === undefined) break;
        const connection = framework.connection;
        framework.connection = undefined;
        apply(() => h.step((now) => h.core.frameworkDisconnected(now, framework.id, connection)));
        break;
      }
      case 'resubscribe': {
        const framework = pick(frameworks, c.framework);
        if (framework === undefined) break;
        const connection = h.connection();
        frameworkOf.set(connection, framework.id);
        const info = frameworkInfo('again', {
          id: framework.id,
          capabilities: framework.partitionAware ? ['PARTITION_AWARE'] : [],
        });
        apply(() => {
          h.step((now) => h.core.subscribe(now, { info, principal: info.principal, suppressedRoles: [] }, connection));
          framework.connection = connection;
        });
        break;
      }
      case 'teardown': {
        const framework = pick(frameworks, c.framework);
        if (framework === undefined) break;
        apply(() => h.step((now) => h.core.teardown(now, framework.id)));
        break;
      }
      case 'offer': {
        const framework = pick(frameworks, c.framework);
        const agent = pick(agents, c.agent);
        if (framework === undefined || agent === undefined) break;
        apply(() =>
          h.step((now) =>
            h.core.offer(now, [
              { frameworkId: framework.id, agentId: agent.id, role: 'eng', resources: res(c.resources) },
            ]),
          ),
        );
        break;
      }
      case 'accept': {
        const offer = pick([...h.core.offers.values()], c.offer);
        if (offer === undefined) break;
        const taskId = `t${++uuids}`;
        apply(() =>
          h.step((now) => h.core.accept(now, launchCommand(offer.frameworkId, [offer.id], taskId, c.resources))),
        );
        break;
      }
      case 'decline': {
        const offer = pick([...h.core.offers.values()], c.offer);
        if (offer === undefined) break;
        apply(() =>
          h.step((now) =>
            h.core.decline(now, {
              frameworkId: offer.frameworkId,
              offerIds: c.unknown ? [offer.id, 'no-such-offer'] : [offer.id],
              refuseSeconds: undefined,
            }),
          ),
        );
        break;
      }
      case 'update': {
        const key = pick(taskKeys(), c.task);
        const task = key === undefined ? undefined : h.core.tasks.get(key);
        const agent = task === undefined ? undefined : agents.find((a) => a.id === task.agentId);
        if (task === undefined || agent?.connection === undefined) break;
        const connection = agent.connection;
        const uuid = c.resend && task.status.uuid !== '' ? task.status.uuid : `u${++uuids}`;
        const state = c.resend && task.status.uuid !== '' ? task.status.state : c.state;
        apply(() =>
          h.step((now) =>
            h.core.statusUpdate(now, agent.id, connection, {
              frameworkId: task.frameworkId,
              status: agentStatus(task.info.taskId, state, uuid),
            }),
          ),
        );
        break;
      }
      case 'acknowledge': {
        const key = pick(taskKeys(), c.task);
        const task = key === undefined ? undefined : h.core.tasks.get(key);
        if (task === undefined || task.status.uuid === '') break;
        const uuid = task.status.uuid;
        apply(() => {
          h.step((now) => h.core.acknowledge(now, task.frameworkId, [{ taskId: task.info.taskId, uuid }]));
          acknowledged.add(`${task.key}#${uuid}`);
        });
        break;
      }
      case 'kill': {
        const key = pick(taskKeys(), c.task);
        const task = key === undefined ? undefined : h.core.tasks.get(key);
        if (task === undefined) break;
        apply(() =>
          h.step((now) =>
            h.core.kill(now, {
              frameworkId: task.frameworkId,
              taskId: task.info.taskId,
              agentId: '',
              gracePeriodSeconds: undefined,
            }),
          ),
        );
        break;
      }
      case 'advance': {
        const mark = h.effects.length;
        h.advance(c.ms);
        checkStep(h.since(mark));
        break;
      }
    }
  }
}

describe('master core invariants', () => {
  it('hold over random command sequences', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 150, size: 'max' }), (commands) => run(commands)),
      { numRuns: 300 },
    );
  });
});
