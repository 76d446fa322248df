import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { call, operatorClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import type { Cluster } from '../../support/cluster.js';
import type { TestFramework } from '../../support/framework.js';

/** The lines of a marks file (one per task start), none if it does not exist yet. */
export function readMarks(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** How many times each line occurs. */
export function countLines(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/**
 * Every task the leading master knows (asked of the leader, whichever master it
 * is now; retried until one answers within `timeoutMs`).
 */
export async function leaderTasks(cluster: Cluster, timeoutMs = 60_000): Promise<v1.TaskRecord__Output[]> {
  return waitFor(
    async () => {
      const leader = await cluster.leader(timeoutMs);
      const client = operatorClient(leader.address);
      try {
        const response = await call<v1.GetTasksRequest, v1.GetTasksResponse__Output>(client.GetTasks.bind(client), {});
        return response.tasks;
      } finally {
        client.close();
      }
    },
    { timeoutMs, intervalMs: 200, what: 'the leading master to list its tasks' },
  );
}

/** Operator.UpdateWeights on the leader, retried until a leader acknowledges it. */
export async function setWeightOnLeader(cluster: Cluster, role: string, weight: number): Promise<void> {
  await waitFor(
    async () => {
      const client = operatorClient((await cluster.leader()).address);
      try {
        await call<v1.UpdateWeightsRequest, unknown>(client.UpdateWeights.bind(client), {
          weights: [{ role, weight }],
        });
        return true;
      } finally {
        client.close();
      }
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `the leader to set weight ${role}=${weight}` },
  );
}

/** Operator.GetWeights of the leader. */
export async function leaderWeights(cluster: Cluster): Promise<v1.WeightInfo__Output[]> {
  return waitFor(
    async () => {
      const client = operatorClient((await cluster.leader()).address);
      try {
        return (await call<v1.GetWeightsRequest, v1.GetWeightsResponse__Output>(client.GetWeights.bind(client), {}))
          .weights;
      } finally {
        client.close();
      }
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'the leader to list its weights' },
  );
}

/**
 * A framework launching long-running tasks one after the other, one every
 * `paceMs` at most (the load's rate, not a wait for an event), until `stop()`
 * or `maxTasks`. Each task appends its ID to
 * `marksFile` when it starts, then sleeps: a task started twice leaves two marks.
 * A launch that fails (no leader, offer rescinded, master gone) is not retried
 * under the same ID; it is counted as attempted, not accepted.
 */
export class TaskLoad {
  /** Task IDs whose launch (Accept) the master acknowledged. */
  readonly accepted = new Set<string>();
  /** Task IDs whose launch was sent, acknowledged or not. */
  readonly attempted = new Set<string>();
  failures = 0;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly framework: TestFramework,
    private readonly marksFile: string,
    private readonly options: { prefix: string; maxTasks: number; paceMs: number; resources?: string },
  ) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    for (let index = 0; !this.stopped && index < this.options.maxTasks; index++) {
      if (index > 0) await delay(this.options.paceMs);
      const taskId = `${this.options.prefix}-${index}`;
      this.attempted.add(taskId);
      try {
        await this.framework.launch(
          taskId,
          { shell: true, value: `echo ${taskId} >> ${this.marksFile}; exec sleep 600` },
          this.options.resources ?? 'cpus:0.02;mem:8',
        );
        this.accepted.add(taskId);
      } catch {
        this.failures++;
      }
    }
  }

  /** Task IDs the framework was told are RUNNING (at any time). */
  seenRunning(): Set<string> {
    return new Set(
      this.framework.updates
        .filter((u) => u.state === 'TASK_RUNNING' && u.taskId?.value.startsWith(`${this.options.prefix}-`))
        .map((u) => u.taskId?.value ?? ''),
    );
  }

  /** Accepted or seen running: what the framework may count on. */
  acknowledged(): Set<string> {
    return new Set([...this.accepted, ...this.seenRunning()]);
  }

  /** Waits until `count` launches have been accepted in all. */
  async waitAccepted(count: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(() => this.accepted.size >= count, {
      timeoutMs,
      intervalMs: 50,
      what: `${count} accepted launches (have ${this.accepted.size}, ${this.failures} failed)`,
    });
  }

  /** Stops launching; resolves once the launch in flight, if any, has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}
