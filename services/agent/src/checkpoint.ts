/**
 * What the agent keeps in its work directory between runs:
 * - `agent.json`: the agent ID the master gave it, with the boot ID it was given
 *   under (a new boot means a new agent, as in Mesos);
 * - `status-updates.json`: unacknowledged status updates, so that they survive
 *   an agent restart (best effort: written shortly after each change, not before
 *   each send).
 * Files are replaced atomically (write a temporary file, fsync, rename). Full task
 * recovery (checkpointed tasks and processes) is a later issue.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTaskState } from '@tessera/domain';
import type { StatusUpdate } from './core/types.js';

export interface AgentCheckpoint {
  readonly agentId: string;
  readonly bootId: string;
}

export function agentCheckpointPath(workDir: string): string {
  return join(workDir, 'agent.json');
}

export function statusUpdatesPath(workDir: string): string {
  return join(workDir, 'status-updates.json');
}

let temporaryCounter = 0;

/** Replaces `path` with `value` as JSON, atomically: readers see the old or the new file, never a partial one. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${++temporaryCounter}`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(value)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function readAgentCheckpoint(workDir: string): Promise<AgentCheckpoint | undefined> {
  const value = await readJson(agentCheckpointPath(workDir));
  if (typeof value !== 'object' || value === null) return undefined;
  const { agentId, bootId } = value as Record<string, unknown>;
  if (typeof agentId !== 'string' || agentId === '' || typeof bootId !== 'string') return undefined;
  return { agentId, bootId };
}

export async function writeAgentCheckpoint(workDir: string, checkpoint: AgentCheckpoint): Promise<void> {
  await writeJsonAtomic(agentCheckpointPath(workDir), checkpoint);
}

interface StatusUpdatesFile {
  readonly agentId: string;
  readonly bootId: string;
  readonly updates: readonly StatusUpdate[];
}

/** The checkpointed updates, if they were written by this agent ID under this boot; malformed entries are skipped. */
export async function readStatusUpdates(workDir: string, owner: AgentCheckpoint): Promise<StatusUpdate[]> {
  const value = (await readJson(statusUpdatesPath(workDir))) as Partial<StatusUpdatesFile> | undefined;
  if (value?.agentId !== owner.agentId || value.bootId !== owner.bootId || !Array.isArray(value.updates)) return [];
  return value.updates.filter(
    (u): u is StatusUpdate =>
      typeof u === 'object' &&
      u !== null &&
      typeof u.uuid === 'string' &&
      typeof u.frameworkId === 'string' &&
      typeof u.taskId === 'string' &&
      typeof u.state === 'string' &&
      isTaskState(u.state) &&
      typeof u.timestampMs === 'number',
  );
}

export async function writeStatusUpdates(
  workDir: string,
  owner: AgentCheckpoint,
  updates: readonly StatusUpdate[],
): Promise<void> {
  const file: StatusUpdatesFile = { ...owner, updates };
  await writeJsonAtomic(statusUpdatesPath(workDir), file);
}
