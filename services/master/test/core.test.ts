/**
 * The master's pure core, stepped with a fake clock: timeouts, the removal of
 * frameworks with live tasks, agents that go silent and come back, stale
 * allocations, and bounds on input. Each case states the expected outcome.
 */
import { containsResources, formatResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import {
  InvalidDrainError,
  InvalidFrameworkInfoError,
  LimitExceededError,
  MAX_ID_LENGTH,
  type AgentCommand,
  type FrameworkEvent,
} from '../src/core/index.js';
import { agentStatus, CoreHarness, frameworkInfo, res, taskInfo } from './core-harness.js';

const types = (events: readonly (FrameworkEvent | AgentCommand)[]) => events.map((e) => e.type);

describe('offers', () => {
  it('rescinds an offer after the offer timeout and returns its resources without a filter', () => {
    const h = new CoreHarness({ offerTimeoutMs: 10_000 });
    const { agentId } = h.registerAgent();
    const { frameworkId, connection } = h.subscribe();
    const offerId = h.offer(frameworkId, agentId, 'cpus:1;mem:128');

    h.advance(9_999);
    expect(h.core.offers.has(offerId)).toBe(true);
    const mark = h.effects.length;
    h.advance(1);

    expect(h.core.offers.has(offerId)).toBe(false);
    expect(h.eventsTo(connection, mark)).toEqual([{ type: 'rescind', offerId }]);
    expect(h.deltas(mark)).toEqual([expect.objectContaining({ type: 'recover', refuseSeconds: undefined })]);
  });

  it('hands back an allocation beyond what is free and resyncs the agent, at most once a second', () => {
    const h = new CoreHarness({ agentResyncIntervalMs: 1_000 });
    const { agentId } = h.registerAgent('h', 'cpus:4;mem:1024');
    const { frameworkId } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:3;mem:512');
    // The allocator believes all 4 cpus are free; the master has 1 free.
    const mark = h.effects.length;
    h.step((now) => h.core.offer(now, [{ frameworkId, agentId, role: 'eng', resources: res('cpus:4') }]));
    expect(h.core.offers.size).toBe(0);
    expect(h.deltas(mark).map((d) => d.type)).toEqual(['recover', 'agentRemoved', 'agentAdded']);
    const added = h.deltas(mark).find((d) => d.type === 'agentAdded');
    // The resync carries what the master knows is allocated: the task's cpus:3;mem:512.
    expect(added?.type === 'agentAdded' && formatResources(added.agent.allocated.flatMap((a) => a.resources))).toBe(
      'cpus:3;mem:512',
    );

    // A second disagreement within the second: handed back, the resync held back until the second is over.
    const second = h.effects.length;
    h.step((now) => h.core.offer(now, [{ frameworkId, agentId, role: 'eng', resources: res('cpus:4') }]));
    expect(h.deltas(second).map((d) => d.type)).toEqual(['recover']);
    h.advance(1_000);
    expect(h.deltas(second).map((d) => d.type)).toEqual(['recover', 'agentRemoved', 'agentAdded']);
  });

  it('a decline naming an unknown offer is refused and changes nothing', () => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent();
    const { frameworkId } = h.subscribe();
    const offerId = h.offer(frameworkId, agentId, 'cpus:1');
    const mark = h.effects.length;
    expect(() =>
      h.step((now) => h.core.decline(now, { frameworkId, offerIds: [offerId, 'nope'], refuseSeconds: undefined })),
    ).toThrow(/unknown offers/);
    expect(h.effects.length).toBe(mark);
    expect(h.core.offers.has(offerId)).toBe(true);
  });
});

describe('a framework removed while its tasks run', () => {
  for (const how of ['teardown', 'failover timeout'] as const) {
    it(`(${how}) ends every task TASK_KILLED, frees its resources and tells the agent and the allocator`, () => {
      // Pings far apart: the agent stays connected while the clock runs through the failover timeout.
      const h = new CoreHarness({ agentPingIntervalMs: 3_600_000 });
      const { agentId, connection: agentConnection } = h.registerAgent('h', 'cpus:4;mem:1024');
      const { frameworkId, connection } = h.subscribe('f', { failoverTimeoutSeconds: 60 });
      h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
      h.launch(frameworkId, agentId, 't2', 'cpus:2;mem:256');
      h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_RUNNING', 'u1'));
      const mark = h.effects.length;

      if (how === 'teardown') h.step((now) => h.core.teardown(now, frameworkId));
      else {
        h.step((now) => h.core.frameworkDisconnected(now, frameworkId, connection));
        h.advance(59_999);
        expect(h.core.frameworks.has(frameworkId)).toBe(true);
        h.advance(1);
      }

      expect(h.core.frameworks.has(frameworkId)).toBe(false);
      for (const taskId of ['t1', 't2']) {
        const task = h.core.completedTasks.get(`${frameworkId}/${taskId}`);
        expect(task?.status).toMatchObject({ state: 'TASK_KILLED', reason: 'REASON_FRAMEWORK_REMOVED' });
        expect(h.storedTasks.has(`${frameworkId}/${taskId}`)).toBe(false);
      }
      expect(h.commandsTo(agentConnection, mark)).toEqual([{ type: 'shutdownFramework', frameworkId }]);
      expect(h.deltas(mark)).toContainEqual({ type: 'frameworkRemoved', frameworkId });
      // The whole agent can be offered again, to another framework.
      const other = h.subscribe('g');
      const offerId = h.offer(other.frameworkId, agentId, 'cpus:4;mem:1024');
      expect(h.core.offers.get(offerId)?.resources).toEqual(res('cpus:4;mem:1024'));
      // The agent's late TASK_KILLED is acknowledged on the removed framework's behalf.
      const late = h.effects.length;
      h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_KILLED', 'u2'));
      expect(h.commandsTo(agentConnection, late)).toEqual([
        { type: 'acknowledge', frameworkId, taskId: 't1', uuid: 'u2' },
      ]);
      expect(h.deltas(late)).toEqual([]);
    });
  }

  it('a removed framework cannot subscribe again with its ID', () => {
    const h = new CoreHarness();
    const { frameworkId } = h.subscribe();
    h.step((now) => h.core.teardown(now, frameworkId));
    expect(() =>
      h.step((now) =>
        h.core.subscribe(
          now,
          { info: frameworkInfo('f', { id: frameworkId }), principal: '', suppressedRoles: [] },
          h.connection(),
        ),
      ),
    ).toThrow(/was removed/);
  });
});

describe('agents that go silent', () => {
  it('disconnects an agent that answers no ping, then marks it unreachable after the timeout', () => {
    // Pings every 5 s; 3 unanswered pings disconnect it (at the 4th tick, 20 s); unreachable 30 s later.
    const h = new CoreHarness({
      agentPingIntervalMs: 5_000,
      agentMaxMissedPings: 3,
      agentUnreachableTimeoutMs: 30_000,
    });
    const { agentId, connection } = h.registerAgent();
    const aware = h.subscribe('aware', { capabilities: ['PARTITION_AWARE'] });
    const legacy = h.subscribe('legacy');
    h.launch(aware.frameworkId, agentId, 'a1', 'cpus:1;mem:128');
    h.launch(legacy.frameworkId, agentId, 'l1', 'cpus:1;mem:128');

    h.advance(15_000);
    expect(h.commandsTo(connection).filter((c) => c.type === 'ping')).toHaveLength(3);
    expect(h.core.agents.get(agentId)?.status).toBe('ACTIVE');
    h.advance(5_000);
    expect(h.core.agents.get(agentId)?.status).toBe('DISCONNECTED');
    expect(h.closed(connection)).toBe(true);

    const mark = h.effects.length;
    h.advance(29_999);
    expect(h.core.agents.get(agentId)?.status).toBe('DISCONNECTED');
    h.advance(1);
    expect(h.core.agents.get(agentId)?.status).toBe('UNREACHABLE');
    expect(h.updatesTo(aware.connection, mark)).toEqual([
      expect.objectContaining({ taskId: 'a1', state: 'TASK_UNREACHABLE' }),
    ]);
    expect(h.updatesTo(legacy.connection, mark)).toEqual([
      expect.objectContaining({ taskId: 'l1', state: 'TASK_LOST' }),
    ]);
  });

  it('keeps an agent that answers its pings', () => {
    const h = new CoreHarness({ agentPingIntervalMs: 5_000, agentMaxMissedPings: 3 });
    const { agentId, connection } = h.registerAgent();
    for (let i = 0; i < 20; i++) {
      h.advance(5_000);
      h.step((now) => h.core.agentSeen(now, agentId, connection));
    }
    expect(h.core.agents.get(agentId)?.status).toBe('ACTIVE');
    expect(h.closed(connection)).toBe(false);
  });

  it('tells every framework the real state of its tasks when an unreachable agent comes back', () => {
    const h = new CoreHarness({ agentUnreachableTimeoutMs: 10_000 });
    const { agentId, connection } = h.registerAgent('h', 'cpus:4;mem:1024');
    const aware = h.subscribe('aware', { capabilities: ['PARTITION_AWARE'] });
    const legacy = h.subscribe('legacy');
    h.launch(aware.frameworkId, agentId, 'a1', 'cpus:1;mem:128');
    h.launch(legacy.frameworkId, agentId, 'l1', 'cpus:1;mem:128');
    h.update(agentId, connection, aware.frameworkId, agentStatus('a1', 'TASK_RUNNING', 'ua'));
    h.update(agentId, connection, legacy.frameworkId, agentStatus('l1', 'TASK_RUNNING', 'ul'));
    h.step((now) => h.core.agentDisconnected(now, agentId, connection));
    h.advance(10_000);
    expect(h.core.tasks.get(`${aware.frameworkId}/a1`)?.status.state).toBe('TASK_UNREACHABLE');

    const mark = h.effects.length;
    const back = h.connection();
    h.step((now) =>
      h.core.reregisterAgent(
        now,
        {
          info: { id: agentId, hostname: 'h', resources: res('cpus:4;mem:1024'), wire: {} as never },
          principal: '',
          tasks: [
            {
              frameworkId: aware.frameworkId,
              task: taskInfo('a1', 'cpus:1;mem:128'),
              latestStatus: agentStatus('a1', 'TASK_RUNNING', 'ua'),
            },
            {
              frameworkId: legacy.frameworkId,
              task: taskInfo('l1', 'cpus:1;mem:128'),
              latestStatus: agentStatus('l1', 'TASK_RUNNING', 'ul'),
            },
          ],
        },
        back,
      ),
    );
    // The partition-aware framework hears the task runs; the other, told TASK_LOST, has it killed.
    expect(h.updatesTo(aware.connection, mark)).toEqual([
      expect.objectContaining({ taskId: 'a1', state: 'TASK_RUNNING' }),
    ]);
    expect(h.updatesTo(legacy.connection, mark)).toEqual([]);
    expect(h.commandsTo(back, mark).filter((c) => c.type === 'killTask')).toEqual([
      expect.objectContaining({ taskId: 'l1', frameworkId: legacy.frameworkId }),
    ]);
    expect(h.core.tasks.get(`${aware.frameworkId}/a1`)?.status.state).toBe('TASK_RUNNING');
    expect(h.storedTasks.get(`${aware.frameworkId}/a1`)?.status.state).toBe('TASK_RUNNING');
  });
});

describe('an agent that re-registers without some of its tasks', () => {
  // What the agent reports on re-registration (a new stream, or a new leader after a failover).
  const reregister = (h: CoreHarness, agentId: string, reported: { frameworkId: string; taskId: string }[]) => {
    const connection = h.connection();
    const mark = h.effects.length;
    h.step((now) =>
      h.core.reregisterAgent(
        now,
        {
          info: { id: agentId, hostname: 'h', resources: res('cpus:4;mem:1024'), wire: {} as never },
          principal: '',
          tasks: reported.map(({ frameworkId, taskId }) => ({
            frameworkId,
            task: taskInfo(taskId, 'cpus:1;mem:128'),
            latestStatus: agentStatus(taskId, 'TASK_RUNNING', `${taskId}-running`),
          })),
        },
        connection,
      ),
    );
    return { connection, mark };
  };

  it('gets again a launch still TASK_STAGING (it never arrived) and drops a task that ran (it is lost)', () => {
    const h = new CoreHarness();
    const { agentId, connection: first } = h.registerAgent('h', 'cpus:4;mem:1024');
    const { frameworkId, connection } = h.subscribe('f', { capabilities: ['PARTITION_AWARE'] });
    h.launch(frameworkId, agentId, 'never-arrived', 'cpus:1;mem:128');
    h.launch(frameworkId, agentId, 'arrived', 'cpus:1;mem:128');
    h.launch(frameworkId, agentId, 'lost', 'cpus:1;mem:128');
    h.update(agentId, first, frameworkId, agentStatus('lost', 'TASK_RUNNING', 'lost-running'));
    const legacy = h.subscribe('legacy');
    h.launch(legacy.frameworkId, agentId, 'legacy-lost', 'cpus:1;mem:128');
    h.update(agentId, first, legacy.frameworkId, agentStatus('legacy-lost', 'TASK_RUNNING', 'legacy-running'));

    // The agent had only `arrived`: `never-arrived` was persisted but its RunTask did not reach the agent.
    const { connection: back, mark } = reregister(h, agentId, [{ frameworkId, taskId: 'arrived' }]);
    // 3 tasks not reported: the one still STAGING is sent again (RunTask is idempotent by task ID); those that
    // ran are TASK_DROPPED, as in Mesos (TASK_LOST to a framework that is not partition-aware).
    expect(
      h
        .commandsTo(back, mark)
        .filter((c) => c.type === 'runTask')
        .map((c) => c.type === 'runTask' && c.task.taskId),
    ).toEqual(['never-arrived']);
    expect(h.updatesTo(connection, mark)).toEqual([
      expect.objectContaining({ taskId: 'lost', state: 'TASK_DROPPED', reason: 'REASON_AGENT_RESTARTED' }),
    ]);
    expect(h.updatesTo(legacy.connection, mark)).toEqual([
      expect.objectContaining({ taskId: 'legacy-lost', state: 'TASK_LOST', reason: 'REASON_AGENT_RESTARTED' }),
    ]);
    expect(h.core.tasks.get(`${frameworkId}/never-arrived`)?.status.state).toBe('TASK_STAGING');
    expect(h.storedTasks.get(`${frameworkId}/never-arrived`)?.status.state).toBe('TASK_STAGING');
    // Delivered this time: it runs, once.
    h.update(agentId, back, frameworkId, agentStatus('never-arrived', 'TASK_FINISHED', 'na-finished'));
    expect(h.core.tasks.get(`${frameworkId}/never-arrived`)?.status.state).toBe('TASK_FINISHED');
  });

  it('sends nothing again for a task the agent reports', () => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent('h', 'cpus:4;mem:1024');
    const { frameworkId } = h.subscribe('f');
    h.launch(frameworkId, agentId, 'arrived', 'cpus:1;mem:128');
    const { connection: back, mark } = reregister(h, agentId, [{ frameworkId, taskId: 'arrived' }]);
    expect(h.commandsTo(back, mark).filter((c) => c.type === 'runTask')).toEqual([]);
    expect(h.core.tasks.get(`${frameworkId}/arrived`)?.status.state).toBe('TASK_RUNNING');
  });
});

describe('status updates', () => {
  it('forwards each update once persisted, never resends one the framework acknowledged', () => {
    const h = new CoreHarness();
    const { agentId, connection: agentConnection } = h.registerAgent();
    const { frameworkId, connection } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
    h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_RUNNING', 'u1'));
    expect(h.storedTasks.get(`${frameworkId}/t1`)?.status.uuid).toBe('u1');
    h.step((now) => h.core.acknowledge(now, frameworkId, [{ taskId: 't1', uuid: 'u1' }]));

    const mark = h.effects.length;
    h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_RUNNING', 'u1'));
    expect(h.updatesTo(connection, mark)).toEqual([]);
    expect(h.commandsTo(agentConnection, mark)).toEqual([
      { type: 'acknowledge', frameworkId, taskId: 't1', uuid: 'u1' },
    ]);
  });

  it('never moves a task back from a terminal state', () => {
    const h = new CoreHarness();
    const { agentId, connection: agentConnection } = h.registerAgent();
    const { frameworkId } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
    h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_FINISHED', 'u2'));
    h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_RUNNING', 'u1'));
    expect(h.core.tasks.get(`${frameworkId}/t1`)?.status.state).toBe('TASK_FINISHED');
  });

  it('ignores updates from a stream that is not the agent’s current one', () => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent();
    const { frameworkId } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
    const stale = h.connection();
    const outcome = h.step((now) =>
      h.core.statusUpdate(now, agentId, stale, { frameworkId, status: agentStatus('t1', 'TASK_FAILED', 'x') }),
    );
    expect(outcome).toBe('ignored');
    expect(h.core.tasks.get(`${frameworkId}/t1`)?.status.state).toBe('TASK_STAGING');
  });

  it('refuses an update from an agent the task does not run on: nothing changes, nothing is acknowledged', () => {
    const h = new CoreHarness();
    const { agentId, connection: agentConnection } = h.registerAgent('a');
    const { agentId: otherId, connection: otherConnection } = h.registerAgent('b');
    const { frameworkId, connection } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
    h.update(agentId, agentConnection, frameworkId, agentStatus('t1', 'TASK_RUNNING', 'u1'));
    const mark = h.effects.length;
    const outcome = h.step((now) =>
      h.core.statusUpdate(now, otherId, otherConnection, {
        frameworkId,
        status: agentStatus('t1', 'TASK_FINISHED', 'forged'),
      }),
    );
    expect(outcome).toBe('refused');
    expect(h.core.tasks.get(`${frameworkId}/t1`)?.status).toMatchObject({ state: 'TASK_RUNNING', uuid: 'u1', agentId });
    // Not forwarded, not stored, not acknowledged, no resources recovered.
    expect(h.updatesTo(connection, mark)).toEqual([]);
    expect(h.commandsTo(otherConnection, mark)).toEqual([]);
    expect(h.since(mark).filter((e) => e.kind === 'persist' || e.kind === 'allocator')).toEqual([]);
  });
});

describe('bounds and refusals', () => {
  it('an Accept of 4,000 invalid tasks is refused with short messages (no message carries every problem)', () => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent();
    const { frameworkId, connection } = h.subscribe();
    const offerId = h.offer(frameworkId, agentId, 'cpus:1;mem:128');
    const tasks = Array.from({ length: 4_000 }, (_, i) => ({
      taskId: `bad task ${i}`,
      name: 'x',
      resources: res('cpus:1'),
      command: { shell: true, value: 'true', arguments: [] },
      killGracePeriodSeconds: 0,
      payload: taskInfo(`bad-${i}`, 'cpus:1'),
    }));
    const mark = h.effects.length;
    const outcome = h.step((now) =>
      h.core.accept(now, {
        frameworkId,
        offerIds: [offerId],
        operations: [{ type: 'launch', tasks }],
        conversionProblems: [],
        namedTaskIds: tasks.map((t) => t.taskId),
        refuseSeconds: undefined,
      }),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message.length).toBeLessThan(2_000);
    const errors = h.updatesTo(connection, mark);
    expect(errors).toHaveLength(4_000);
    // Each task's TASK_ERROR names its own problem only: 4,000 short messages, not 4,000 × 4,000 problems.
    expect(Math.max(...errors.map((s) => s.message.length))).toBeLessThan(200);
    expect(errors.every((s) => s.state === 'TASK_ERROR')).toBe(true);
    // The offer was consumed; its resources went back.
    expect(h.core.offers.has(offerId)).toBe(false);
  });

  it.each([
    ['an ID over the bound', frameworkInfo('f', { id: 'x'.repeat(MAX_ID_LENGTH + 1) }), LimitExceededError],
    ['a role name over 255 characters', frameworkInfo('f', { roles: ['r'.repeat(256)] }), InvalidFrameworkInfoError],
    ['no name', frameworkInfo(' '), InvalidFrameworkInfoError],
  ])('refuses a Subscribe with %s, changing nothing', (_label, info, error) => {
    const h = new CoreHarness();
    const mark = h.effects.length;
    expect(() =>
      h.step((now) => h.core.subscribe(now, { info, principal: '', suppressedRoles: [] }, h.connection())),
    ).toThrow(error);
    expect(h.effects.length).toBe(mark);
    expect(h.core.frameworks.size).toBe(0);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('refuses a drain with a grace period of %s', (grace) => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent();
    expect(() => h.step((now) => h.core.drainAgent(now, agentId, grace))).toThrow(InvalidDrainError);
    expect(h.core.agents.get(agentId)?.status).toBe('ACTIVE');
  });

  it('a refused reservation leaves the agent’s offers outstanding', () => {
    const h = new CoreHarness();
    const { agentId } = h.registerAgent('h', 'cpus:2;mem:256');
    const { frameworkId } = h.subscribe();
    const offerId = h.offer(frameworkId, agentId, 'cpus:1');
    expect(() =>
      h.step((now) =>
        h.core.reserveResources(now, agentId, [
          { name: 'cpus', type: 'scalar', scalar: 8, reservation: { type: 'dynamic', role: 'eng' } },
        ]),
      ),
    ).toThrow(/does not have/);
    expect(h.core.offers.has(offerId)).toBe(true);
    expect(containsResources(h.core.agents.get(agentId)?.total ?? [], res('cpus:2'))).toBe(true);
  });

  it('kills with the call’s grace period, else the task’s own, else the default', () => {
    const h = new CoreHarness();
    const { agentId, connection } = h.registerAgent();
    const { frameworkId } = h.subscribe();
    h.launch(frameworkId, agentId, 't1', 'cpus:1;mem:128');
    const mark = h.effects.length;
    h.step((now) => h.core.kill(now, { frameworkId, taskId: 't1', agentId: '', gracePeriodSeconds: 7 }));
    h.step((now) => h.core.kill(now, { frameworkId, taskId: 't1', agentId: '', gracePeriodSeconds: undefined }));
    expect(types(h.commandsTo(connection, mark))).toEqual(['killTask', 'killTask']);
    expect(h.commandsTo(connection, mark).map((c) => (c.type === 'killTask' ? c.gracePeriodSeconds : -1))).toEqual([
      7, 3,
    ]);
  });
});
