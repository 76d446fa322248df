/**
 * `agent.json` in the agent's work directory: the agent ID the master gave it,
 * with the boot ID it was given under (a new boot means a new agent, as in
 * Mesos). Replaced atomically (write a temporary file, fsync, rename). Tasks and
 * unacknowledged status updates are in the journal (`journal.ts`).
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface AgentCheckpoint {
  readonly agentId: string;
  readonly bootId: string;
}

export function agentCheckpointPath(workDir: string): string {
  return join(workDir, 'agent.json');
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
