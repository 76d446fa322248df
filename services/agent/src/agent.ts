/**
 * The agent's shell around its core: one `tessera.v1.AgentRegistry/Connect`
 * stream to the master, the executor, and the work directory. Messages from the
 * master are converted at the edge and handed to the TaskTracker; its decisions
 * (launch, kill, status updates to send) are carried out here.
 *
 * Connection life: Register (no agent ID yet, or one checkpointed under another
 * boot ID) or Reregister (with the ID and every task the agent still knows),
 * then Ping/Pong and commands. When the stream breaks (or the master stays
 * silent for five ping intervals) the agent reconnects with backoff
 * (250 ms → 5 s, jittered) and re-registers with the same ID; unacknowledged
 * status updates are sent again right after re-registration.
 *
 * Health checks: a task with a health check gets a HealthChecker once it is
 * TASK_RUNNING (process backend only; simulated tasks are not checked). Health
 * changes become TASK_RUNNING updates with `healthy` and reason
 * REASON_TASK_HEALTH_CHECK_STATUS_UPDATED; reaching the consecutive failures
 * kills the task with its kill policy, and it ends TASK_KILLED with the same
 * reason, `healthy` false and a message saying the health check failed. The
 * checker stops when the task is being killed or ends.
 *
 * Fetching happens in the executor before the command starts (see
 * `executor/fetcher.ts`); a FetchError ends the task TASK_FAILED with
 * REASON_FETCHER_FAILED.
 *
 * Durability (with checkpointing): every change the tracker makes is journaled
 * (`journal.ts`) before it has effects outside — a run before it is launched,
 * an update before it is sent. A restarted agent of the same boot recovers from
 * the journal: it re-adopts running tasks through the executor, learns how the
 * others ended from their launchers, removes orphaned containers, and
 * re-registers with its ID. A new boot registers anew, naming the old agent ID
 * (`previous_agent_id`) so that the master marks it gone.
 */
import type * as grpc from '@grpc/grpc-js';
import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Attribute, Resource } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './core/backoff.js';
import { DEFAULT_STATUS_UPDATE_RETRY, type RetryPolicy } from './core/status-updates.js';
import { TaskTracker, taskLaunchFor, type AgentEffect, type TaskRecord } from './core/task-tracker.js';
import type { ExitOutcome, TaskLaunch } from './core/types.js';
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
import { InvalidTaskError } from './errors.js';
import { taskEnvironment } from './executor/environment.js';
import { FetchError, UnauthorizedLaunchError, type Executor } from './executor/types.js';
import { HealthChecker } from './health-checker.js';
import { collectSandboxes } from './sandbox/sandbox-gc.js';
import type { ContainerUsage } from './isolation/types.js';

export const AGENT_VERSION = '0.1.0';

/** The master is considered gone after this many ping intervals without a message. */
const MISSED_PINGS_BEFORE_RECONNECT = 5;
/** How long stop() waits for the master to close the stream after the agent half-closed it. */
const STOP_FLUSH_TIMEOUT_MS = 1_000;

type ConnectCall = grpc.ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;

export interface AgentOptions {
  /** Client of the master's AgentRegistry (the shell owns and closes it). */
  readonly client: v1.AgentRegistryClient;
  /** The master's address, for GetState. */
  readonly master: string;
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
  private readonly random: () => number;
  private readonly checkpointing: boolean;
  private endpoint = '';
  private httpPort = 0;
  private id: string | undefined;
  /** The registered master's advertised endpoint (MasterInfo.endpoint, else the configured address). */
  private masterEndpoint = '';
  private call: ConnectCall | undefined;
  private registered = false;
  private stopped = false;
  private refusal: string | undefined;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAtMs: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastHeardMs = 0;
  private changeScheduled = false;
  private checkpointWrite: Promise<void> = Promise.resolve();
  /** The write-ahead journal, once the agent has an ID (checkpointing only). */
  private journal: AgentJournal | undefined;
  /** Opening the journal failed: updates are sent without being journaled (logged), rather than never. */
  private journalUnavailable = false;
  /** The agent stopped and closed its journal. */
  private journalClosed = false;
  /** Uuids of updates whose journal write is in flight: not sent until durable. */
  private readonly notDurable = new Set<string>();
  /** Journal writes in flight, and what runs once they are all durable. */
  private journalWrites: Promise<void> = Promise.resolve();
  /** The agent ID checkpointed under an earlier boot: sent in Register so the master marks that agent gone. */
  private previousAgentId: string | undefined;
  private stopping: Promise<void> | undefined;
  private gcTimer: NodeJS.Timeout | undefined;
  private collecting = false;
  /** Health checkers of running tasks, by task ID. */
  private readonly healthCheckers = new Map<string, HealthChecker>();

  constructor(private readonly options: AgentOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.checkpointing = options.checkpoint ?? true;
    this.tracker = new TaskTracker({
      workDir: options.workDir,
      newUuid: options.newUuid ?? randomUUID,
      statusUpdateRetry: options.statusUpdateRetry ?? DEFAULT_STATUS_UPDATE_RETRY,
      journal: this.checkpointing,
    });
  }

  /** The agent ID the master gave (or the checkpointed one), once known. */
  agentId(): string | undefined {
    return this.id;
  }

  isRegistered(): boolean {
    return this.registered;
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
    this.connect();
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
    this.journal = journal;
    const now = this.now();
    const adopt = this.tracker.recover(recovered, now);
    const executor = this.options.executor;
    const running: typeof adopt = [];
    for (const task of adopt) {
      const { taskId } = task.launch;
      const runId = task.record.runId;
      if (executor.recover === undefined) {
        this.tracker.exited(
          taskId,
          runId,
          { killed: false, state: 'TASK_FAILED', message: 'The task did not survive the agent restart' },
          now,
        );
        continue;
      }
      const result = await executor.recover(
        { launch: task.launch, pid: task.pid, startTime: task.startTime },
        (outcome) => this.onExited(taskId, runId, outcome),
      );
      if (!result.adopted) continue;
      running.push(task);
      const record = this.tracker.find(taskId);
      if (record?.kill !== undefined) {
        this.apply([{ kind: 'kill', taskId, runId, gracePeriodMs: record.kill.gracePeriodMs }]);
      } else {
        this.startHealthChecks(taskId, runId);
      }
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
    this.changed();
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
    for (const checker of this.healthCheckers.values()) checker.stop();
    this.healthCheckers.clear();
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    if (keepTasks && this.options.executor.detach !== undefined) {
      this.options.executor.detach();
    } else {
      this.apply(this.tracker.killAll('agent-shutdown', this.now()));
      await this.options.executor.shutdown();
    }
    this.pump();
    await this.journalWrites;
    this.pump();
    this.clearTimers();
    await this.checkpointWrite;
    await this.journal
      ?.close()
      .catch((error: unknown) => this.logger.error({ err: error }, 'closing the journal failed'));
    const call = this.call;
    this.call = undefined;
    this.registered = false;
    this.stats.registered = false;
    if (call !== undefined) {
      // Half-close and give the master a moment to take the last updates and close its side.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_FLUSH_TIMEOUT_MS);
        call.once('status', () => {
          clearTimeout(timer);
          resolve();
        });
        call.end();
      });
      call.cancel();
    }
    this.options.client.close();
  }

  // ---------------------------------------------------------------- connection

  private connect(): void {
    if (this.stopped || this.refusal !== undefined) return;
    this.reconnectTimer = undefined;
    this.stats.connects += 1;
    const call = this.options.client.Connect();
    this.call = call;
    this.registered = false;
    this.lastHeardMs = this.now();
    call.on('data', (message: v1.MasterMessage__Output) => {
      try {
        this.onMessage(call, message);
      } catch (error) {
        this.logger.error({ err: error, message: message.message }, 'handling a master message failed');
      }
    });
    call.on('error', (error: grpc.ServiceError) => this.onStreamEnded(call, error));
    call.on('end', () => this.onStreamEnded(call, undefined));
    const info = this.info();
    if (this.id === undefined) {
      call.write({
        register: {
          agentInfo: info,
          version: AGENT_VERSION,
          ...(this.previousAgentId === undefined ? {} : { previousAgentId: { value: this.previousAgentId } }),
        },
      });
    } else {
      const tasks = this.tracker.reports().map((report) => ({
        frameworkId: { value: report.task.frameworkId },
        task: taskToProto(report.task, this.id),
        ...(report.latestStatus === undefined ? {} : { latestStatus: statusToProto(report.latestStatus, this.id) }),
      }));
      call.write({ reregister: { agentInfo: info, tasks, version: AGENT_VERSION } });
    }
  }

  private onStreamEnded(call: ConnectCall, error: grpc.ServiceError | undefined): void {
    if (this.call !== call) return;
    this.call = undefined;
    const wasRegistered = this.registered;
    this.registered = false;
    this.stats.registered = false;
    this.clearTimers();
    call.cancel();
    if (this.stopped || this.refusal !== undefined) return;
    const delayMs = reconnectDelayMs(
      this.options.reconnectBackoff ?? DEFAULT_RECONNECT_BACKOFF,
      this.reconnectAttempt++,
      this.random(),
    );
    const level = wasRegistered ? 'warn' : 'debug';
    this.logger[level](
      { err: error?.details ?? error?.message, master: this.options.master, delayMs },
      'master stream lost; reconnecting',
    );
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
    this.reconnectTimer.unref();
  }

  private clearTimers(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.retryTimer = undefined;
    this.retryAtMs = undefined;
    this.watchdog = undefined;
  }

  /** Breaks the stream when the master has been silent for five ping intervals (it will be re-opened). */
  private armWatchdog(pingIntervalSeconds: number): void {
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.watchdog = undefined;
    if (!(pingIntervalSeconds > 0)) return;
    const intervalMs = pingIntervalSeconds * 1000;
    this.watchdog = setInterval(() => {
      const call = this.call;
      if (call === undefined || this.now() - this.lastHeardMs <= intervalMs * MISSED_PINGS_BEFORE_RECONNECT) return;
      this.logger.warn({ silentMs: this.now() - this.lastHeardMs }, 'no message from the master; reconnecting');
      this.onStreamEnded(call, undefined);
    }, intervalMs);
    this.watchdog.unref();
  }

  private send(message: v1.AgentMessage): void {
    const call = this.call;
    if (call !== undefined && !call.writableEnded) call.write(message);
  }

  // ---------------------------------------------------------------- master messages

  private onMessage(call: ConnectCall, message: v1.MasterMessage__Output): void {
    if (this.call !== call) return;
    this.lastHeardMs = this.now();
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
      case 'ping':
        this.send({ pong: { sequence: message.ping?.sequence ?? 0 } });
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
        this.logger.info({ frameworkId }, 'shutting down framework');
        this.apply(this.tracker.shutdownFramework(frameworkId, this.now()));
        this.changed();
        break;
      }
      case 'drain': {
        const graceMs = gracePeriodMs(message.drain?.killPolicy);
        this.logger.info({ gracePeriodMs: graceMs }, 'draining');
        this.apply(this.tracker.drain(graceMs, this.now()));
        this.changed();
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
      if (this.call !== undefined) this.onStreamEnded(this.call, undefined);
      return;
    }
    const previous = this.id;
    if (previous !== undefined && previous !== agentId) {
      this.logger.warn({ previous, agentId }, 'the master gave this agent a new agent ID');
    }
    this.id = agentId;
    this.masterEndpoint = masterInfo?.endpoint || this.options.master;
    this.registered = true;
    this.stats.registered = true;
    this.stats.registrations += 1;
    this.reconnectAttempt = 0;
    this.logger.info({ agentId, reregistered: previous !== undefined }, 'registered with the master');
    if (this.checkpointing && previous !== agentId) {
      const checkpoint: AgentCheckpoint = { agentId, bootId: this.options.bootId };
      this.previousAgentId = undefined;
      const previousJournal = this.journal;
      this.journal = undefined;
      // NOTE: records made meanwhile wait in the tracker; the next pump writes them to the new journal.
      this.checkpointWrite = this.checkpointWrite
        .then(async () => {
          await previousJournal?.close();
          await writeAgentCheckpoint(this.options.workDir, checkpoint);
          const { journal } = await AgentJournal.open(this.options.workDir, checkpoint);
          if (this.id === agentId) this.journal = journal;
          else await journal.close();
        })
        .catch((error: unknown) => {
          this.journalUnavailable = true;
          this.logger.error(
            { err: error },
            'writing agent.json or opening the journal failed: nothing is checkpointed',
          );
        })
        .finally(() => this.changed());
    }
    this.armWatchdog(pingIntervalSeconds);
    this.tracker.registered();
    const now = this.now();
    for (const taskId of killTaskIds) {
      const record = this.tracker.find(taskId);
      if (record === undefined) continue;
      const decision = this.tracker.killTask(record.task.frameworkId, taskId, undefined, 'master', now);
      if (decision.kind === 'killing') this.apply(decision.effects);
    }
    this.changed();
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
      this.tracker.invalidTask(frameworkId, taskId, error.message, now);
      this.changed();
      return;
    }
    const decision = this.tracker.runTask(task, capabilitiesFromProto(runTask.frameworkInfo), now);
    switch (decision.kind) {
      case 'launch':
        this.launch(decision.effect);
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
    this.changed();
  }

  /** Launches once the run's journal record is durable (checkpointing), so a restarted agent knows of it. */
  private launch(effect: AgentEffect & { kind: 'launch' }): void {
    if (!this.checkpointing) {
      this.launchNow(effect);
      return;
    }
    // The journal opens after the first registration (checkpointWrite); then the run's record is written.
    void this.checkpointWrite
      .then(() => {
        this.flushJournal();
        return this.journalWrites;
      })
      .then(() => this.launchNow(effect));
  }

  private launchNow(effect: AgentEffect & { kind: 'launch' }): void {
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
          this.startHealthChecks(launch.taskId, runId);
          this.changed();
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
          this.tracker.launchFailed(launch.taskId, runId, message, this.now(), cause);
          this.changed();
        },
      )
      .catch((error: unknown) => this.logger.error({ err: error, taskId: launch.taskId }, 'launch bookkeeping failed'));
  }

  /** Starts the task's health checker if it has a health check and is TASK_RUNNING (not being killed). */
  private startHealthChecks(taskId: string, runId: string): void {
    const record = this.tracker.find(taskId);
    if (record?.task.healthCheck === undefined || record.runId !== runId || this.stopped) return;
    if (this.options.executorBackend === 'simulated') return;
    const launch = taskLaunchFor(this.options.workDir, record.task, runId);
    // Command checks run as the task's user: resolved first, then the task must still be running.
    void (this.options.executor.userOf?.(launch) ?? Promise.resolve(undefined))
      .then((identity) => this.startHealthChecker(launch, runId, identity))
      .catch((error: unknown) => this.logger.error({ err: error, taskId }, 'starting health checks failed'));
  }

  private startHealthChecker(
    launch: TaskLaunch,
    runId: string,
    identity: { readonly uid: number; readonly gid: number } | undefined,
  ): void {
    const { taskId } = launch;
    const record = this.tracker.find(taskId);
    const spec = record?.task.healthCheck;
    if (record === undefined || spec === undefined || record.runId !== runId || this.stopped) return;
    if (record.state !== 'TASK_RUNNING' || record.kill !== undefined) return;
    const launchEnvironment = taskEnvironment(launch, { agentId: this.id, path: process.env.PATH });
    this.healthCheckers.get(taskId)?.stop();
    const checker = new HealthChecker({
      spec,
      sandbox: record.sandbox,
      environment: launchEnvironment,
      ...(identity === undefined ? {} : { identity }),
      now: this.now,
      onHealthChanged: (result) => {
        const update = this.tracker.healthChanged(taskId, runId, result.healthy, result.message, this.now());
        if (update !== undefined) {
          this.logger.info({ taskId, healthy: result.healthy, check: result.message }, 'task health changed');
        }
        this.changed();
      },
      onKill: (message) => {
        this.healthCheckers.delete(taskId);
        this.logger.warn({ taskId, problem: message }, 'killing task: health check failed');
        const decision = this.tracker.killTask(
          record.task.frameworkId,
          taskId,
          undefined,
          'health-check',
          this.now(),
          message,
        );
        if (decision.kind === 'killing') this.apply(decision.effects);
        this.changed();
      },
    });
    this.healthCheckers.set(taskId, checker);
  }

  private stopHealthChecks(taskId: string): void {
    this.healthCheckers.get(taskId)?.stop();
    this.healthCheckers.delete(taskId);
  }

  private onExited(taskId: string, runId: string, outcome: ExitOutcome): void {
    const record = this.tracker.find(taskId);
    if (record?.runId === runId) {
      this.stopHealthChecks(taskId);
      // The garbage collection's delay counts from the end of the run.
      const now = new Date(this.now());
      void utimes(record.sandbox, now, now).catch(() => undefined);
    }
    try {
      this.tracker.exited(taskId, runId, outcome, this.now());
      this.logger.info(
        { taskId, exitCode: outcome.exitCode, signal: outcome.signal, killed: outcome.killed },
        'task ended',
      );
    } catch (error) {
      this.logger.error({ err: error, taskId }, 'recording a task exit failed');
    }
    this.changed();
  }

  private onKillTask(kill: v1._tessera_v1_MasterMessage_KillTask__Output): void {
    const frameworkId = kill.frameworkId?.value ?? '';
    const taskId = kill.taskId?.value ?? '';
    const cause = kill.reason === 'REASON_PREEMPTED' ? 'preempted' : 'request';
    const decision = this.tracker.killTask(frameworkId, taskId, gracePeriodMs(kill.killPolicy), cause, this.now());
    this.logger.info({ taskId, frameworkId, outcome: decision.kind }, 'kill task');
    if (decision.kind === 'killing') this.apply(decision.effects);
    this.changed();
  }

  private onAcknowledge(ack: v1._tessera_v1_MasterMessage_Acknowledge__Output): void {
    const result = this.tracker.acknowledge(ack.uuid);
    if (result.kind === 'acknowledged') {
      this.stats.statusUpdatesAcknowledged += 1;
    } else {
      this.logger.debug({ uuid: ack.uuid, taskId: ack.taskId?.value, result: result.kind }, 'acknowledgement ignored');
    }
    this.changed();
  }

  private onRefused(message: string): void {
    this.refusal = message;
    this.logger.error({ message }, 'the master refused this agent; no longer connecting');
    const call = this.call;
    this.call = undefined;
    this.registered = false;
    this.stats.registered = false;
    this.clearTimers();
    if (call !== undefined) {
      call.end();
      call.cancel();
    }
    this.options.onRefused?.(message);
  }

  // ---------------------------------------------------------------- effects

  private apply(effects: readonly AgentEffect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'launch') {
        this.launch(effect);
      } else {
        this.stopHealthChecks(effect.taskId);
        this.options.executor
          .kill(effect.taskId, effect.gracePeriodMs)
          .catch((error: unknown) => this.logger.error({ err: error, taskId: effect.taskId }, 'kill failed'));
      }
    }
  }

  /** After any change: journal it, send due updates, announce Drained; coalesced to once per turn. */
  private changed(): void {
    if (this.changeScheduled) return;
    this.changeScheduled = true;
    queueMicrotask(() => {
      this.changeScheduled = false;
      this.pump();
      if (this.registered && this.tracker.takeDrained()) {
        this.logger.info('drained');
        this.send({ drained: {} });
      }
    });
  }

  /**
   * Writes the tracker's new journal records (group-committed by the journal);
   * their updates are held back from sending until the write is durable, and
   * the write's completion pumps again. Without checkpointing, or before the
   * journal is open (no agent ID yet), records are dropped or wait respectively.
   */
  private flushJournal(): void {
    if (!this.checkpointing || this.journalUnavailable || this.journalClosed) {
      this.tracker.takeJournal();
      return;
    }
    const journal = this.journal;
    if (journal === undefined) return;
    const records = this.tracker.takeJournal();
    if (records.length === 0) return;
    const uuids: string[] = [];
    for (const record of records) if (record.t === 'update') uuids.push(record.update.uuid);
    for (const uuid of uuids) this.notDurable.add(uuid);
    const written = journal.append(records).then(
      () => {
        for (const uuid of uuids) this.notDurable.delete(uuid);
        this.pump();
      },
      (error: unknown) => {
        // NOTE: the updates are still sent (at least once beats never); only their durability was lost.
        this.logger.error({ err: error, records: records.length }, 'journal write failed');
        for (const uuid of uuids) this.notDurable.delete(uuid);
        this.pump();
      },
    );
    this.journalWrites = Promise.all([this.journalWrites, written]).then(() => undefined);
  }

  /** Journals what changed, sends the status updates that are due and durable, and sets the retry timer. */
  private pump(): void {
    this.flushJournal();
    if (!this.registered || this.call === undefined) return;
    // Until the journal is open (just after the first registration), nothing new is durable: send nothing.
    if (this.checkpointing && this.journal === undefined && !this.journalUnavailable) return;
    const now = this.now();
    const durable = (update: { uuid: string }) => !this.notDurable.has(update.uuid);
    for (const update of this.tracker.updates.takeDue(now, durable)) {
      this.send(statusUpdateToProto(update, this.id));
      this.stats.statusUpdatesSent += 1;
    }
    let next = this.tracker.updates.nextRetryAt();
    // Held back until durable: the journal write's completion pumps again.
    if (next !== undefined && next <= now && this.notDurable.size > 0) next = undefined;
    if (next === this.retryAtMs) return;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAtMs = next;
    if (next === undefined || this.stopped) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.retryAtMs = undefined;
        this.pump();
      },
      Math.max(0, next - now),
    );
    this.retryTimer.unref();
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
    return this.registered ? this.masterEndpoint : '';
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
