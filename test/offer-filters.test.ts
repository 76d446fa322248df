import { SchedulerSession } from '@tessera/client';
import { formatResources, parseResources } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';

const TASKS = 20;
/** Mesos's default when a call carries no Filters, and Tessera's. */
const DEFAULT_REFUSE_MS = 5000;
const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_GONE']);

interface ReceivedOffer {
  readonly atMs: number;
  readonly agentId: string;
  readonly resources: string;
  /** The task launched on it, if any (else it was declined). */
  taskId?: string;
}

/**
 * A framework that runs `true` tasks one after the other, one small task per
 * offer, and refuses the rest with the default filter (Accept and Decline
 * without Filters: 5 s), as the simplest Mesos frameworks do.
 */
class OneTaskPerOffer {
  readonly offers: ReceivedOffer[] = [];
  /** When each task's Accept was sent (its leftovers refused from then on, at the latest). */
  readonly acceptedAtMs = new Map<string, number>();
  readonly endedAtMs = new Map<string, number>();
  readonly endStates = new Map<string, string>();
  private launched = 0;
  private inFlight: string | undefined;

  private constructor(readonly session: SchedulerSession) {}

  static async subscribe(master: string): Promise<OneTaskPerOffer> {
    const session = new SchedulerSession(master, {
      name: 'one-task-per-offer',
      roles: ['e2e'],
      capabilities: ['PARTITION_AWARE'],
      failoverTimeoutSeconds: 60,
    });
    const framework = new OneTaskPerOffer(session);
    session.on('offers', (offers) => framework.onOffers(offers));
    session.on('update', (status) => framework.onUpdate(status));
    await session.subscribe();
    return framework;
  }

  private onOffers(offers: v1.Offer__Output[]): void {
    for (const offer of offers) {
      const id = offer.id?.value ?? '';
      const received: ReceivedOffer = {
        atMs: Date.now(),
        agentId: offer.agentId?.value ?? '',
        resources: formatResources(resourcesFromProto(offer.resources)),
      };
      this.offers.push(received);
      if (this.inFlight !== undefined || this.launched >= TASKS) {
        this.session.decline([id]).catch(() => undefined);
        continue;
      }
      const taskId = `task-${this.launched++}`;
      received.taskId = taskId;
      this.inFlight = taskId;
      this.acceptedAtMs.set(taskId, Date.now());
      const task: v1.TaskInfo = {
        name: taskId,
        taskId: { value: taskId },
        resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
        command: { shell: true, value: 'true' },
      };
      // No refuse_seconds: the unused part of the offer is refused for the default 5 s.
      this.session.launch([id], [task]).catch(() => undefined);
    }
  }

  private onUpdate(status: v1.TaskStatus__Output): void {
    const taskId = status.taskId?.value ?? '';
    const state = String(status.state);
    if (!TERMINAL.has(state) || this.endedAtMs.has(taskId)) return;
    this.endedAtMs.set(taskId, Date.now());
    this.endStates.set(taskId, state);
    if (this.inFlight === taskId) this.inFlight = undefined;
  }

  close(): void {
    this.session.close();
  }
}

describe('refuse filters on real processes (Mesos rule: only what was refused is filtered)', () => {
  let cluster: Cluster;
  let framework: OneTaskPerOffer | undefined;

  beforeAll(async () => {
    // NOTE: a long leader lease, so that a loaded machine cannot depose the only master mid-test.
    cluster = await Cluster.start({ leaderLeaseMs: 15_000 });
  });
  afterAll(async () => {
    framework?.close();
    await cluster?.stop();
  });

  it('a framework that launches one task per offer and refuses the rest keeps being offered as each task ends', async () => {
    const startedMs = Date.now();
    framework = await OneTaskPerOffer.subscribe(cluster.masterAddress);
    const f = framework;
    // The old rule (a filter refuses the whole agent) needs 20 × 5 s = 100 s at least;
    // the new one a few seconds. The bound separates them with room for a loaded machine.
    await waitFor(() => f.endedAtMs.size >= TASKS, {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `${TASKS} tasks ended`,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)} (${f.endedAtMs.size} ended)\n${cluster.infoLogs()}`);
    });
    const elapsedMs = Date.now() - startedMs;
    expect([...f.endStates.values()].every((state) => state === 'TASK_FINISHED')).toBe(true);
    expect(elapsedMs, `${TASKS} sequential tasks took ${elapsedMs} ms`).toBeLessThan(40_000);

    // Every task after the first ran on an offer that came after the previous task ended and
    // before the previous Accept's filter (on the leftovers) could have expired: the offer was
    // made because more was free than the framework had refused, not because time passed.
    const launches = f.offers.filter((o) => o.taskId !== undefined);
    expect(launches).toHaveLength(TASKS);
    const agentId = launches[0]?.agentId;
    for (let i = 1; i < TASKS; i++) {
      const offer = launches[i] as ReceivedOffer;
      const previous = `task-${i - 1}`;
      const refusedAtMs = f.acceptedAtMs.get(previous) ?? Infinity;
      expect(offer.agentId).toBe(agentId);
      expect(offer.atMs).toBeGreaterThanOrEqual(f.endedAtMs.get(previous) ?? Infinity);
      expect(
        offer.atMs - refusedAtMs,
        `offer for task-${i} came ${offer.atMs - refusedAtMs} ms after the leftovers of ${previous} were refused`,
      ).toBeLessThan(DEFAULT_REFUSE_MS);
      // The whole agent again: what was refused (everything but the task) and what the task gave back.
      expect(offer.resources).toBe(launches[0]?.resources);
    }
  }, 180_000);
});
