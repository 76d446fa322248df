import { call, type AgentClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { isUnreachable, UnreachableError } from './user-errors.js';

/** Where a sandbox file is and where its bytes go. */
export interface SandboxFile {
  agent: AgentClient;
  /** The agent's gRPC address, for messages. */
  endpoint: string;
  taskId: string;
  /** "stdout" or "stderr" (a path in the sandbox). */
  path: string;
  /** Where the bytes are written (default: this process's stdout). */
  out?: NodeJS.WritableStream;
}

/**
 * Writes what a task's sandbox file holds from `offset` on, through the
 * agent's ReadFile, and resolves with the offset after it. Rejects with the
 * agent's error (e.g. NOT_FOUND while the task has no sandbox yet), or
 * UnreachableError when the agent cannot be reached.
 */
export async function printSandboxFile(file: SandboxFile, offset: number): Promise<number> {
  const out = file.out ?? process.stdout;
  let at = offset;
  for (;;) {
    const chunk = await call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(file.agent.ReadFile.bind(file.agent), {
      taskId: { value: file.taskId },
      path: file.path,
      offset: at,
      length: 0,
    }).catch((error: unknown) => {
      throw isUnreachable(error) ? new UnreachableError('agent', file.endpoint, { cause: error }) : error;
    });
    if (chunk.data.length === 0) return at;
    out.write(chunk.data);
    at += chunk.data.length;
  }
}
