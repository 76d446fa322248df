import { SchedulerSession } from '@tessera/client';
import { isTerminalTaskState, type TaskState } from '@tessera/domain';
import {
  buildTaskInfo,
  MAX_TASKS_PER_RECONCILE,
  offerFromProto,
  packCopies,
  type TaskRequest,
} from '@tessera/framework';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { requestFor } from '../../support/framework.js';

/**
 * Where one task is, as the framework sees it:
 * - `pending`: to be launched (first time, or again after the leader said it does not know it);
 * - `accepting`: named in an Accept whose answer has not come;
 * - `unsure`: named in an Accept that failed (the master may or may not have it): reconciled before anything else;
 * - `launched`: the master has it (the Accept's answer, an update or a reconciliation said so);
 * - `ended`: a terminal state was heard.
 */
export type TaskPhase = 'pending' | 'accepting' | 'unsure' | 'launched' | 'ended';

/** The framework's book of one task. */
export interface TaskEntry {
  readonly taskId: string;
  phase: TaskPhase;
  /** Accept calls that named it. */
  accepts: number;
  /** Times it went back to `pending` after being named in an Accept (launched again with the same ID). */
  relaunches: number;
  /** Every state heard for it, in order: updates and reconciliation answers. */
  readonly heard: TaskState[];
  /** The distinct terminal states heard. */
  readonly terminal: Set<TaskState>;
  /** Terminal updates heard (resends and reconciliation answers count again). */
  terminalUpdates: number;
}

export interface ChaosFrameworkOptions {
  /** Every master, "a:5050,b:5050": the session follows their leader. */
  readonly masters: string;
  readonly name: string;
  readonly role: string;
  /** The tasks to launch, each once. */
  readonly taskIds: readonly string[];
  /** The shell line of a task. */
  readonly command: (taskId: string) => string;
  /** What each task takes, Mesos text. Default `cpus:0.01;mem:8`. */
  readonly resources?: string;
  /** Most tasks in one Accept (spreads the launch over many calls). Default 10. */
  readonly maxTasksPerAccept?: number;
  /** Most tasks launched (or in doubt) and not ended at once. Default 40. */
  readonly maxInFlight?: number;
  /** Tasks in doubt, and launched tasks that have not ended, are reconciled explicitly this often, ms. Default 2000. */
  readonly reconcileIntervalMs?: number;
}

/** Something the framework saw that must not happen. */
export interface Anomaly {
  readonly taskId: string;
  readonly what: string;
}

/**
 * A framework that launches a fixed set of tasks, each exactly once, through
 * any failover, and keeps the books that prove it: `@tessera/client`'s
 * SchedulerSession given every master (it follows the leader and
 * re-subscribes by itself), plus the discipline a framework needs on top:
 *
 * - a task is named in one Accept at a time; an Accept that fails leaves its
 *   tasks in doubt (`unsure`), and they are reconciled explicitly (on
 *   re-subscription, after the failure, and on a period) before anything else;
 * - a task the leader answers TASK_UNKNOWN for while in doubt was never
 *   persisted: it is launched again with the same ID (launches are idempotent
 *   by task ID); a task the leader knows is never launched again;
 * - a task the Accept answer leaves out (dropped at the Accept: its agent was
 *   away) is launched again with the same ID: the master kept nothing of it;
 * - master updates about an Accept that was refused (TASK_ERROR, TASK_DROPPED
 *   while the task is in doubt) are not the task's end: reconciliation decides;
 * - anything else heard — an update, a reconciliation answer — is recorded;
 *   a terminal state ends the task.
 *
 * Anomalies (a launched task the leader does not know, an update for a task
 * given up as unknown, an ID it never launched) are recorded, not hidden.
 */
export class ChaosFramework {
  readonly tasks = new Map<string, TaskEntry>();
  readonly anomalies: Anomaly[] = [];
  /** performance.now() of each lost stream, with the cause. */
  readonly disconnects: { atMs: number; cause: string }[] = [];
  /** performance.now() of each re-subscription, with the master it was made at. */
  readonly resubscribes: { atMs: number; master: string }[] = [];
  acceptCalls = 0;
  acceptFailures = 0;
  reconcileCalls = 0;
  /** Tasks in doubt that reconciliation showed the master had (not launched again). */
  inDoubtKnown = 0;
  /** Every Accept: performance.now() when sent and answered, and whether it launched. */
  readonly acceptLog: { sentAtMs: number; answeredAtMs: number; ok: boolean }[] = [];
  private readonly request: TaskRequest;
  private readonly order: readonly string[];
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reconciling = false;
  private closed = false;

  private constructor(
    readonly session: SchedulerSession,
    private readonly options: ChaosFrameworkOptions,
  ) {
    this.request = requestFor(options.resources ?? 'cpus:0.01;mem:8');
    this.order = [...options.taskIds];
    for (const taskId of options.taskIds) {
      this.tasks.set(taskId, {
        taskId,
        phase: 'pending',
        accepts: 0,
        relaunches: 0,
        heard: [],
        terminal: new Set(),
        terminalUpdates: 0,
      });
    }
  }

  /** Subscribes (at whichever master leads) and starts launching at once. */
  static async start(options: ChaosFrameworkOptions): Promise<ChaosFramework> {
    const session = new SchedulerSession(
      options.masters,
      {
        name: options.name,
        roles: [options.role],
        failoverTimeoutSeconds: 600,
        capabilities: ['PARTITION_AWARE'],
      },
      { reconnect: true },
    );
    const framework = new ChaosFramework(session, options);
    session.on('offers', (offers) => framework.onOffers(offers));
    session.on('update', (status) => framework.onUpdate(status));
    session.on('disconnected', (cause) =>
      framework.disconnects.push({ atMs: performance.now(), cause: cause.message }),
    );
    session.on('resubscribed', () => {
      framework.resubscribes.push({ atMs: performance.now(), master: session.address });
      framework.reconcileInDoubt(false);
    });
    await session.subscribe();
    framework.reconcileTimer = setInterval(() => framework.reconcileInDoubt(true), options.reconcileIntervalMs ?? 2000);
    return framework;
  }

  get frameworkId(): string {
    return this.session.frameworkId;
  }

  /** Tasks in `phase`. */
  count(phase: TaskPhase): number {
    let n = 0;
    for (const entry of this.tasks.values()) if (entry.phase === phase) n++;
    return n;
  }

  /** Tasks the master is known to have had (launched or ended). */
  get launched(): number {
    return this.count('launched') + this.count('ended');
  }

  /** Times a task was launched again with its ID. */
  get relaunched(): number {
    let n = 0;
    for (const entry of this.tasks.values()) n += entry.relaunches;
    return n;
  }

  /**
   * Resolves with performance.now() of the answer to the first Accept sent
   * after `atMs` that launched tasks (launching resumed after a kill at `atMs`).
   */
  async launchingAfter(atMs: number, timeoutMs: number): Promise<number> {
    const accept = await waitFor(() => this.acceptLog.find((a) => a.ok && a.sentAtMs > atMs), {
      timeoutMs,
      intervalMs: 20,
      what: `an Accept sent after the kill to launch (${this.describe()})`,
    });
    return accept.answeredAtMs;
  }

  /** Resolves once every task has ended; rejects after `timeoutMs` saying where the others are. */
  async allEnded(timeoutMs: number): Promise<void> {
    await waitFor(() => this.count('ended') === this.tasks.size, {
      timeoutMs,
      intervalMs: 100,
      what: `every task to end (${this.describe()})`,
    });
  }

  /** Counts by phase, for messages. */
  describe(): string {
    const phases: TaskPhase[] = ['pending', 'accepting', 'unsure', 'launched', 'ended'];
    return phases.map((p) => `${p} ${this.count(p)}`).join(', ');
  }

  close(): void {
    this.closed = true;
    if (this.reconcileTimer !== undefined) clearInterval(this.reconcileTimer);
    this.session.close();
  }

  private inFlight(): number {
    return this.count('accepting') + this.count('unsure') + this.count('launched');
  }

  private onOffers(offers: readonly v1.Offer__Output[]): void {
    for (const offer of offers) {
      const offerId = offer.id?.value ?? '';
      const pending = this.order.filter((id) => this.tasks.get(id)?.phase === 'pending');
      const room = Math.max(0, (this.options.maxInFlight ?? 40) - this.inFlight());
      const wanted = Math.min(pending.length, room, this.options.maxTasksPerAccept ?? 10);
      const packed = packCopies(offerFromProto(offer), this.request, wanted, { declineScarceResources: false });
      if (packed.launches.length === 0) {
        // Nothing to launch now: offers come back soon while tasks wait, rarely once all are out.
        const refuseSeconds = pending.length > 0 || this.count('unsure') > 0 ? 0.2 : 5;
        this.session.decline([offerId], refuseSeconds).catch(() => undefined);
        continue;
      }
      const taskInfos = packed.launches.map((launch, index) => {
        const taskId = pending[index] as string;
        const entry = this.entry(taskId);
        entry.phase = 'accepting';
        entry.accepts++;
        return buildTaskInfo({ taskId, command: { shell: this.options.command(taskId) } }, launch);
      });
      const taskIds = taskInfos.map((t) => t.taskId?.value ?? '');
      this.acceptCalls++;
      const sentAtMs = performance.now();
      this.session.launch([offerId], taskInfos, 0.05).then(
        (answer) => {
          this.acceptLog.push({ sentAtMs, answeredAtMs: performance.now(), ok: true });
          const launched = new Set(answer.launchedTaskIds.map((t) => t.value));
          for (const taskId of taskIds) {
            const entry = this.entry(taskId);
            if (entry.phase !== 'accepting') continue; // an update came first
            if (launched.has(taskId)) entry.phase = 'launched';
            else this.launchAgain(entry); // dropped at the Accept (its agent was away): the master kept nothing
          }
        },
        () => {
          this.acceptLog.push({ sentAtMs, answeredAtMs: performance.now(), ok: false });
          this.acceptFailures++;
          for (const taskId of taskIds) {
            const entry = this.entry(taskId);
            if (entry.phase === 'accepting') entry.phase = 'unsure';
          }
          this.reconcileInDoubt(false);
        },
      );
    }
  }

  private entry(taskId: string): TaskEntry {
    const entry = this.tasks.get(taskId);
    if (entry === undefined) throw new Error(`no task ${taskId}`);
    return entry;
  }

  private launchAgain(entry: TaskEntry): void {
    entry.phase = 'pending';
    entry.relaunches++;
  }

  private onUpdate(status: v1.TaskStatus__Output): void {
    const taskId = status.taskId?.value ?? '';
    const entry = this.tasks.get(taskId);
    if (entry === undefined) {
      this.anomalies.push({ taskId, what: `an update (${status.state}) for a task never launched` });
      return;
    }
    const state = taskStateFromProto(status.state);
    const aboutARefusedAccept =
      status.source === 'SOURCE_MASTER' &&
      status.reason !== 'REASON_RECONCILIATION' &&
      (state === 'TASK_ERROR' || state === 'TASK_DROPPED' || state === 'TASK_LOST') &&
      (entry.phase === 'accepting' || entry.phase === 'unsure');
    if (aboutARefusedAccept) {
      // The master's word on an Accept that failed: whether it kept the task, reconciliation says.
      entry.heard.push(state);
      return;
    }
    this.observe(entry, state);
  }

  /** A state heard for `entry` (an update, or the answer of a reconciliation). */
  private observe(entry: TaskEntry, state: TaskState): void {
    entry.heard.push(state);
    if (state === 'TASK_UNKNOWN') {
      if (entry.phase === 'unsure')
        this.launchAgain(entry); // never persisted: the same ID again
      else if (entry.phase === 'launched')
        this.anomalies.push({ taskId: entry.taskId, what: 'the leader does not know a launched task' });
      // ended: forgotten once acknowledged; accepting: the answer decides.
      return;
    }
    if (entry.phase === 'unsure') this.inDoubtKnown++;
    if (entry.phase === 'pending' && entry.accepts > 0) {
      this.anomalies.push({ taskId: entry.taskId, what: `${state} heard for a task given up as unknown` });
    }
    if (isTerminalTaskState(state)) {
      entry.terminal.add(state);
      entry.terminalUpdates++;
      entry.phase = 'ended';
    } else if (entry.phase !== 'ended') {
      entry.phase = 'launched';
    }
  }

  /**
   * Reconciles the tasks in doubt explicitly (and, on the period, the launched
   * ones that have not ended, to notice one the leader lost). One round at a
   * time; one that fails is tried again on the next period.
   */
  private reconcileInDoubt(includeLaunched: boolean): void {
    if (this.closed || this.reconciling || this.session.state !== 'subscribed') return;
    const named = [...this.tasks.values()]
      .filter((e) => e.phase === 'unsure' || (includeLaunched && e.phase === 'launched'))
      .map((e) => e.taskId);
    if (named.length === 0) return;
    this.reconciling = true;
    const rounds: Promise<void>[] = [];
    for (let at = 0; at < named.length; at += MAX_TASKS_PER_RECONCILE) {
      const chunk = named.slice(at, at + MAX_TASKS_PER_RECONCILE);
      this.reconcileCalls++;
      rounds.push(
        this.session.reconcile(chunk).then((statuses) => {
          for (const status of statuses) {
            const entry = this.tasks.get(status.taskId?.value ?? '');
            if (entry !== undefined) this.observe(entry, taskStateFromProto(status.state));
          }
        }),
      );
    }
    Promise.all(rounds)
      .catch(() => undefined)
      .finally(() => {
        this.reconciling = false;
      });
  }
}
