import { SchedulerSession } from '@tessera/client';
import { containsResources, parseResources, type Resource } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';

/**
 * The task's resources taken from the offer: each kind from the regular
 * resources when they suffice, else (for a borrower) from revocable ones.
 */
function pickTask(offered: Resource[], wanted: Resource[], useRevocable: boolean): Resource[] | undefined {
  const picked: Resource[] = [];
  for (const want of wanted) {
    if (containsResources(offered, [want])) picked.push(want);
    else if (useRevocable && containsResources(offered, [{ ...want, revocable: true }]))
      picked.push({ ...want, revocable: true });
    else return undefined;
  }
  return picked;
}

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
    private readonly taskResources: string,
    private readonly useRevocable: boolean,
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
    const framework = new GreedyFramework(session, options.name, options.taskResources, options.useRevocable ?? false);
    session.on('offers', (offers) => framework.onOffers(offers));
    session.on('update', (status) => framework.onUpdate(status));
    await session.subscribe();
    return framework;
  }

  private onOffers(offers: v1.Offer__Output[]): void {
    for (const offer of offers) {
      const id = offer.id?.value ?? '';
      const task = pickTask(resourcesFromProto(offer.resources), parseResources(this.taskResources), this.useRevocable);
      if (task === undefined) {
        this.session.decline([id], 0.2).catch(() => undefined);
        continue;
      }
      const taskId = `${this.name}-${this.launched++}`;
      this.session
        .launch(
          [id],
          [
            {
              name: taskId,
              taskId: { value: taskId },
              resources: resourcesToProto(task),
              command: { shell: true, value: 'sleep 120' },
              killPolicy: { gracePeriodSeconds: 0.2 },
            },
          ],
          0,
        )
        .catch(() => undefined);
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
