import { SchedulerSession } from '@tessera/client';
import { buildTaskInfo, type TaskRequest } from '@tessera/framework';
import type { v1 } from '@tessera/proto';
import { fit, requestFor } from './framework.js';

/**
 * A framework that wants as many copies of one task as it can get, Mesos-example
 * style: it launches one task per offer, returns the rest at once (refusing it
 * not at all, so fairness decides the next offer), and declines offers too small.
 */
export class GreedyFramework {
  readonly running = new Set<string>();
  readonly ended = new Map<string, v1.TaskStatus__Output>();
  readonly statuses: v1.TaskStatus__Output[] = [];
  private launched = 0;

  private constructor(
    readonly session: SchedulerSession,
    private readonly name: string,
    /**
     * Each kind from the regular resources when they suffice, else (for a
     * borrower) from revocable ones; unreserved only.
     */
    private readonly task: TaskRequest,
  ) {}

  static async start(
    master: string,
    options: {
      name: string;
      role: string;
      taskResources: string;
      capabilities?: v1.FrameworkInfo['capabilities'];
      useRevocable?: boolean;
      suppressed?: boolean;
    },
  ): Promise<GreedyFramework> {
    const session = new SchedulerSession(
      master,
      {
        name: options.name,
        roles: [options.role],
        capabilities: ['PARTITION_AWARE', ...(options.capabilities ?? [])],
        failoverTimeoutSeconds: 60,
      },
      // Starts suppressed: nothing is offered until `revive()`, so that several frameworks can start at once.
      { suppressedRoles: options.suppressed === true ? [options.role] : [] },
    );
    const task = { ...requestFor(options.taskResources), useRevocable: options.useRevocable ?? false };
    const framework = new GreedyFramework(session, options.name, task);
    session.on('offers', (offers) => framework.onOffers(offers));
    session.on('update', (status) => framework.onUpdate(status));
    await session.subscribe();
    return framework;
  }

  private onOffers(offers: v1.Offer__Output[]): void {
    for (const offer of offers) {
      const id = offer.id?.value ?? '';
      const match = fit(offer, this.task);
      if (match === undefined) {
        this.session.decline([id], 0.2).catch(() => undefined);
        continue;
      }
      const taskId = `${this.name}-${this.launched++}`;
      const task = buildTaskInfo({ taskId, command: { shell: 'sleep 120' }, killGracePeriodSeconds: 0.2 }, match);
      this.session.launch([id], [task], 0).catch(() => undefined);
    }
  }

  private onUpdate(status: v1.TaskStatus__Output): void {
    this.statuses.push(status);
    const id = status.taskId?.value ?? '';
    if (status.state === 'TASK_RUNNING') this.running.add(id);
    else if (!['TASK_STAGING', 'TASK_STARTING', 'TASK_KILLING'].includes(String(status.state))) {
      this.running.delete(id);
      this.ended.set(id, status);
    }
  }

  revive(): Promise<unknown> {
    return this.session.revive();
  }

  async stop(): Promise<void> {
    await this.session.teardown().catch(() => undefined);
    this.session.close();
  }
}
