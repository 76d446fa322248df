import type { TaskState } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { NO_MATCH_REASON_FUNNEL, type AppDefinition, type TaskStatusUpdate } from '../src/core/index.js';
import { appDef, FakeClock, iso, newCore, placement, status, T0 } from './instance-fixtures.js';

/** One app "/web" (Marathon's defaults unless overridden) with one instance, and a way to end its task. */
function crashingWeb(overrides: Partial<AppDefinition> = {}) {
  const clock = new FakeClock();
  const core = newCore([appDef('/web', overrides)]);
  core.tracker.schedule(core.apps.get('/web') as AppDefinition, 1, clock.nowMs);
  /** Launches the slot, runs it, and ends its task with `state` at `clock.nowMs`. */
  const end = (state: TaskState = 'TASK_FAILED', fields: Partial<TaskStatusUpdate> = {}): void => {
    const provisioned = core.tracker.provision('web.instance-u1', placement(), clock.nowMs).result;
    const taskId = provisioned.taskId as string;
    core.tracker.statusUpdate(status(taskId, 'TASK_RUNNING'), clock.nowMs);
    core.tracker.statusUpdate(status(taskId, state, fields), clock.nowMs);
  };
  const delay = (): number | undefined => core.queue.backoff('/web', clock.nowMs)?.delaySeconds;
  return { ...core, clock, end, delay };
}

describe('backoff: backoffSeconds 1, backoffFactor 1.15, maxLaunchDelaySeconds 300 (the defaults)', () => {
  it('grows by the factor with each failure and is capped', () => {
    const { end, delay, clock } = crashingWeb();
    const delays: number[] = [];
    for (let failure = 1; failure <= 45; failure++) {
      clock.advanceSeconds(1); // failures 1 s apart: the delay never lapses (it would after 300 s)
      end('TASK_FAILED');
      delays.push(delay() as number);
    }
    // failure n → min(1 × 1.15^(n−1), 300)
    const table: [failure: number, delaySeconds: number][] = [
      [1, 1], //          first failure: backoffSeconds
      [2, 1.15], //       1 × 1.15
      [3, 1.3225], //     1.15 × 1.15
      [4, 1.520875], //   1.3225 × 1.15
      [5, 1.74900625], // 1.520875 × 1.15
      [10, 3.517876], //  1.15^9 = 3.5178762…
      [41, 267.863546], // 1.15^40 = 267.8635…
      [42, 300], //       1.15^41 = 308.04… > 300: capped
      [45, 300], //       stays at the cap
    ];
    for (const [failure, expected] of table) expect(delays[failure - 1]).toBeCloseTo(expected, 5);
  });

  it('delays launches: not launchable before failure time + delay', () => {
    const { end, queue, clock } = crashingWeb();
    const failedAt = clock.advanceSeconds(10);
    end('TASK_FAILED');
    end('TASK_FAILED'); // second failure at the same time: 1 × 1.15 = 1.15 s
    expect(queue.backoff('/web', clock.nowMs)).toEqual({
      appId: '/web',
      configVersion: iso(T0),
      delaySeconds: 1.15,
      notBeforeMs: failedAt + 1150,
    });
    expect(queue.count('/web')).toBe(1);
    expect(queue.wantsOffers(failedAt + 1149)).toBe(false);
    expect(queue.launchable(failedAt + 1149)).toEqual([]);
    expect(queue.nextLaunchableAtMs(failedAt + 1149)).toBe(failedAt + 1150);
    expect(queue.wantsOffers(failedAt + 1150)).toBe(true);
    expect(queue.launchable(failedAt + 1150).map((a) => a.app.id)).toEqual(['/web']);
    expect(queue.nextLaunchableAtMs(failedAt + 1150)).toBeUndefined();
  });

  it.each([
    ['TASK_FAILED', 'REASON_COMMAND_EXECUTOR_FAILED', 1],
    ['TASK_FINISHED', 'REASON_UNSPECIFIED', 1],
    ['TASK_ERROR', 'REASON_TASK_INVALID', 1],
    ['TASK_GONE', 'REASON_AGENT_RESTARTED', 1],
    ['TASK_DROPPED', 'REASON_AGENT_DISCONNECTED', 1],
    ['TASK_KILLED', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', 1], // the agent's kill for failing health checks
    ['TASK_KILLED', 'REASON_UNSPECIFIED', undefined], // a kill does not count
    ['TASK_UNKNOWN', 'REASON_RECONCILIATION', undefined],
  ] as const)('%s (%s) → delay %s', (state, reason, expected) => {
    const { end, delay } = crashingWeb();
    end(state, { reason });
    expect(delay()).toBe(expected);
  });

  it('an unreachable task, or one killed on request, does not count', () => {
    const { tracker, clock, delay } = crashingWeb();
    tracker.provision('web.instance-u1', placement(), clock.nowMs);
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    tracker.killInstance('web.instance-u1', 'Decommissioned', clock.advanceSeconds(1));
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    expect(delay()).toBeUndefined();
  });

  it('maxLaunchDelaySeconds below backoffSeconds: the delay is the max', () => {
    const { end, delay } = crashingWeb({ backoffSeconds: 10, maxLaunchDelaySeconds: 4 });
    end();
    expect(delay()).toBe(4);
    end();
    expect(delay()).toBe(4);
  });

  describe('resets', () => {
    it('a new config version starts without a delay; a scaling change keeps it', () => {
      const { end, delay, setApp, apps, clock } = crashingWeb();
      end();
      end(); // 1.15
      const app = apps.get('/web') as AppDefinition;
      const scaledAt = iso(clock.advanceSeconds(1));
      setApp({ ...app, instances: 2, version: scaledAt, versionInfo: { ...app.versionInfo, lastScalingAt: scaledAt } });
      expect(delay()).toBe(1.15);
      end(); // 1.15 × 1.15 = 1.3225
      expect(delay()).toBeCloseTo(1.3225, 10);
      const changedAt = iso(clock.advanceSeconds(1));
      setApp({
        ...app,
        cmd: 'sleep 2',
        version: changedAt,
        versionInfo: { lastScalingAt: changedAt, lastConfigChangeAt: changedAt },
      });
      expect(delay()).toBeUndefined();
      end(); // the first failure of the new config
      expect(delay()).toBe(1);
    });

    it('a failure of an instance still running an older config does not delay the new one', () => {
      const { tracker, delay, setApp, apps, clock } = crashingWeb();
      tracker.provision('web.instance-u1', placement(), clock.nowMs);
      tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.nowMs);
      const app = apps.get('/web') as AppDefinition;
      const changedAt = iso(clock.advanceSeconds(1));
      setApp({
        ...app,
        cmd: 'sleep 2',
        version: changedAt,
        versionInfo: { lastScalingAt: changedAt, lastConfigChangeAt: changedAt },
      });
      tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.advanceSeconds(1));
      expect(delay()).toBeUndefined();
    });

    it('resetDelay (DELETE /v2/queue/{id}/delay) clears it at once', () => {
      const { end, delay, queue, clock } = crashingWeb();
      end();
      expect(queue.wantsOffers(clock.nowMs)).toBe(false);
      expect(queue.resetDelay('/web')).toBe(true);
      expect(delay()).toBeUndefined();
      expect(queue.wantsOffers(clock.nowMs)).toBe(true);
      expect(queue.resetDelay('/web')).toBe(false);
    });

    it('a task killed because its agent is drained resets it', () => {
      const { end, delay } = crashingWeb();
      end();
      end(); // 1.15
      end('TASK_KILLED', { reason: 'REASON_AGENT_DRAINING' });
      expect(delay()).toBeUndefined();
    });

    it('lapses maxLaunchDelaySeconds after the failure that last set it (a successful run does not reset it)', () => {
      const { end, delay, clock, tracker } = crashingWeb({ maxLaunchDelaySeconds: 60 });
      end();
      const lastFailure = clock.advanceSeconds(5);
      end(); // 1.15 s, set at lastFailure
      // The next launch runs (and stays running) long past its delay: the delay stays.
      tracker.provision('web.instance-u1', placement(), clock.advanceSeconds(2));
      tracker.statusUpdate(status('web.instance-u1.3', 'TASK_RUNNING'), clock.nowMs);
      clock.nowMs = lastFailure + 60_000; // not after failure + 60 s yet
      expect(delay()).toBe(1.15);
      clock.nowMs = lastFailure + 60_001;
      expect(delay()).toBeUndefined();
      tracker.statusUpdate(status('web.instance-u1.3', 'TASK_FAILED'), clock.nowMs);
      expect(delay()).toBe(1); // starts over
    });
  });
});

describe('queueView: GET /v2/queue', () => {
  it('an app with instances to launch, its delay and offer statistics, in Marathon’s JSON', () => {
    const { tracker, queue, apps, clock } = crashingWeb();
    const db = appDef('/db');
    apps.set('/db', db);
    tracker.schedule(db, 2, clock.advanceSeconds(1));
    const since = clock.nowMs;
    // Offers seen by /db: a1 unused (cpus, mem: counts for cpus), a2 unused (role), a1 again unused (mem), a3 used.
    queue.recordOffer(
      '/db',
      'a1',
      { used: false, reasons: ['InsufficientMemory', 'InsufficientCpus'] },
      clock.advanceSeconds(1),
    );
    queue.recordOffer('/db', 'a2', { used: false, reasons: ['UnfulfilledRole'] }, clock.advanceSeconds(1));
    queue.recordOffer('/db', 'a1', { used: false, reasons: ['InsufficientMemory'] }, clock.advanceSeconds(1));
    const lastUnused = clock.nowMs;
    queue.recordOffer('/db', 'a3', { used: true }, clock.advanceSeconds(1));
    const lastUsed = clock.nowMs;
    const view = queue.queueView(clock.advanceSeconds(1), (app) => ({ id: app.id }));
    const steps = (declined: Record<string, number>, offers: number) => {
      // processed: the offers that reached the reason; declined: those stopped there.
      let processed = offers;
      return NO_MATCH_REASON_FUNNEL.map((reason) => {
        const step = { reason, declined: declined[reason] ?? 0, processed };
        processed -= step.declined;
        return step;
      });
    };
    expect(view).toEqual({
      queue: [
        {
          app: { id: '/db' },
          count: 2,
          delay: { timeLeftSeconds: 0, overdue: true },
          since: iso(since),
          processedOffersSummary: {
            processedOffersCount: 4,
            unusedOffersCount: 3,
            lastUnusedOfferAt: iso(lastUnused),
            lastUsedOfferAt: iso(lastUsed),
            // the last unused offer per agent: a1 → InsufficientMemory, a2 → UnfulfilledRole (2 offers)
            rejectSummaryLastOffers: steps({ UnfulfilledRole: 1, InsufficientMemory: 1 }, 2),
            // all 4 offers: role 1, cpus 1, mem 1; 1 used passed every step
            rejectSummaryLaunchAttempt: steps({ UnfulfilledRole: 1, InsufficientCpus: 1, InsufficientMemory: 1 }, 4),
          },
        },
        {
          app: { id: '/web' },
          count: 1,
          delay: { timeLeftSeconds: 0, overdue: true },
          since: iso(T0),
          processedOffersSummary: {
            processedOffersCount: 0,
            unusedOffersCount: 0,
            rejectSummaryLastOffers: steps({}, 0),
            rejectSummaryLaunchAttempt: steps({}, 0),
          },
        },
      ],
    });
    // The funnel summary lists every reason: [UnfulfilledRole 1/4, UnfulfilledConstraint 0/3, … InsufficientCpus 1/3, InsufficientMemory 1/2, InsufficientDisk 0/1 …]
    expect(
      view.queue[0]?.processedOffersSummary.rejectSummaryLaunchAttempt.map((s) => `${s.declined}/${s.processed}`),
    ).toEqual(['1/4', '0/3', '0/3', '0/3', '1/3', '1/2', '0/1', '0/1', '0/1', '0/1']);
  });

  it('shows the delay left in whole seconds, rounded up', () => {
    const { end, queue, clock } = crashingWeb({ backoffSeconds: 10 });
    const failedAt = clock.advanceSeconds(1);
    end();
    const delayAt = (ms: number) => queue.queueView(ms, () => null).queue[0]?.delay;
    expect(delayAt(failedAt)).toEqual({ timeLeftSeconds: 10, overdue: false });
    expect(delayAt(failedAt + 500)).toEqual({ timeLeftSeconds: 10, overdue: false }); // 9.5 s → 10
    expect(delayAt(failedAt + 9_001)).toEqual({ timeLeftSeconds: 1, overdue: false }); // 0.999 s → 1
    expect(delayAt(failedAt + 10_000)).toEqual({ timeLeftSeconds: 0, overdue: true });
    expect(queue.delayView('/web', failedAt + 4_000)).toEqual({
      queueDelay: { timeLeftSeconds: 6, overdue: false },
      currentDelaySeconds: 10,
      maxLaunchDelaySeconds: 300,
    });
    expect(queue.delayView('/nope', failedAt)).toBeUndefined();
  });

  it('an app leaves the queue, and its statistics start over, once nothing is left to launch', () => {
    const { tracker, queue, clock } = crashingWeb();
    queue.recordOffer('/web', 'a1', { used: false, reasons: ['InsufficientCpus'] }, clock.advanceSeconds(1));
    tracker.provision('web.instance-u1', placement(), clock.advanceSeconds(1));
    expect(queue.queueView(clock.nowMs, () => null).queue).toEqual([]);
    expect(queue.delayView('/web', clock.nowMs)).toEqual({ currentDelaySeconds: 0, maxLaunchDelaySeconds: 300 });
    // Ignored: nothing to launch.
    queue.recordOffer('/web', 'a1', { used: true }, clock.nowMs);
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    const [item] = queue.queueView(clock.nowMs, () => null).queue;
    expect(item?.since).toBe(iso(clock.nowMs));
    expect(item?.processedOffersSummary.processedOffersCount).toBe(0);
  });
});
