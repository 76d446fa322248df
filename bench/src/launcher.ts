import type { SchedulerSession } from '@tessera/client';
import { buildTaskInfo, offerFromProto, packCopies, type TaskRequest } from '@tessera/framework';
import type { v1 } from '@tessera/proto';

export interface LaunchPlan {
  /** How many tasks to launch (`<idPrefix><n>`, n from 0), each `sleep 3600` with `request`. */
  readonly count: number;
  readonly request: TaskRequest;
  readonly idPrefix: string;
  /** Most tasks launched but not yet running at once; 0 launches everything as soon as offers allow. */
  readonly maxInFlight: number;
}

export interface LaunchTimes {
  /** performance.now() of each task's Accept, by task ID. */
  readonly acceptedAt: ReadonlyMap<string, number>;
  /** performance.now() of each task's first TASK_RUNNING, by task ID. */
  readonly runningAt: ReadonlyMap<string, number>;
  /** performance.now() of the first Accept. */
  readonly firstAccept: number;
}

/**
 * Launches `plan.count` tasks through `session` (attached but not subscribed
 * yet: this subscribes it), packing them into every offer, and resolves once
 * every one of them is RUNNING. Rejects when a task ends or the session closes.
 * Offers are held while the framework is at its in-flight cap, filled as tasks
 * start, and declined for an hour once every task is launched.
 */
export async function launchUntilRunning(session: SchedulerSession, plan: LaunchPlan): Promise<LaunchTimes> {
  const acceptedAt = new Map<string, number>();
  const runningAt = new Map<string, number>();
  let next = 0;
  let firstAccept = Number.NaN;
  const held: v1.Offer__Output[] = [];
  const inFlight = () => acceptedAt.size - runningAt.size;
  const launchOn = (offer: v1.Offer__Output): boolean => {
    const offerId = offer.id?.value ?? '';
    const room = plan.maxInFlight > 0 ? plan.maxInFlight - inFlight() : Number.POSITIVE_INFINITY;
    // NOTE: GPU agents are not kept from the tasks: the agents' resources decide.
    const packed = packCopies(offerFromProto(offer), plan.request, Math.max(0, Math.min(plan.count - next, room)), {
      declineScarceResources: false,
    });
    const tasks = packed.launches.map((launch) =>
      buildTaskInfo({ taskId: `${plan.idPrefix}${next++}`, command: { shell: 'sleep 3600' } }, launch),
    );
    if (tasks.length === 0) return false;
    const now = performance.now();
    if (Number.isNaN(firstAccept)) firstAccept = now;
    for (const t of tasks) acceptedAt.set(t.taskId?.value ?? '', now);
    // What is left comes back soon: the rest of the tasks may want it.
    session
      .launch([offerId], tasks, next < plan.count ? 0.05 : 3600)
      .catch((error: unknown) => console.error('accept failed', error));
    return true;
  };
  const fill = () => {
    while (held.length > 0 && next < plan.count && (plan.maxInFlight === 0 || inFlight() < plan.maxInFlight)) {
      const offer = held.shift();
      if (offer !== undefined && !launchOn(offer))
        session.decline([offer.id?.value ?? ''], 3600).catch(() => undefined);
    }
    if (next >= plan.count && held.length > 0) {
      session
        .decline(
          held.splice(0).map((o) => o.id?.value ?? ''),
          3600,
        )
        .catch(() => undefined);
    }
  };
  const finished = new Promise<void>((resolve, reject) => {
    session.on('update', (status) => {
      const id = status.taskId?.value ?? '';
      if (status.state === 'TASK_RUNNING' && !runningAt.has(id)) {
        runningAt.set(id, performance.now());
        if (runningAt.size === plan.count) resolve();
        else fill();
      } else if (
        status.state !== 'TASK_STAGING' &&
        status.state !== 'TASK_STARTING' &&
        status.state !== 'TASK_RUNNING'
      ) {
        reject(new Error(`task ${id} ended ${status.state}: ${status.message}`));
      }
    });
    session.on('closed', (error) => reject(error ?? new Error('subscription closed')));
  });
  session.on('offers', (offers) => {
    held.push(...offers);
    fill();
  });
  session.on('rescind', (offerId) => {
    const index = held.findIndex((o) => o.id?.value === offerId);
    if (index >= 0) held.splice(index, 1);
  });
  await session.subscribe();
  await finished;
  return { acceptedAt, runningAt, firstAccept };
}
