import { SchedulerSession } from '@tessera/client';
import { containsResources, parseResources } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';

/**
 * A framework for tests: subscribes through the public Scheduler API, records
 * every offer and update, and waits for them by condition (never by time).
 */
export class TestFramework {
  readonly offers: v1.Offer__Output[] = [];
  readonly updates: v1.TaskStatus__Output[] = [];
  readonly rescinded = new Set<string>();
  private used = new Set<string>();

  private constructor(readonly session: SchedulerSession) {
    session.on('offers', (offers) => this.offers.push(...offers));
    session.on('rescind', (id) => this.rescinded.add(id));
    session.on('update', (status) => this.updates.push(status));
    session.on('error', () => undefined);
  }

  static async subscribe(
    masterAddress: string,
    info: Partial<v1.FrameworkInfo> = {},
    options: { autoAcknowledge?: boolean } = {},
  ): Promise<TestFramework> {
    const session = await SchedulerSession.subscribe(
      masterAddress,
      { name: 'e2e', roles: ['e2e'], failoverTimeoutSeconds: 300, capabilities: ['PARTITION_AWARE'], ...info },
      options,
    );
    return new TestFramework(session);
  }

  get id(): string {
    return this.session.frameworkId;
  }

  /** The next unused, unrescinded offer that holds `resources` (Mesos text). */
  async offerWith(resources: string, timeoutMs = 20_000): Promise<v1.Offer__Output> {
    const needs = parseResources(resources);
    const offer = await waitFor(
      () =>
        this.offers.find((o) => {
          const id = o.id?.value ?? '';
          return (
            !this.used.has(id) && !this.rescinded.has(id) && containsResources(resourcesFromProto(o.resources), needs)
          );
        }),
      { timeoutMs, intervalMs: 20, what: `an offer with ${resources}` },
    );
    this.used.add(offer.id?.value ?? '');
    return offer;
  }

  /** Launches one task on the next offer that fits; returns the offer used. */
  async launch(
    taskId: string,
    command: v1.CommandInfo,
    resources = 'cpus:0.1;mem:32',
    extra: Partial<v1.TaskInfo> = {},
  ): Promise<v1.Offer__Output> {
    const offer = await this.offerWith(resources);
    await this.session.launch(
      [offer.id?.value ?? ''],
      [
        {
          name: taskId,
          taskId: { value: taskId },
          command,
          resources: resourcesToProto(parseResources(resources)),
          ...extra,
        },
      ],
    );
    return offer;
  }

  statesOf(taskId: string): string[] {
    return this.updates.filter((u) => u.taskId?.value === taskId).map((u) => taskStateFromProto(u.state));
  }

  async waitForState(taskId: string, state: string, timeoutMs = 30_000): Promise<v1.TaskStatus__Output> {
    return waitFor(() => this.updates.find((u) => u.taskId?.value === taskId && u.state === state), {
      timeoutMs,
      intervalMs: 20,
      what: `task ${taskId} to reach ${state} (saw ${this.statesOf(taskId).join(' → ') || 'nothing'})`,
    });
  }

  close(): void {
    this.session.close();
  }
}
