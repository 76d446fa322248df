/**
 * The inputs of the files API — gRPC ListFiles and ReadFile (`api.ts`), HTTP
 * /files/browse and /files/read (`http-routes.ts`) — checked before anything is
 * looked up; what the sandbox itself bounds (path length, offset, length) is in
 * `sandbox-files.ts`. Every refusal is INVALID_ARGUMENT / 400 and says which
 * parameter was wrong, quoting at most QUOTED_CHARS of it.
 */
import type { Agent } from '../agent.js';
import type { TaskRecord } from '../core/task-tracker.js';
import { InvalidFileRequestError, UnknownTaskError } from '../errors.js';

/** The longest task ID the files API looks up, in UTF-8 bytes; no task this agent runs has a longer one. */
export const MAX_TASK_ID_BYTES = 1024;
/** Characters of a bad parameter quoted in an error message. */
const QUOTED_CHARS = 64;

/** One files API call's parameters; `offset` and `length` are still to be bounded by `readSandboxFile`. */
export interface FileRequest {
  readonly taskId: string;
  /** Relative to the sandbox; "" is the sandbox itself. */
  readonly path: string;
  readonly offset: number;
  /** 0: up to MAX_READ_BYTES. */
  readonly length: number;
}

/** The task whose sandbox a files API call names; InvalidFileRequestError for an overlong ID, UnknownTaskError for one it does not know. */
export function taskForFiles(agent: Agent, taskId: string): TaskRecord {
  const bytes = Buffer.byteLength(taskId);
  if (bytes > MAX_TASK_ID_BYTES) {
    throw new InvalidFileRequestError(`task_id is ${bytes} bytes long; at most ${MAX_TASK_ID_BYTES} are accepted`);
  }
  const record = taskId === '' ? undefined : agent.tracker.find(taskId);
  if (record === undefined) throw new UnknownTaskError(`task ${JSON.stringify(taskId)} is unknown to this agent`);
  return record;
}

/**
 * The parameters of an HTTP /files/* query (`task_id`, `path`, `offset`,
 * `length`, each at most once; absent: "", "", 0, 0). Numbers are written as
 * decimal digits only. Other keys are ignored.
 */
export function fileRequestFromQuery(query: unknown): FileRequest {
  const fields = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  return {
    taskId: single(fields, 'task_id') ?? '',
    path: single(fields, 'path') ?? '',
    offset: nonNegativeInteger(fields, 'offset'),
    length: nonNegativeInteger(fields, 'length'),
  };
}

function single(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value)) {
    throw new InvalidFileRequestError(`query parameter ${key} is given ${value.length} times; give it at most once`);
  }
  throw new InvalidFileRequestError(`query parameter ${key} must be a string`);
}

function nonNegativeInteger(fields: Record<string, unknown>, key: string): number {
  const value = single(fields, key);
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) {
    const quoted = JSON.stringify(value.length > QUOTED_CHARS ? `${value.slice(0, QUOTED_CHARS)}…` : value);
    throw new InvalidFileRequestError(`query parameter ${key} must be a non-negative integer, got ${quoted}`);
  }
  return Number(value);
}
