import { SchedulerSession, type SubscribeOptions } from '@tessera/client';
import { parseResources } from '@tessera/domain';
import {
  buildTaskInfo,
  matchOffer,
  offerFromProto,
  taskRequestFromResources,
  type LaunchSpec,
  type Match,
  type TaskRequest,
} from '@tessera/framework';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';

/** The request for resources written in Mesos text (a test's own mistake throws). */
export function requestFor(resources: string): TaskRequest {
  const parsed = taskRequestFromResources(parseResources(resources));
  if (!parsed.ok) throw new Error(`cannot ask for ${resources}: ${parsed.problems.join('; ')}`);
  return parsed.request;
}

/**
 * Whether `request` fits `offer`, and what it takes. NOTE: GPU agents are not
 * kept from tasks without GPUs here: tests match as a plain containment check did.
 */
export function fit(offer: v1.Offer__Output, request: TaskRequest): Match | undefined {
  const result = matchOffer(offerFromProto(offer), request, { declineScarceResources: false });
  return result.fits ? result : undefined;
}

/** A test's CommandInfo as the launch builder's terms (a shell line, or a program with its argv). */
function launchCommand(command: v1.CommandInfo): Pick<LaunchSpec, 'command' | 'environment' | 'uris' | 'user'> {
  const argv = command.arguments ?? [];
  const shell = command.shell ?? argv.length === 0;
  return {
    command: shell ? { shell: command.value ?? '' } : { argv, program: command.value ?? '' },
    ...(command.environment
      ? {
          environment: Object.fromEntries(
            (command.environment.variables ?? []).map((v) => [v.name ?? '', v.value ?? '']),
          ),
        }
      : {}),
    ...(command.uris
      ? {
          uris: command.uris.map((uri) => ({
            value: uri.value ?? '',
            executable: uri.executable ?? false,
            extract: uri.extract ?? false,
            cache: uri.cache ?? false,
            ...(uri.outputFile ? { outputFile: uri.outputFile } : {}),
          })),
        }
      : {}),
    ...(command.user ? { user: command.user } : {}),
  };
}

/**
 * A framework for tests: subscribes through the public Scheduler API, records
 * every offer and update, and waits for them by condition (never by time).
 */
export class TestFramework {
  readonly offers: v1.Offer__Output[] = [];
  readonly updates: v1.TaskStatus__Output[] = [];
  readonly rescinded = new Set<string>();
  private used = new Set<string>();

  private constructor(readonly session: SchedulerSession) {}

  /**
   * Subscribes a new session. Unlike the package's default, it does not
   * re-subscribe on its own unless `options.reconnect` is true: most tests that
   * kill the master play the failing-over scheduler themselves (wait for
   * `closed`, then subscribe anew with the framework ID).
   */
  static async subscribe(
    masterAddress: string,
    info: Partial<v1.FrameworkInfo> = {},
    options: SubscribeOptions = {},
  ): Promise<TestFramework> {
    const session = new SchedulerSession(
      masterAddress,
      { name: 'e2e', roles: ['e2e'], failoverTimeoutSeconds: 300, capabilities: ['PARTITION_AWARE'], ...info },
      { reconnect: false, ...options },
    );
    const framework = new TestFramework(session);
    session.on('offers', (offers) => framework.receive(offers));
    session.on('rescind', (id) => framework.rescinded.add(id));
    session.on('update', (status) => framework.updates.push(status));
    await session.subscribe();
    return framework;
  }

  get id(): string {
    return this.session.frameworkId;
  }

  private waiters = 0;

  /** Offers are kept only while a test waits for one; others are declined at once, as a framework with nothing to launch does. */
  private receive(offers: v1.Offer__Output[]): void {
    this.offers.push(...offers);
    if (this.waiters === 0) this.declineUnused();
  }

  private declineUnused(): void {
    const unused = this.offers
      .map((o) => o.id?.value ?? '')
      .filter((id) => !this.used.has(id) && !this.rescinded.has(id));
    for (const id of unused) this.used.add(id);
    if (unused.length > 0) this.session.decline(unused, 0.1).catch(() => undefined);
  }

  /** The next unused, unrescinded offer that holds `resources` (Mesos text); other offers held are declined. */
  async offerWith(resources: string, timeoutMs = 20_000): Promise<v1.Offer__Output> {
    return (await this.fittingOffer(resources, timeoutMs)).offer;
  }

  /** The next unused, unrescinded offer that `resources` fits, with what they take of it. */
  private async fittingOffer(
    resources: string,
    timeoutMs = 20_000,
  ): Promise<{ offer: v1.Offer__Output; match: Match }> {
    const request = requestFor(resources);
    this.waiters++;
    try {
      const found = await waitFor(
        () => {
          for (const offer of this.offers) {
            const id = offer.id?.value ?? '';
            if (this.used.has(id) || this.rescinded.has(id)) continue;
            const match = fit(offer, request);
            if (match !== undefined) return { offer, match };
          }
          return undefined;
        },
        { timeoutMs, intervalMs: 20, what: `an offer with ${resources}` },
      );
      this.used.add(found.offer.id?.value ?? '');
      return found;
    } finally {
      this.waiters--;
      if (this.waiters === 0) this.declineUnused();
    }
  }

  /**
   * Launches one task on the next offer that fits; returns the offer used. What
   * remains of the offer is refused for only 50 ms (not the default 5 s), so the
   * next launch in a test gets an offer at once.
   */
  async launch(
    taskId: string,
    command: v1.CommandInfo,
    resources = 'cpus:0.1;mem:32',
    extra: Partial<v1.TaskInfo> = {},
  ): Promise<v1.Offer__Output> {
    const { offer, match } = await this.fittingOffer(resources);
    const task: v1.TaskInfo = { ...buildTaskInfo({ taskId, ...launchCommand(command) }, match), ...extra };
    await this.session.launch([offer.id?.value ?? ''], [task], 0.05);
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
