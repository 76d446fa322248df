/**
 * Instance and task IDs.
 *
 * - Instance ID: `<app id without its leading "/", each "/" replaced by ".">.instance-<uuid>`,
 *   e.g. app "/shop/web" → "shop.web.instance-8f2c…". The uuid is injected (the core
 *   makes no randomness) and is made of letters, digits and "-" only.
 * - Task ID: `<instance id>.<incarnation>`, the incarnation counting the slot's
 *   launches from 1: "shop.web.instance-8f2c….3" is the slot's third task.
 *
 * NOTE: the app id cannot be read back from an instance ID ("/a.b" and "/a/b"
 * both give "a.b."), so the tracker keeps each instance's app itself; a task ID
 * is parsed back to its instance only.
 */
import type { PathId } from './model.js';

const UUID = /^[0-9A-Za-z-]+$/;
const TASK_ID = /^(.+\.instance-[0-9A-Za-z-]+)\.([1-9][0-9]*)$/;

/** A uuid that cannot be part of an instance ID (empty, or with characters other than letters, digits and "-"). */
export class InvalidInstanceUuidError extends Error {
  override readonly name = 'InvalidInstanceUuidError';
  constructor(readonly uuid: string) {
    super(`instance uuid ${JSON.stringify(uuid)} must be letters, digits and "-" only`);
  }
}

/** The instance ID of a new instance of `appId` (absolute) with the given uuid. Throws InvalidInstanceUuidError. */
export function instanceIdFor(appId: PathId, uuid: string): string {
  if (!UUID.test(uuid)) throw new InvalidInstanceUuidError(uuid);
  return `${appId.replace(/^\//, '').replaceAll('/', '.')}.instance-${uuid}`;
}

/** The task ID of the slot's `incarnation`-th launch (an integer from 1). */
export function taskIdFor(instanceId: string, incarnation: number): string {
  if (!Number.isSafeInteger(incarnation) || incarnation < 1) {
    throw new RangeError(`incarnation must be an integer >= 1, got ${incarnation}`);
  }
  return `${instanceId}.${incarnation}`;
}

/** The instance and incarnation a task ID names; undefined when it is not one of ours in form. */
export function parseTaskId(taskId: string): { readonly instanceId: string; readonly incarnation: number } | undefined {
  const match = TASK_ID.exec(taskId);
  if (match === null) return undefined;
  const incarnation = Number(match[2]);
  if (!Number.isSafeInteger(incarnation)) return undefined;
  return { instanceId: match[1] as string, incarnation };
}
