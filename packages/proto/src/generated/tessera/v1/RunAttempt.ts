// Original file: proto/tessera/v1/chronos.proto

/**
 * One attempt: one task.
 */
export interface RunAttempt {
  /**
   * 1, then 2… for retries
   */
  attempt?: number;
  taskId?: string;
  /**
   * RFC 3339 instants, "" when not yet.
   */
  launchedAt?: string;
  startedAt?: string;
  endedAt?: string;
  /**
   * "TASK_FINISHED", …
   */
  taskState?: string;
  exitCode?: number;
  agentId?: string;
  hostname?: string;
  message?: string;
  _exitCode?: 'exitCode';
}

/**
 * One attempt: one task.
 */
export interface RunAttempt__Output {
  /**
   * 1, then 2… for retries
   */
  attempt: number;
  taskId: string;
  /**
   * RFC 3339 instants, "" when not yet.
   */
  launchedAt: string;
  startedAt: string;
  endedAt: string;
  /**
   * "TASK_FINISHED", …
   */
  taskState: string;
  exitCode?: number;
  agentId: string;
  hostname: string;
  message: string;
  _exitCode?: 'exitCode';
}
