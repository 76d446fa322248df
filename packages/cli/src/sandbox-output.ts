import { call, type AgentClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';

/**
 * Prints to stdout what a task's sandbox file holds from `offset` on, through
 * the agent's ReadFile, and resolves with the offset after it. Rejects with the
 * agent's error (e.g. NOT_FOUND while the task has no sandbox yet).
 */
export async function printSandboxFile(
  agent: AgentClient,
  taskId: string,
  path: string,
  offset: number,
): Promise<number> {
  let at = offset;
  for (;;) {
    const chunk = await call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(agent.ReadFile.bind(agent), {
      taskId: { value: taskId },
      path,
      offset: at,
      length: 0,
    });
    if (chunk.data.length === 0) return at;
    process.stdout.write(chunk.data);
    at += chunk.data.length;
  }
}
