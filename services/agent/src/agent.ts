/**
 * The agent: orchestration of its core (the TaskTracker) and its shell. Messages
 * from the master are converted at the edge and handed to the tracker as
 * commands; each command returns one step (`TrackerStep`), and `apply` — the one
 * place that carries steps out — journals it, sends its updates and carries out
 * its launches and kills, in that order. The parts:
 *
 * - `master-link.ts`: the Connect stream to the master (Register or Reregister,
 *   then Ping/Pong and commands), its watchdog (five silent ping intervals) and
 *   reconnection with backoff (250 ms → 5 s, jittered); given several masters,
 *   it follows their leader (at once to a leader a follower names, else the
 *   next master). Unacknowledged status updates are sent again right after
 *   every re-registration.
 * - `durability.ts` (with checkpointing): every change the tracker makes is
 *   journaled (`journal.ts`) before it has effects outside — a run before it is
 *   launched, an update before it is sent, a kill before it is carried out. A
 *   restarted agent of the same boot recovers from the journal: it re-adopts
 *   running tasks through the executor, learns how the others ended from their
 *   launchers, removes orphaned containers, and re-registers with its ID. A new
 *   boot registers anew, naming the old agent ID (`previous_agent_id`) so that
 *   the master marks it gone.
 * - `health-checks.ts`: a task with a health check gets a HealthChecker once it
 *   is TASK_RUNNING (process backend only). Health changes become TASK_RUNNING
 *   updates with `healthy` and reason REASON_TASK_HEALTH_CHECK_STATUS_UPDATED;
 *   reaching the consecutive failures kills the task with its kill policy, and
 *   it ends TASK_KILLED with the same reason, `healthy` false and a message
 *   saying the health check failed. The checker stops when the task is being
 *   killed or ends.
 *
 * Fetching happens in the executor before the command starts (see
 * `executor/fetcher.ts`); a FetchError ends the task TASK_FAILED with
 * REASON_FETCHER_FAILED.
 */
import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Attribute, Resource } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import type { BackoffPolicy } from './core/backoff.js';
import { DEFAULT_STATUS_UPDATE_RETRY, type RetryPolicy } from './core/status-updates.js';
import {
  TaskTracker,
  taskLaunchFor,
  type AgentEffect,
  type LaunchEffect,
  type TaskRecord,
  type TrackerStep,
} from './core/task-tracker.js';
import type { ExitOutcome } from './core/types.js';
import { readAgentCheckpoint, writeAgentCheckpoint, type AgentCheckpoint } from './checkpoint.js';
import { AgentJournal } from './journal.js';
import {
  agentInfoToProto,
  capabilitiesFromProto,
  statusToProto,
  statusUpdateToProto,
  taskFromProto,
  taskToProto,
} from './convert.js';
import { Durability } from './durability.js';
import { InvalidTaskError } from './errors.js';
import { FetchError, UnauthorizedLaunchError, type Executor } from './executor/types.js';
import { TaskHealthChecks } from './health-checks.js';
import { MasterLink } from './master-link.js';
import { collectSandboxes } from './sandbox/sandbox-gc.js';
import type { ContainerUsage } from './isolation/types.js';

export const AGENT_VERSION = '0.1.0';

export interface AgentOptions {
  /** The masters' gRPC addresses: one, or several ("a:5050,b:5050"); the agent follows their leader. */
  readonly masters: string | readonly string[];
  /** Makes the AgentRegistry client of one master (the agent closes it when it moves on or stops). */
  readonly connectTo: (address: string) => v1.AgentRegistryClient;
  /** Absolute work directory (sandboxes, checkpoints). */
  readonly workDir: string;
  readonly hostname: string;
  readonly resources: readonly Resource[];
  readonly attributes: readonly Attribute[];
  readonly bootId: string;
  readonly executor: Executor;
  readonly executorBackend: 'process' | 'simulated';
  /** What GetState reports as the isolation: the isolator's kind ("cgroups-v1", "posix") or "simulated". */
  readonly isolation?: string;
  readonly logger: Logger;
  readonly statusUpdateRetry?: RetryPolicy;
  readonly reconnectBackoff?: BackoffPolicy;
  /** Keep agent.json and the journal (tasks, unacknowledged updates) in the work directory. Default true. */
  readonly checkpoint?: boolean;
  /** Sandboxes and meta directories of ended runs are removed this long after their last change. Default 1 week. */
  readonly sandboxGcDelayMs?: number;
  /** Called once when the master refuses this agent; the agent has stopped talking to the master by then. */
  readonly onRefused?: (message: string) => void;
  /** Injected for tests. */
  readonly now?: () => number;
  readonly newUuid?: () => string;
  readonly random?: () => number;
}

/** Counters for metrics and health. */
export interface AgentStats {
  registered: boolean;
  connects: number;
  registrations: number;
  statusUpdatesSent: number;
  statusUpdatesAcknowledged: number;
  tasksLaunched: number;
  /** Times a task was found listening on ports outside its resources (each new set once). */
  portViolations: number;
  /** Run directories removed by the sandbox garbage collection. */
  sandboxesCollected: number;
}

export class Agent {
  readonly tracker: TaskTracker;
  readonly stats: AgentStats = {
    registered: false,
    connects: 0,
    registrations: 0,
    statusUpdatesSent: 0,
    statusUpdatesAcknowledged: 0,
    tasksLaunched: 0,
    portViolations: 0,
    sandboxesCollected: 0,
  };
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly checkpointing: boolean;
  private readonly link: MasterLink;
  private readonly durability: Durability;
  private readonly health: TaskHealthChecks;
  private endpoint = '';
  private httpPort = 0;
  private id: string | undefined;
  /** The registered master's advertised endpoint (MasterInfo.endpoint, else the address the link used). */
  private masterEndpoint = '';
  private stopped = false;
  private refusal: string | undefined;
  /** The retry timer the latest step asked for (see TrackerStep.nextTickAtMs). */
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAtMs: number | undefined;
  /** The agent ID checkpointed under an earlier boot: sent in Register so the master marks that agent gone. */
  private previousAgentId: string | undefined;
  private stopping: Promise<void> | undefined;
  private gcTimer: NodeJS.Timeout | undefined;
  private collecting = false;

  constructor(private readonly options: AgentOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.checkpointing = options.checkpoint ?? true;
    this.tracker = new TaskTracker({
      workDir: options.workDir,
      newUuid: options.newUuid ?? randomUUID,
      statusUpdateRetry: options.statusUpdateRetry ?? DEFAULT_STATUS_UPDATE_RETRY,
      journal: this.checkpointing,
    });
    this.durability = new Durability({ checkpointing: this.checkpointing, logger: this.logger });
    this.link = new MasterLink({
      masters: options.masters,
      connectTo: options.connectTo,
      logger: this.logger,
      ...(options.reconnectBackoff === undefined ? {} : { reconnectBackoff: options.reconnectBackoff }),
      now: this.now,
      random: options.random ?? Math.random,
      onConnecting: () => {
        this.stats.connects += 1;
      },
      hello: () => this.hello(),
      onMessage: (message) => this.onMessage(message),
      onDisconnected: () => {
        this.stats.registered = false;
        this.apply(this.tracker.disconnected());
      },
    });
    this.health = new TaskHealthChecks({
      workDir: options.workDir,
      executor: options.executor,
      executorBackend: options.executorBackend,
      logger: this.logger,
      now: this.now,
      find: (taskId) => this.tracker.find(taskId),
      agentId: () => this.id,
      onHealthChanged: (record, result) => {
        const { taskId } = record.task;
        const update = this.apply(
          this.tracker.healthChanged(taskId, record.runId, result.healthy, result.message, this.now()),
        );
        if (update !== undefined) {
          this.logger.info({ taskId, healthy: result.healthy, check: result.message }, 'task health changed');
        }
      },
      onKill: (record, message) => {
        const { taskId, frameworkId } = record.task;
        this.logger.warn({ taskId, problem: message }, 'killing task: health check failed');
        this.apply(this.tracker.killTask(frameworkId, taskId, undefined, 'health-check', this.now(), message));
      },
    });
  }

  /** The agent ID the master gave (or the checkpointed one), once known. */
  agentId(): string | undefined {
    return this.id;
  }

  isRegistered(): boolean {
    return this.link.isRegistered();
  }

  /** The master's refusal message, if it refused this agent. */
  refused(): string | undefined {
    return this.refusal;
  }

  /**
   * Loads the checkpoint (agent ID for the same boot ID, unacknowledged updates)
   * and opens the stream to the master. `endpoint` is this agent's own gRPC
   * address ("" when it serves no API). Call once.
   */
  async start(endpoints: { endpoint: string; httpPort: number }): Promise<void> {
    this.endpoint = endpoints.endpoint;
    this.httpPort = endpoints.httpPort;
    if (this.checkpointing) {
      await mkdir(this.options.workDir, { recursive: true });
      const saved = await readAgentCheckpoint(this.options.workDir);
      if (saved !== undefined && saved.bootId === this.options.bootId) {
        this.id = saved.agentId;
        await this.recover(saved);
      } else if (saved !== undefined) {
        this.previousAgentId = saved.agentId;
        this.logger.info(
          { previousAgentId: saved.agentId, previousBootId: saved.bootId, bootId: this.options.bootId },
          'the machine rebooted since the last run: registering as a new agent',
        );
      }
    }
    if (this.options.executorBackend === 'process') this.scheduleGc(0);
    if (!this.stopped) this.link.start();
  }

  /** Sandbox garbage collection: now and then, every quarter of the delay (between 1 s and 10 min). */
  private scheduleGc(delayMs: number): void {
    const gcDelayMs = this.options.sandboxGcDelayMs ?? 7 * 24 * 3600 * 1000;
    this.gcTimer = setTimeout(() => {
      void this.collectSandboxes(gcDelayMs).finally(() => {
        if (!this.stopped) this.scheduleGc(Math.min(600_000, Math.max(1_000, gcDelayMs / 4)));
      });
    }, delayMs);
    this.gcTimer.unref();
  }

  /** Removes the sandboxes and meta directories of runs that ended more than `olderThanMs` ago. */
  async collectSandboxes(olderThanMs: number): Promise<string[]> {
    if (this.collecting) return [];
    this.collecting = true;
    try {
      const live = this.tracker.liveTasks();
      const keep = new Set(
        live.flatMap((r) => [r.sandbox, taskLaunchFor(this.options.workDir, r.task, r.runId).metaDir]),
      );
      const removed: string[] = [];
      for (const dir of ['sandboxes', 'meta']) {
        removed.push(
          ...(await collectSandboxes({
            sandboxesDir: join(this.options.workDir, dir),
            keep,
            olderThanMs,
            nowMs: this.now(),
            onError: (error, path) => this.logger.warn({ err: error, path }, 'sandbox garbage collection'),
          })),
        );
      }
      this.stats.sandboxesCollected += removed.length;
      if (removed.length > 0) this.logger.info({ removed: removed.length }, 'removed old sandboxes');
      return removed;
    } catch (error) {
      this.logger.warn({ err: error }, 'sandbox garbage collection failed');
      return [];
    } finally {
      this.collecting = false;
    }
  }

  /** The executor found a task listening on ports outside its resources. */
  portViolation(taskId: string, ports: readonly number[]): void {
    this.stats.portViolations += 1;
    this.logger.warn({ taskId, ports }, 'task listens on ports outside its ports resources');
  }

  /**
   * Recovers what an earlier agent process of this boot journaled: its tasks
   * (re-adopting the processes still running, and learning how the others
   * ended from their launchers), and its unacknowledged status updates. Then
   * removes containers that belong to no recovered task.
   */
  private async recover(owner: AgentCheckpoint): Promise<void> {
    const { journal, recovered } = await AgentJournal.open(this.options.workDir, owner);
    this.durability.use(journal);
    const now = this.now();
    const adopt = this.apply(this.tracker.recover(recovered, now));
    const executor = this.options.executor;
    const running: typeof adopt = [];
    for (const task of adopt) {
      const { taskId } = task.launch;
      const runId = task.record.runId;
      if (executor.recover === undefined) {
        const outcome: ExitOutcome = {
          killed: false,
          state: 'TASK_FAILED',
          message: 'The task did not survive the agent restart',
        };
        this.apply(this.tracker.exited(taskId, runId, outcome, now));
        continue;
      }
      const result = await executor.recover(
        { launch: task.launch, pid: task.pid, startTime: task.startTime },
        (outcome) => this.onExited(taskId, runId, outcome),
      );
      if (!result.adopted) continue;
      running.push(task);
      const killing = this.apply(this.tracker.adopted(taskId, runId, this.now()));
      if (!killing) this.health.start(taskId, runId);
    }
    // Containers of runs that ended while the agent was down (or whose removal was cut short) go now.
    const removed = await executor.cleanup?.(running.map((task) => task.launch));
    this.logger.info(
      {
        agentId: owner.agentId,
        journal: recovered.origin,
        tasks: recovered.liveRuns.length,
        adopted: running.length,
        endedWhileDown: adopt.length - running.length,
        diedWhileLaunching: recovered.liveRuns.length - adopt.length,
        pendingUpdates: recovered.pendingUpdates.length,
        orphanedContainersRemoved: removed ?? 0,
        skippedJournalLines: recovered.skippedLines,
      },
      'recovered from the checkpoint',
    );
  }

  /**
   * Stops the agent. With `keepTasks` (an agent restart: SIGTERM of the
   * binary, when it checkpoints) its tasks keep running for the next agent
   * process to recover; otherwise (dev mode, SIGUSR1) every task is killed and
   * its last updates are sent as far as possible. Then the journal is flushed
   * and the stream closed. Idempotent; the first call's choice wins.
   */
  stop(options: { keepTasks?: boolean } = {}): Promise<void> {
    this.stopping ??= this.shutdown(options.keepTasks === true);
    return this.stopping;
  }

  private async shutdown(keepTasks: boolean): Promise<void> {
    this.stopped = true;
    if (this.gcTimer !== undefined) clearTimeout(this.gcTimer);
    this.health.stopAll();
    this.link.halt();
    if (keepTasks && this.options.executor.detach !== undefined) {
      this.options.executor.detach();
    } else {
      this.apply(this.tracker.killAll('agent-shutdown', this.now()));
      await this.options.executor.shutdown();
    }
    // Every step so far is journaled and its updates are sent; later ones are no longer journaled.
    await this.durability.close();
    this.armRetryTimer(undefined);
    this.stats.registered = false;
    await this.link.close();
  }

  // ---------------------------------------------------------------- steps

  /**
   * Carries out a step of the tracker, in the order TrackerStep documents:
   * journal (durable), then send, then the executor's work; the retry timer is
   * set at once. Every step of the tracker goes through here. Returns the decision.
   */
  private apply<D>(step: TrackerStep<D>): D {
    this.durability.afterDurable(step.journal, () => {
      for (const update of step.send) {
        if (this.link.send(statusUpdateToProto(update, this.id))) this.stats.statusUpdatesSent += 1;
      }
      if (step.drained) {
        this.logger.info('drained');
        this.link.send({ drained: {} });
      }
      for (const effect of step.effects) this.carryOut(effect);
    });
    this.armRetryTimer(step.nextTickAtMs);
    return step.decision;
  }

  private carryOut(effect: AgentEffect): void {
    if (effect.kind === 'launch') {
      this.launch(effect);
      return;
    }
    this.health.stop(effect.taskId);
    this.options.executor
      .kill(effect.taskId, effect.gracePeriodMs)
      .catch((error: unknown) => this.logger.error({ err: error, taskId: effect.taskId }, 'kill failed'));
  }

  /** (Re)arms the one retry timer for `atMs` (undefined: none); the timer's `tick` is a step like any other. */
  private armRetryTimer(atMs: number | undefined): void {
    if (atMs === this.retryAtMs) return;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAtMs = atMs;
    if (atMs === undefined || this.stopped) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.retryAtMs = undefined;
        this.apply(this.tracker.tick(this.now()));
      },
      Math.max(0, atMs - this.now()),
    );
    this.retryTimer.unref();
  }

  private launch(effect: LaunchEffect): void {
    const { runId, launch } = effect;
    this.stats.tasksLaunched += 1;
    this.logger.info(
      { taskId: launch.taskId, frameworkId: launch.frameworkId, sandbox: launch.sandbox },
      'launching task',
    );
    this.options.executor
      .launch(launch, (outcome) => this.onExited(launch.taskId, runId, outcome))
      .then(
        ({ pid, startTime }) => {
          this.apply(this.tracker.launched(launch.taskId, runId, pid, this.now(), startTime));
          this.health.start(launch.taskId, runId);
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          const cause =
            error instanceof FetchError
              ? 'fetch'
              : error instanceof UnauthorizedLaunchError
                ? 'unauthorized'
                : 'launch';
          this.logger.warn(
            { taskId: launch.taskId, err: error },
            cause === 'fetch'
              ? 'fetch failed'
              : cause === 'unauthorized'
                ? 'task launch refused'
                : 'task launch failed',
          );
          this.apply(this.tracker.launchFailed(launch.taskId, runId, message, this.now(), cause));
        },
      )
      .catch((error: unknown) => this.logger.error({ err: error, taskId: launch.taskId }, 'launch bookkeeping failed'));
  }

  private onExited(taskId: string, runId: string, outcome: ExitOutcome): void {
    const record = this.tracker.find(taskId);
    if (record?.runId === runId) {
      this.health.stop(taskId);
      // The garbage collection's delay counts from the end of the run.
      const now = new Date(this.now());
      void utimes(record.sandbox, now, now).catch(() => undefined);
    }
    try {
      this.apply(this.tracker.exited(taskId, runId, outcome, this.now()));
      this.logger.info(
        { taskId, exitCode: outcome.exitCode, signal: outcome.signal, killed: outcome.killed },
        'task ended',
      );
    } catch (error) {
      this.logger.error({ err: error, taskId }, 'recording a task exit failed');
    }
  }

  // ---------------------------------------------------------------- master messages

  /** The first message on a new stream: Register without an agent ID, else Reregister with every task still known. */
  private hello(): v1.AgentMessage {
    const info = this.info();
    if (this.id === undefined) {
      return {
        register: {
          agentInfo: info,
          version: AGENT_VERSION,
          ...(this.previousAgentId === undefined ? {} : { previousAgentId: { value: this.previousAgentId } }),
        },
      };
    }
    const tasks = this.tracker.reports().map((report) => ({
      frameworkId: { value: report.task.frameworkId },
      task: taskToProto(report.task, this.id),
      ...(report.latestStatus === undefined ? {} : { latestStatus: statusToProto(report.latestStatus, this.id) }),
    }));
    return { reregister: { agentInfo: info, tasks, version: AGENT_VERSION } };
  }

  private onMessage(message: v1.MasterMessage__Output): void {
    switch (message.message) {
      case 'registered':
        if (message.registered) {
          this.onRegistered(
            message.registered.agentId?.value ?? '',
            message.registered.masterInfo,
            message.registered.pingIntervalSeconds,
            [],
          );
        }
        break;
      case 'reregistered':
        if (message.reregistered) {
          const kills = message.reregistered.killTaskIds.map((id) => id.value);
          this.onRegistered(
            message.reregistered.agentId?.value ?? '',
            message.reregistered.masterInfo,
            message.reregistered.pingIntervalSeconds,
            kills,
          );
        }
        break;
      case 'runTask':
        if (message.runTask) this.onRunTask(message.runTask);
        break;
      case 'killTask':
        if (message.killTask) this.onKillTask(message.killTask);
        break;
      case 'acknowledge':
        if (message.acknowledge) this.onAcknowledge(message.acknowledge);
        break;
      case 'shutdownFramework': {
        const frameworkId = message.shutdownFramework?.frameworkId?.value ?? '';
        const killing = this.apply(this.tracker.shutdownFramework(frameworkId, this.now()));
        this.logger.info({ frameworkId, killing }, 'shutting down framework');
        break;
      }
      case 'drain': {
        const graceMs = gracePeriodMs(message.drain?.killPolicy);
        this.logger.info({ gracePeriodMs: graceMs }, 'draining');
        this.apply(this.tracker.drain(graceMs, this.now()));
        break;
      }
      case 'refused':
        this.onRefused(message.refused?.message ?? '');
        break;
      default:
        this.logger.warn({ message: message.message }, 'unknown message from the master');
    }
  }

  private onRegistered(
    agentId: string,
    masterInfo: v1.MasterInfo__Output | null,
    pingIntervalSeconds: number,
    killTaskIds: readonly string[],
  ): void {
    if (agentId === '') {
      this.logger.error('the master registered this agent without an agent ID; reconnecting');
      this.link.reconnect();
      return;
    }
    const previous = this.id;
    if (previous !== undefined && previous !== agentId) {
      this.logger.warn({ previous, agentId }, 'the master gave this agent a new agent ID');
    }
    this.id = agentId;
    this.masterEndpoint = masterInfo?.endpoint || this.link.master;
    this.link.registeredOnStream(pingIntervalSeconds);
    this.stats.registered = true;
    this.stats.registrations += 1;
    this.logger.info({ agentId, reregistered: previous !== undefined }, 'registered with the master');
    if (this.checkpointing && previous !== agentId) {
      const checkpoint: AgentCheckpoint = { agentId, bootId: this.options.bootId };
      this.previousAgentId = undefined;
      // NOTE: what the tracker journals meanwhile waits for the new journal (and so do its sends and launches).
      this.durability.reopen(async () => {
        await writeAgentCheckpoint(this.options.workDir, checkpoint);
        return (await AgentJournal.open(this.options.workDir, checkpoint)).journal;
      });
    }
    const now = this.now();
    this.apply(this.tracker.registered(now));
    if (killTaskIds.length > 0) this.apply(this.tracker.killListed(killTaskIds, now));
  }

  private onRunTask(runTask: v1._tessera_v1_MasterMessage_RunTask__Output): void {
    const now = this.now();
    const info = runTask.task;
    const frameworkId = runTask.frameworkInfo?.id?.value ?? '';
    const taskId = info?.taskId?.value ?? '';
    if (info === null || taskId === '' || frameworkId === '') {
      this.logger.warn({ frameworkId, taskId }, 'RunTask without a task ID or framework ID; ignored');
      return;
    }
    let task;
    try {
      task = taskFromProto(runTask.frameworkInfo, info);
    } catch (error) {
      if (!(error instanceof InvalidTaskError)) throw error;
      this.logger.warn({ frameworkId, taskId, problem: error.message }, 'invalid task');
      this.apply(this.tracker.invalidTask(frameworkId, taskId, error.message, now));
      return;
    }
    const decision = this.apply(this.tracker.runTask(task, capabilitiesFromProto(runTask.frameworkInfo), now));
    switch (decision.kind) {
      case 'launch':
        break;
      case 'duplicate':
        this.logger.debug({ taskId }, 'RunTask for a live task; ignored');
        break;
      case 'terminal-again':
        this.logger.info({ taskId }, 'RunTask for a task that ended; answering its terminal status');
        break;
      case 'rejected':
        this.logger.warn({ taskId, state: decision.update.state, problem: decision.update.message }, 'task refused');
        break;
    }
  }

  private onKillTask(kill: v1._tessera_v1_MasterMessage_KillTask__Output): void {
    const frameworkId = kill.frameworkId?.value ?? '';
    const taskId = kill.taskId?.value ?? '';
    const cause = kill.reason === 'REASON_PREEMPTED' ? 'preempted' : 'request';
    const decision = this.apply(
      this.tracker.killTask(frameworkId, taskId, gracePeriodMs(kill.killPolicy), cause, this.now()),
    );
    this.logger.info({ taskId, frameworkId, outcome: decision.kind }, 'kill task');
  }

  private onAcknowledge(ack: v1._tessera_v1_MasterMessage_Acknowledge__Output): void {
    const result = this.apply(this.tracker.acknowledge(ack.uuid, this.now()));
    if (result.kind === 'acknowledged') {
      this.stats.statusUpdatesAcknowledged += 1;
    } else {
      this.logger.debug({ uuid: ack.uuid, taskId: ack.taskId?.value, result: result.kind }, 'acknowledgement ignored');
    }
  }

  private onRefused(message: string): void {
    this.refusal = message;
    this.logger.error({ message }, 'the master refused this agent; no longer connecting');
    this.link.refuse();
    this.stats.registered = false;
    this.apply(this.tracker.disconnected());
    this.options.onRefused?.(message);
  }

  // ---------------------------------------------------------------- queries (API)

  /** The AgentInfo this agent registers with. */
  info(): v1.AgentInfo {
    return agentInfoToProto({
      agentId: this.id,
      hostname: this.options.hostname,
      endpoint: this.endpoint,
      httpPort: this.httpPort,
      resources: this.options.resources,
      attributes: this.options.attributes,
      bootId: this.options.bootId,
      executorBackend: this.options.executorBackend,
    });
  }

  /** The master this agent is registered with ("" while not registered). */
  registeredMaster(): string {
    return this.link.isRegistered() ? this.masterEndpoint : '';
  }

  get workDir(): string {
    return this.options.workDir;
  }

  get executorBackend(): 'process' | 'simulated' {
    return this.options.executorBackend;
  }

  /** "cgroups-v1", "posix" or "simulated" (default: "posix" for the process backend). */
  get isolation(): string {
    return this.options.isolation ?? (this.options.executorBackend === 'simulated' ? 'simulated' : 'posix');
  }

  /** Usage of a live task's container, from the executor; undefined when it measures nothing. */
  async containerUsage(taskId: string): Promise<ContainerUsage | undefined> {
    return (await this.options.executor.usage?.(taskId).catch(() => undefined)) ?? undefined;
  }

  /** Live tasks, then remembered completed ones. */
  tasks(): readonly TaskRecord[] {
    return [...this.tracker.liveTasks(), ...this.tracker.completedTasks()];
  }

  taskToProto(record: TaskRecord): v1.AgentTask {
    return {
      frameworkId: { value: record.task.frameworkId },
      task: taskToProto(record.task, this.id),
      ...(record.latestStatus === undefined ? {} : { status: statusToProto(record.latestStatus, this.id) }),
      sandbox: record.sandbox,
      pid: record.pid ?? 0,
    };
  }
}

/** A kill policy's grace period in ms; absent or 0 means "the task's own" (undefined). */
function gracePeriodMs(policy: v1.KillPolicy__Output | null | undefined): number | undefined {
  const seconds = policy?.gracePeriodSeconds ?? 0;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}
