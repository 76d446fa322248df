import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, operatorClient } from '@tessera/client';
import { isTerminalTaskState, type TaskState } from '@tessera/domain';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import type { ClusterMaster } from '../../support/cluster.js';
import type { ChaosFramework } from './chaos-framework.js';

/**
 * Where tasks leave their marks: each task's command appends its ID to one
 * file, so a task that ran twice shows twice. Tasks run as `nobody` when the
 * agent is root: the directory and file are writable by all.
 */
export class MarksFile {
  readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    this.path = join(dir, 'marks');
    writeFileSync(this.path, '');
    chmodSync(this.path, 0o666);
  }

  /** The shell line of a task that leaves its mark and exits 0. */
  command(): string {
    // NOTE: one short O_APPEND write per task: lines of tasks running at once do not interleave.
    return `echo "$TESSERA_TASK_ID" >> ${this.path}`;
  }

  /** How many times each task ID was written. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line !== '') counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    return counts;
  }
}

/** The leader's records of the framework's tasks (live, and ended ones it remembers): GetTasks. */
export async function leaderTasks(leader: ClusterMaster, frameworkId: string): Promise<v1.TaskRecord__Output[]> {
  const client = operatorClient(leader.address);
  try {
    const response = await call<v1.GetTasksRequest, v1.GetTasksResponse__Output>(client.GetTasks.bind(client), {
      frameworkId: { value: frameworkId },
    });
    return response.tasks;
  } finally {
    client.close();
  }
}

/** The leader's whole registry view of the framework's tasks: GetState's tasks. */
export async function leaderStateTasks(leader: ClusterMaster, frameworkId: string): Promise<v1.TaskRecord__Output[]> {
  const client = operatorClient(leader.address);
  try {
    const response = await call<v1.GetStateRequest, v1.GetStateResponse__Output>(client.GetState.bind(client), {});
    return response.tasks.filter((t) => t.frameworkId?.value === frameworkId);
  } finally {
    client.close();
  }
}

/**
 * Launches the masters sent again to a re-registering agent that did not have
 * them (persisted, never delivered: the leader died in between), from their logs.
 */
export function launchesResent(masters: readonly ClusterMaster[]): number {
  let total = 0;
  for (const master of masters) {
    let log = '';
    try {
      log = readFileSync(master.process.logFile, 'utf8');
    } catch {
      continue;
    }
    for (const match of log.matchAll(/"launchesResent":(\d+)/g)) total += Number(match[1]);
  }
  return total;
}

/** Terminal states in which a task's command never ran (the master decided without the agent running it). */
const NEVER_RAN: ReadonlySet<TaskState> = new Set(['TASK_DROPPED', 'TASK_ERROR']);

export interface Accounting {
  /** Every broken promise found, one line each; empty when every task is accounted for exactly once. */
  readonly problems: string[];
  /** Tasks by the terminal state the framework heard. */
  readonly byState: ReadonlyMap<string, number>;
  /** Tasks the leader still knows (live or remembered). */
  readonly knownToLeader: number;
  /** Terminal updates heard beyond the first, per task summed (at-least-once delivery). */
  readonly repeatedTerminalUpdates: number;
}

/**
 * Checks that every task the framework was to launch is accounted for
 * exactly once:
 * - it ended, in exactly one terminal state the framework heard (`expected`
 *   when given; a state in which nothing ran, TASK_DROPPED, is reported, not
 *   hidden, as a problem too when `expected` is given);
 * - it ran at most once: its ID is in the marks file at most once, and exactly
 *   once when it FINISHED;
 * - the leader knows each task at most once, in the state the framework
 *   heard; a task it does not know is one the framework heard end (ended
 *   tasks are forgotten once acknowledged, and the master remembers ended
 *   tasks only in memory, so a new leader knows none from before it led);
 * - nothing ran that the framework did not launch, and the framework saw no anomaly.
 */
export function accountFor(
  framework: ChaosFramework,
  marks: ReadonlyMap<string, number>,
  leader: readonly v1.TaskRecord__Output[],
  expected?: TaskState,
): Accounting {
  const problems: string[] = [];
  const byState = new Map<string, number>();
  let repeatedTerminalUpdates = 0;
  for (const entry of framework.tasks.values()) {
    const id = entry.taskId;
    const ran = marks.get(id) ?? 0;
    if (entry.phase !== 'ended') {
      problems.push(`${id}: not ended (${entry.phase}; heard ${entry.heard.join(' → ') || 'nothing'})`);
      continue;
    }
    const terminal = [...entry.terminal];
    repeatedTerminalUpdates += entry.terminalUpdates - 1;
    if (terminal.length !== 1) problems.push(`${id}: ended in several states: ${terminal.join(', ')}`);
    const state = terminal[0] as TaskState;
    byState.set(state, (byState.get(state) ?? 0) + 1);
    if (expected !== undefined && state !== expected) {
      problems.push(`${id}: ended ${state}, not ${expected} (heard ${entry.heard.join(' → ')}; ran ${ran} times)`);
    }
    if (state === 'TASK_FINISHED' && ran !== 1) problems.push(`${id}: FINISHED but ran ${ran} times`);
    else if (NEVER_RAN.has(state) && ran !== 0) problems.push(`${id}: ${state} but ran ${ran} times`);
    else if (ran > 1) problems.push(`${id}: ran ${ran} times`);
  }
  for (const [id, times] of marks) {
    if (!framework.tasks.has(id)) problems.push(`${id}: ran ${times} times but was never launched`);
  }
  const seen = new Map<string, number>();
  for (const record of leader) {
    const id = record.task?.taskId?.value ?? '';
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const entry = framework.tasks.get(id);
    const state = taskStateFromProto(record.status?.state ?? '');
    if (entry === undefined) {
      problems.push(`${id}: known to the leader (${state}) but never launched`);
      continue;
    }
    if (entry.phase === 'ended' && !entry.terminal.has(state)) {
      problems.push(`${id}: the leader says ${state}, the framework heard ${[...entry.terminal].join(', ')}`);
    }
    if (entry.phase !== 'ended' && isTerminalTaskState(state)) {
      problems.push(`${id}: the leader says ${state}, the framework never heard it end`);
    }
  }
  for (const [id, times] of seen) if (times > 1) problems.push(`${id}: the leader has it ${times} times`);
  for (const anomaly of framework.anomalies) problems.push(`${anomaly.taskId}: ${anomaly.what}`);
  return { problems, byState, knownToLeader: seen.size, repeatedTerminalUpdates };
}
