/**
 * Marathon's `text/plain` form of `/v2/tasks` and `/v2/apps/{id}/tasks`, the
 * script-friendly list that service-discovery scripts (haproxy-marathon-bridge)
 * read. Columns are separated by a tab; each line ends in one:
 *
 *   <app id, "/" → "_", no leading "_">\t<service port>\t<host:hostPort>\t<host:hostPort>\t…
 *
 * One line per service port of the app (the n-th service port lists each
 * running task's n-th host port; 0 when the task has none). An app without
 * service ports has one line whose port column is " " and lists only hosts.
 * Entries are sorted, so the answer is deterministic. Only running tasks
 * count, and apps without running tasks still get their lines.
 */
import type { TaskJson } from '../api.js';

/** What the text needs of an app: its id and service ports (`portDefinitions[].port`). */
export interface EndpointsApp {
  readonly id: string;
  readonly portDefinitions: readonly { readonly port: number }[];
}

const TAB = '\t';

/** "/prod/web" → "prod_web" (Marathon's `PathId.safePath`). */
export function safePath(appId: string): string {
  return appId
    .split('/')
    .filter((segment) => segment !== '')
    .join('_');
}

/** The text for `apps`, with `tasks` (of any apps; those of other apps and not running are skipped). */
export function endpointsText(apps: readonly EndpointsApp[], tasks: readonly TaskJson[]): string {
  const running = new Map<string, TaskJson[]>();
  for (const task of tasks) {
    if (task.state !== 'TASK_RUNNING') continue;
    const list = running.get(task.appId) ?? [];
    list.push(task);
    running.set(task.appId, list);
  }
  let text = '';
  for (const app of apps) {
    const appTasks = running.get(app.id) ?? [];
    const name = safePath(app.id);
    const servicePorts = app.portDefinitions.map((definition) => definition.port);
    if (servicePorts.length === 0) {
      const hosts = appTasks.map((task) => task.host).sort();
      text += [name, ' ', ...hosts].map((column) => column + TAB).join('') + '\n';
      continue;
    }
    servicePorts.forEach((servicePort, index) => {
      const addresses = appTasks.map((task) => `${task.host}:${task.ports[index] ?? 0}`).sort();
      text += [name, String(servicePort), ...addresses].map((column) => column + TAB).join('') + '\n';
    });
  }
  return text;
}

/**
 * Whether an `Accept` header asks for the text form rather than JSON: the
 * quality of `text/plain` beats that of `application/json` (each taken from
 * its most specific media range: exact, then `type/*`, then `*\/*`). Absent or
 * `*\/*` alone: JSON, Marathon's default.
 */
export function prefersPlainText(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return false;
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((item) => item.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { range, quality: Number.isFinite(quality) ? quality : 0 };
  });
  const qualityOf = (type: string): number => {
    const [major] = type.split('/');
    for (const candidate of [type, `${major}/*`, '*/*']) {
      const found = ranges.find((item) => item.range === candidate);
      if (found !== undefined) return found.quality;
    }
    return 0;
  };
  return qualityOf('text/plain') > qualityOf('application/json');
}
