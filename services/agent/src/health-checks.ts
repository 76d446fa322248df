/**
 * The wiring of task health checks: a task with a health check gets a
 * HealthChecker (`health-checker.ts`) once it is TASK_RUNNING and not being
 * killed (process backend only; simulated tasks are not checked), and loses it
 * when it is being killed or ends. Command checks run as the task's user, in
 * its sandbox, with its environment. What a result means for the task (a
 * TASK_RUNNING update with `healthy`, or a kill) is the tracker's decision: the
 * results go to the two callbacks.
 */
import type { Logger } from '@tessera/runtime';
import type { HealthCheckResult } from './core/health.js';
import { taskLaunchFor, type TaskRecord } from './core/task-tracker.js';
import type { TaskLaunch } from './core/types.js';
import { taskEnvironment } from './executor/environment.js';
import type { Executor } from './executor/types.js';
import { HealthChecker } from './health-checker.js';

export interface TaskHealthChecksOptions {
  readonly workDir: string;
  readonly executor: Executor;
  readonly executorBackend: 'process' | 'simulated';
  readonly logger: Logger;
  readonly now: () => number;
  /** The task as the tracker knows it now (undefined: unknown). */
  readonly find: (taskId: string) => TaskRecord | undefined;
  /** The agent ID, for the task's environment. */
  readonly agentId: () => string | undefined;
  /** The run's health changed (first known, or flipped). */
  readonly onHealthChanged: (record: TaskRecord, result: HealthCheckResult) => void;
  /** The run reached its consecutive failures: kill it. Its checker is stopped already. */
  readonly onKill: (record: TaskRecord, message: string) => void;
}

export class TaskHealthChecks {
  /** Health checkers of running tasks, by task ID. */
  private readonly checkers = new Map<string, HealthChecker>();
  private stopped = false;

  constructor(private readonly options: TaskHealthChecksOptions) {}

  /** How many tasks are being checked. */
  get size(): number {
    return this.checkers.size;
  }

  /**
   * Starts checking run `runId` of the task if it has a health check and is
   * TASK_RUNNING, not being killed (checked again once the task's user is
   * known). Replaces an earlier checker of the task. Nothing after `stopAll`.
   */
  start(taskId: string, runId: string): void {
    const record = this.options.find(taskId);
    if (record?.task.healthCheck === undefined || record.runId !== runId || this.stopped) return;
    if (this.options.executorBackend === 'simulated') return;
    const launch = taskLaunchFor(this.options.workDir, record.task, runId);
    // Command checks run as the task's user: resolved first, then the task must still be running.
    void (this.options.executor.userOf?.(launch) ?? Promise.resolve(undefined))
      .then((identity) => this.startChecker(launch, runId, identity))
      .catch((error: unknown) => this.options.logger.error({ err: error, taskId }, 'starting health checks failed'));
  }

  /** Stops checking the task (it is being killed or ended). Idempotent. */
  stop(taskId: string): void {
    this.checkers.get(taskId)?.stop();
    this.checkers.delete(taskId);
  }

  /** Stops every checker, and starts none from now on (the agent stops). */
  stopAll(): void {
    this.stopped = true;
    for (const checker of this.checkers.values()) checker.stop();
    this.checkers.clear();
  }

  private startChecker(
    launch: TaskLaunch,
    runId: string,
    identity: { readonly uid: number; readonly gid: number } | undefined,
  ): void {
    const { taskId } = launch;
    const record = this.options.find(taskId);
    const spec = record?.task.healthCheck;
    if (record === undefined || spec === undefined || record.runId !== runId || this.stopped) return;
    if (record.state !== 'TASK_RUNNING' || record.kill !== undefined) return;
    const environment = taskEnvironment(launch, { agentId: this.options.agentId(), path: process.env.PATH });
    this.checkers.get(taskId)?.stop();
    const checker = new HealthChecker({
      spec,
      sandbox: record.sandbox,
      environment,
      ...(identity === undefined ? {} : { identity }),
      now: this.options.now,
      onHealthChanged: (result) => this.options.onHealthChanged(record, result),
      onKill: (message) => {
        if (this.checkers.get(taskId) === checker) this.checkers.delete(taskId);
        this.options.onKill(record, message);
      },
    });
    this.checkers.set(taskId, checker);
  }
}
