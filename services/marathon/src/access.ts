/**
 * Marathon's ACL rules that both doors (REST `rest/routes.ts`, gRPC
 * `grpc/service.ts`) apply, written once over `AppAccess` (@tessera/framework):
 * which paths a request, a task kill, a deployment or an event concerns, and
 * what a hidden app reads as.
 */
import type { AppAccess } from '@tessera/framework/service';
import type { MarathonApi } from './api.js';
import { UnknownAppError } from './core/errors.js';
import type { MarathonEventJson } from './events.js';

/**
 * Throws UnknownAppError (REST 404, gRPC NOT_FOUND) unless the caller may view
 * app `appId`. NOTE: an app one may not view answers as an app that does not
 * exist, so that reads tell nothing of it.
 */
export function requireViewableApp(access: AppAccess, appId: string): void {
  if (!access.canView(appId)) throw new UnknownAppError(appId);
}

/**
 * `change_apps` on the apps of the tasks `taskIds` (a kill by task ids). A
 * task not known is left to the api to refuse (or ignore, as Marathon does).
 * Without ACLs and audit log nothing is looked up.
 */
export async function authorizeTaskKill(
  access: AppAccess,
  api: MarathonApi,
  taskIds: readonly string[],
): Promise<void> {
  if (!access.decidesChanges) return;
  const appOf = new Map((await api.listTasks()).map((task) => [task.id, task.appId]));
  await access.change(
    taskIds.flatMap((id) => {
      const appId = appOf.get(id);
      return appId === undefined ? [] : [appId];
    }),
  );
}

/**
 * `change_apps` on every app deployment `deploymentId` affects (a cancel). A
 * deployment not known is left to the api to refuse. Without ACLs and audit
 * log nothing is looked up.
 */
export async function authorizeDeploymentCancel(
  access: AppAccess,
  api: MarathonApi,
  deploymentId: string,
): Promise<void> {
  if (!access.decidesChanges) return;
  const deployment = (await api.listDeployments()).find((d) => d.id === deploymentId);
  if (deployment !== undefined) await access.change(deployment.affectedApps);
}

/** The object of a group change: its id, or the root ("/") when none is given (POST /v2/groups without an id). */
export function groupObject(groupId: string | undefined): string {
  return groupId === undefined || groupId === '' ? '/' : groupId;
}

/** The root group's path: what an event that names no app concerns. */
const ROOT = '/';

/**
 * The app and group paths an event concerns:
 * - an instance or task event (`status_update_event`, `instance_changed_event`,
 *   `health_status_changed_event`, `unhealthy_instance_kill_event`,
 *   `app_terminated_event`): its app (`appId`, or `runSpecId`);
 * - a deployment event (`deployment_info`, `deployment_step_success`,
 *   `deployment_success`, `deployment_failed`): every app of its plan
 *   (`plan.affectedApps`);
 * - `group_change_success`: its group (`groupId`; Marathon's is always the root);
 * - any other (an event naming no app): the root, "/".
 */
export function eventPaths(event: MarathonEventJson): readonly string[] {
  for (const field of ['appId', 'runSpecId', 'groupId'] as const) {
    const path = event[field];
    if (typeof path === 'string' && path !== '') return [path];
  }
  const plan = event['plan'];
  if (typeof plan === 'object' && plan !== null) {
    const affected = (plan as { affectedApps?: unknown }).affectedApps;
    if (Array.isArray(affected) && affected.length > 0 && affected.every((id) => typeof id === 'string'))
      return affected as string[];
  }
  return [ROOT];
}

/**
 * Whether the caller may see `event` (`/v2/events` and gRPC StreamEvents):
 * only if it may view every path the event concerns (`eventPaths`). CHOICE: a
 * deployment event is dropped, not trimmed, for a caller who may not view all
 * of its apps, as `/v2/deployments` leaves out such a deployment (a trimmed
 * plan would still tell of the hidden apps' deployment, and Marathon clients
 * read plans whole); an event naming no app goes only to callers who may view
 * "/" (those who may view everything), as it may concern any app.
 */
export function canViewEvent(access: AppAccess, event: MarathonEventJson): boolean {
  // The stream's own greeting is about the stream, not about an app.
  if (event.eventType === 'event_stream_attached') return true;
  return !access.enforcing || access.canViewAll(eventPaths(event));
}
